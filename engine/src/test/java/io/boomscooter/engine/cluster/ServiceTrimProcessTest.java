package io.boomscooter.engine.cluster;

import io.boomscooter.engine.log.LogReader;
import io.boomscooter.engine.service.CheckpointStore;
import io.boomscooter.engine.service.ServiceTestCalls;
import io.boomscooter.engine.service.examples.CounterService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 13, trim: with {@code boomscooter.services.trim} on, nodes release log segments their services have
 * checkpointed past — but never what a member that is down still needs: while node 3 is down nothing is
 * released; once it has caught up, every node releases, and a node killed afterwards recovers exactly from its
 * checkpoint and the log after it.
 */
class ServiceTrimProcessTest
{
    private static final long CALLS = 30_000;

    @TempDir
    Path tmp;

    @Test
    void segmentsBelowEveryCheckpointAndEveryMemberAreReleased() throws Exception
    {
        try (ClusterHarness cluster = new ClusterHarness(tmp, 3,
            "boomscooter.services=counter=" + CounterService.class.getName() + "\n" +
            "boomscooter.services.trim=true\n" +
            "boomscooter.services.checkpoint.calls=2000\n" +
            "boomscooter.services.checkpoint.interval.ms=500\n" +
            "boomscooter.log.segment.length=262144\n"))
        {
            cluster.start(1);
            cluster.start(2);
            try (ClusterHarness.Producer calls = new ClusterHarness.Producer(cluster.channels(1, 2, 3), CALLS, 6_000,
                "localhost", "svc/counter", (n, payload) -> ServiceTestCalls.impulse(payload, CounterService.INCREMENT, 1)))
            {
                calls.awaitCommitted(CALLS / 2, 60);
                await(() -> checkpointSeqno(cluster, 1) > 5_000 && checkpointSeqno(cluster, 2) > 5_000, 30,
                    () -> "checkpoints on nodes 1 and 2");
                Thread.sleep(2_500); // more than two trim intervals: a release would have happened by now
                assertEquals(1, firstHeld(cluster, 1), "node 3 is down and needs everything: node 1 releases nothing");
                assertEquals(1, firstHeld(cluster, 2), "node 2 neither");
                cluster.start(3);
                calls.awaitCommitted(CALLS, 90);
            }
            for (int node = 1; node <= 3; node++)
            {
                final int n = node;
                await(() -> firstHeld(cluster, n) > 1, 60, () -> "node " + n + " released segments: first held " +
                    firstHeld(cluster, n) + ", checkpoint " + checkpointSeqno(cluster, n) + cluster.diagnostics());
            }
            cluster.kill(2);
            cluster.start(2);
            for (int node = 1; node <= 3; node++)
            {
                assertEquals(CALLS, counterTotal(cluster, node), "node " + node + " counter after trim and restart");
            }
        }
    }

    private static long firstHeld(final ClusterHarness cluster, final int node)
    {
        try (LogReader reader = LogReader.open(cluster.logDir(node)))
        {
            return reader.earliestSeqno();
        }
    }

    private static long checkpointSeqno(final ClusterHarness cluster, final int node)
    {
        final CheckpointStore.Snapshot newest = new CheckpointStore(cluster.dataDir(node), "counter").readNewest();
        return null == newest ? 0 : newest.seqno;
    }

    private static long counterTotal(final ClusterHarness cluster, final int node) throws Exception
    {
        final CheckpointStore store = new CheckpointStore(cluster.dataDir(node), "counter");
        final long[] total = {-1};
        await(() ->
        {
            final CheckpointStore.Snapshot newest = store.readNewest();
            total[0] = null == newest ? -1 : ByteBuffer.wrap(newest.state).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            return total[0] >= CALLS;
        }, 60, () -> "node " + node + " checkpointed " + total[0] + " of " + CALLS + " increments");
        return total[0];
    }

    private static void await(final BooleanSupplier condition, final long timeoutS, final Supplier<String> why)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail(why.get());
            }
            Thread.sleep(50);
        }
    }
}
