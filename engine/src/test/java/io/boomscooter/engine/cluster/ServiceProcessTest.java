package io.boomscooter.engine.cluster;

import io.boomscooter.engine.service.AsyncCallerService;
import io.boomscooter.engine.service.CheckpointStore;
import io.boomscooter.engine.service.ServiceTestCalls;
import io.boomscooter.engine.service.examples.CounterService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 13: exactly-once services on the replicated log, with real node processes killed with -9. After the
 * run every node is asked (through the log) to checkpoint, and each node's checkpoint must hold exactly the
 * calls sent: none lost, none repeated, whatever was killed on the way.
 */
class ServiceProcessTest
{
    private static final String SERVICES =
        "boomscooter.services=counter=" + CounterService.class.getName() + ",caller=" +
        AsyncCallerService.class.getName() + "\n" +
        "boomscooter.services.checkpoint.calls=20000\n" +
        "boomscooter.services.checkpoint.interval.ms=2000\n";

    @TempDir
    Path tmp;

    @Test
    void counterEndsExactAfterKillsOfReplicasAndTheLeader() throws Exception
    {
        final long perCaller = Long.getLong("boomscooter.test.service.calls", 500_000);
        final long rate = 12_000;
        try (ClusterHarness cluster = new ClusterHarness(tmp, 3, ClusterHarness.AUTOMATIC_FAILOVER + SERVICES))
        {
            cluster.startAll();
            try (ClusterHarness.Producer a = counterCaller(cluster, perCaller, rate);
                ClusterHarness.Producer b = counterCaller(cluster, perCaller, rate))
            {
                a.awaitCommitted(perCaller / 5, 60);
                cluster.kill(3);
                cluster.start(3);
                a.awaitCommitted(perCaller * 2 / 5, 60);
                cluster.kill(2);
                cluster.start(2);
                a.awaitCommitted(perCaller * 3 / 5, 60);
                cluster.kill(3);
                cluster.start(3);
                a.awaitCommitted(perCaller * 4 / 5, 60);
                cluster.kill(1); // the leader: a replica takes over, its services carry on
                b.awaitCommitted(perCaller * 4 / 5, 60);
                cluster.start(1);
                a.awaitCommitted(perCaller, 120);
                b.awaitCommitted(perCaller, 120);
            }
            final long expected = 2 * perCaller;
            for (int node = 1; node <= 3; node++)
            {
                final ByteBuffer state = checkpointedState(cluster, node, "counter", expected);
                assertEquals(expected, state.getLong(0), "node " + node + " counter total" + cluster.diagnostics());
                assertEquals(expected, state.getLong(8), "node " + node + " increments");
            }
        }
    }

    @Test
    void asyncCallsBetweenServicesGetEachResultOnceAcrossKills() throws Exception
    {
        final long count = 40_000;
        try (ClusterHarness cluster = new ClusterHarness(tmp, 3, ClusterHarness.AUTOMATIC_FAILOVER + SERVICES))
        {
            cluster.startAll();
            try (ClusterHarness.Producer go = new ClusterHarness.Producer(cluster.channels(1, 2, 3), count, 4_000,
                "localhost", "svc/caller", (n, payload) -> ServiceTestCalls.impulse(payload, AsyncCallerService.GO, n)))
            {
                go.awaitCommitted(count / 4, 60);
                cluster.kill(2);
                cluster.start(2);
                go.awaitCommitted(count / 2, 60);
                cluster.kill(1);
                go.awaitCommitted(count * 3 / 4, 60);
                cluster.start(1);
                go.awaitCommitted(count, 120);
            }
            for (int node = 1; node <= 3; node++)
            {
                final ByteBuffer caller = checkpointedState(cluster, node, "caller", count);
                assertEquals(count, caller.getLong(0), "node " + node + " calls made");
                assertEquals(count, caller.getLong(8), "node " + node + " results received" + cluster.diagnostics());
                assertEquals(0, caller.getLong(16), "node " + node + " results out of order or repeated");
                final ByteBuffer counter = checkpointedState(cluster, node, "counter", count);
                assertEquals(count, counter.getLong(0), "node " + node + " counter total");
            }
        }
    }

    private static ClusterHarness.Producer counterCaller(final ClusterHarness cluster, final long count, final long rate)
    {
        return new ClusterHarness.Producer(cluster.channels(1, 2, 3), count, rate, "localhost", "svc/counter",
            (n, payload) -> ServiceTestCalls.impulse(payload, CounterService.INCREMENT, 1));
    }

    /**
     * Asks every node, through the log, to checkpoint the service, and waits until this node's newest
     * checkpoint has handled {@code calls} (or times out saying what it holds).
     */
    private static ByteBuffer checkpointedState(final ClusterHarness cluster, final int node, final String service,
        final long calls) throws Exception
    {
        final CheckpointStore store = new CheckpointStore(cluster.dataDir(node), service);
        try (ClusterHarness.Producer request = new ClusterHarness.Producer(cluster.channels(1, 2, 3), 1, 0,
            "localhost", "svc/" + service, (n, payload) -> ServiceTestCalls.checkpoint(payload)))
        {
            request.awaitCommitted(1, 60);
        }
        final CheckpointStore.Snapshot[] newest = new CheckpointStore.Snapshot[1];
        await(() ->
        {
            newest[0] = store.readNewest();
            return null != newest[0] && stateCalls(service, newest[0]) >= calls;
        }, 60, () -> "node " + node + " service " + service + " never checkpointed " + calls + " calls: " +
            (null == newest[0] ? "no checkpoint" : "seqno " + newest[0].seqno + " handled " + newest[0].callsHandled) +
            cluster.diagnostics());
        return ByteBuffer.wrap(newest[0].state).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @return the calls the state says it handled: both test services keep that count at offset 8.
     */
    private static long stateCalls(final String service, final CheckpointStore.Snapshot snapshot)
    {
        return snapshot.state.length < 16 ? -1 :
            ByteBuffer.wrap(snapshot.state).order(ByteOrder.LITTLE_ENDIAN).getLong(8);
    }

    private static void await(final java.util.function.BooleanSupplier condition, final long timeoutS,
        final java.util.function.Supplier<String> why) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                org.junit.jupiter.api.Assertions.fail(why.get());
            }
            Thread.sleep(50);
        }
    }
}
