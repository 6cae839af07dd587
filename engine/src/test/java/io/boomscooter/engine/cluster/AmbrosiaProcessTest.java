package io.boomscooter.engine.cluster;

import io.boomscooter.engine.cli.ChildJvm;
import io.boomscooter.engine.service.AmbrosiaWireClient;
import io.boomscooter.engine.service.CheckpointStore;
import io.boomscooter.engine.service.ServiceTestCalls;
import io.boomscooter.engine.service.examples.CounterService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13: a service in another process that speaks only the AMBROSIA wire format ({@link AmbrosiaWireClient},
 * bytes built by hand) attaches to node 1's coordinator of a three-node cluster, in both connection styles and
 * both checkpoint-length encodings: first start (TakeBecomingPrimaryCheckpoint, InitialMessage, checkpoint),
 * normal calls, checkpoints, kill -9 of the client and recovery from its checkpoint plus the replay, and its
 * own calls to a Java service logged exactly once across the kill.
 */
class AmbrosiaProcessTest
{
    private static final long CALLS = 3_000;

    @TempDir
    Path tmp;

    @Test
    void currentClientsConnectToBothPortsWithZigZagCheckpointLengths() throws Exception
    {
        run("connect", "zigzag");
    }

    @Test
    void nativeClientListensOnTheSendPortWithFixedCheckpointLengths() throws Exception
    {
        run("listen", "fixed64");
    }

    private void run(final String style, final String encoding) throws Exception
    {
        final int port = 27000 + ThreadLocalRandom.current().nextInt(0, 1000) * 2;
        try (ClusterHarness cluster = new ClusterHarness(tmp, 3,
            "boomscooter.services=counter=" + CounterService.class.getName() + "\n"))
        {
            Files.writeString(cluster.config(1),
                "boomscooter.ambrosia.services=hello\n" +
                "boomscooter.ambrosia.hello.receive.port=" + port + "\n" +
                "boomscooter.ambrosia.hello.send.port=" + (port + 1) + "\n" +
                "boomscooter.ambrosia.hello.send.connect=" + "listen".equals(style) + "\n" +
                "boomscooter.ambrosia.hello.checkpoint.length=" + encoding + "\n" +
                "boomscooter.services.checkpoint.calls=500\n", StandardOpenOption.APPEND);
            cluster.startAll();
            final String[] clientArgs = {"127.0.0.1", Integer.toString(port), Integer.toString(port + 1), style, encoding};
            ChildJvm client = ChildJvm.start(AmbrosiaWireClient.class, clientArgs);
            try
            {
                assertTrue(null != client.awaitLine("ATTACHED first"::equals, 60, TimeUnit.SECONDS),
                    "first start: " + client.lines() + cluster.diagnostics());
                try (ClusterHarness.Producer calls = new ClusterHarness.Producer(cluster.channels(1, 2, 3), CALLS, 500,
                    "localhost", "svc/hello", (n, payload) -> ServiceTestCalls.impulse(payload, 1, n)))
                {
                    calls.awaitCommitted(CALLS / 3, 60);
                    assertTrue(null != client.awaitLine(l -> l.startsWith("CHECKPOINT increments=") &&
                        !l.startsWith("CHECKPOINT increments=0 "), 60, TimeUnit.SECONDS),
                        "a checkpoint after 500 calls: " + client.lines());
                    client.kill();
                    client.waitFor(30, TimeUnit.SECONDS);
                    calls.awaitCommitted(CALLS / 2, 60);
                    client = ChildJvm.start(AmbrosiaWireClient.class, clientArgs);
                    assertTrue(null != client.awaitLine("ATTACHED recovered"::equals, 60, TimeUnit.SECONDS),
                        "recovery: " + client.lines() + cluster.diagnostics());
                    calls.awaitCommitted(CALLS, 90);
                }
                try (ClusterHarness.Producer request = new ClusterHarness.Producer(cluster.channels(1, 2, 3), 1, 0,
                    "localhost", "svc/hello", (n, payload) -> ServiceTestCalls.checkpoint(payload)))
                {
                    request.awaitCommitted(1, 60);
                }
                final String expected = "CHECKPOINT increments=" + CALLS + " sum=" + CALLS * (CALLS + 1) / 2 +
                    " initial=1 calls=" + CALLS / 100;
                assertTrue(null != client.awaitLine(expected::equals, 60, TimeUnit.SECONDS),
                    "every call once, the initial message once: " + client.lines() + cluster.diagnostics());
            }
            finally
            {
                client.close();
            }
            // the client's calls to the Java counter service: each logged once though the client replayed
            for (int node = 1; node <= 3; node++)
            {
                assertEquals(CALLS / 100, counterTotal(cluster, node), "node " + node + " counter");
            }
        }
    }

    private static long counterTotal(final ClusterHarness cluster, final int node) throws Exception
    {
        try (ClusterHarness.Producer request = new ClusterHarness.Producer(cluster.channels(1, 2, 3), 1, 0,
            "localhost", "svc/counter", (n, payload) -> ServiceTestCalls.checkpoint(payload)))
        {
            request.awaitCommitted(1, 60);
        }
        final CheckpointStore store = new CheckpointStore(cluster.dataDir(node), "counter");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long total = -1;
        while (System.nanoTime() < deadline)
        {
            final CheckpointStore.Snapshot newest = store.readNewest();
            if (null != newest && newest.state.length >= 16)
            {
                total = ByteBuffer.wrap(newest.state).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
                if (total >= CALLS / 100)
                {
                    return total;
                }
            }
            Thread.sleep(50);
        }
        return total;
    }
}
