package io.boomscooter.engine.cluster;

import io.boomscooter.engine.log.LogEntryView;
import io.boomscooter.engine.log.LogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three real node processes on loopback; each test compares every node's log entry by entry afterwards.
 */
class ClusterProcessTest
{
    private static final long MILLION = 1_000_000;

    @TempDir
    Path tmp;

    @Test
    void threeNodesMillionEntriesIdenticalLogs() throws Exception
    {
        try (ClusterHarness cluster = new ClusterHarness(tmp, 3, ""))
        {
            cluster.startAll();
            try (ClusterHarness.Producer producer = new ClusterHarness.Producer(cluster.channels(1, 2, 3), MILLION, 0))
            {
                producer.awaitCommitted(MILLION, 240);
            }
            cluster.awaitEqualLogs(MILLION, 60);
            assertEquals(MILLION, cluster.assertLogsIdentical());
        }
    }

    @Test
    void replicaKilledUnderLoadCatchesUpAfterRestart() throws Exception
    {
        final long total = 300_000;
        try (ClusterHarness cluster = new ClusterHarness(tmp, 3, ""))
        {
            cluster.startAll();
            try (ClusterHarness.Producer producer = new ClusterHarness.Producer(cluster.channels(1, 2, 3), total, 50_000))
            {
                producer.awaitCommitted(50_000, 60);
                cluster.kill(3);
                producer.awaitCommitted(150_000, 60); // node 1 and 2 are a majority
                cluster.start(3);
                producer.awaitCommitted(total, 120);
            }
            cluster.awaitEqualLogs(total, 60);
            assertEquals(total, cluster.assertLogsIdentical());
        }
    }

    @Test
    void leaderKilledReplicaPromotedOldLeaderRejoins() throws Exception
    {
        final long total = 200_000;
        try (ClusterHarness cluster = new ClusterHarness(tmp, 3, ""))
        {
            cluster.startAll();
            final long committedBeforeKill;
            final long committedAtEnd;
            final ClusterHarness.Producer producer =
                new ClusterHarness.Producer(cluster.channels(2, 3, 1), total, 40_000);
            try
            {
                producer.awaitCommitted(40_000, 60);
                cluster.kill(1);
                committedBeforeKill = producer.committedUpTo();
                final int leader = cluster.promote(2);
                assertTrue(leader == 2 || leader == 3, "a surviving node leads: " + leader);
                producer.awaitTrue(() -> producer.committedUpTo() >= committedBeforeKill + 20_000, 120,
                    () -> "no progress after promotion: committed " + producer.committedUpTo() + " " + producer +
                    cluster.diagnostics());
                cluster.start(1);
                producer.awaitTrue(() -> producer.sent.get() >= total, 120, () -> "producer stalled" + cluster.diagnostics());
                producer.awaitTrue(() -> producer.committedUpTo() >= producer.acked.get(), 60,
                    () -> "last acks never committed" + cluster.diagnostics());
            }
            finally
            {
                producer.close();
            }
            committedAtEnd = producer.committedUpTo();
            final long entries = Math.max(cluster.lastSeqno(2), cluster.lastSeqno(3));
            cluster.awaitEqualLogs(entries, 60);
            assertEquals(entries, cluster.assertLogsIdentical());
            assertCommittedEntriesPresentOnceInOrder(cluster, producer);
            assertTrue(committedAtEnd > committedBeforeKill, "committed " + committedAtEnd + " > " + committedBeforeKill);
        }
    }

    @Test
    void emptyReplicaCatchesUpAMillionEntriesWhileProducing() throws Exception
    {
        final long total = MILLION + 200_000;
        try (ClusterHarness cluster = new ClusterHarness(tmp, 3, ""))
        {
            cluster.start(1);
            cluster.start(2);
            try (ClusterHarness.Producer producer = new ClusterHarness.Producer(cluster.channels(1, 2), total, 0))
            {
                producer.awaitCommitted(MILLION, 240);
                cluster.start(3);
                // while node 3 catches up, a new producer connects: the leader registers its response
                // publication without blocking its duty cycle, so node 3 keeps receiving meanwhile
                final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
                while (lastSeqnoOrZero(cluster, 3) < 100_000 && System.nanoTime() < deadline)
                {
                    Thread.sleep(5);
                }
                final long replicaBefore = cluster.lastSeqno(3);
                assertTrue(replicaBefore >= 100_000 && replicaBefore < MILLION, "node 3 is catching up: " + replicaBefore);
                try (ClusterHarness.Producer late = new ClusterHarness.Producer(cluster.channels(1, 2), 1_000, 0))
                {
                    late.awaitCommitted(1_000, 60);
                    final long replicaAfter = cluster.lastSeqno(3);
                    assertTrue(replicaAfter > replicaBefore, "replication to node 3 went on while a producer " +
                        "connected: " + replicaBefore + " -> " + replicaAfter);
                }
                producer.awaitCommitted(total, 240);
            }
            cluster.awaitEqualLogs(total + 1_000, 120);
            assertEquals(total + 1_000, cluster.assertLogsIdentical());
        }
    }

    @Test
    void packetLossOnReplicationNeverLosesOrReordersEntries() throws Exception
    {
        final long total = 100_000;
        try (ClusterHarness cluster = new ClusterHarness(tmp, 3, "boomscooter.driver.receive.loss.rate=0.03\n"))
        {
            cluster.startAll();
            try (ClusterHarness.Producer producer = new ClusterHarness.Producer(cluster.channels(1, 2, 3), total, 50_000))
            {
                producer.awaitCommitted(total, 180);
            }
            cluster.awaitEqualLogs(total, 60);
            assertEquals(total, cluster.assertLogsIdentical());
        }
    }

    /** The node's last seqno, or 0 while its log is still being created. */
    private static long lastSeqnoOrZero(final ClusterHarness cluster, final int node)
    {
        try
        {
            return cluster.lastSeqno(node);
        }
        catch (final RuntimeException ex)
        {
            return 0;
        }
    }

    private static void assertCommittedEntriesPresentOnceInOrder(
        final ClusterHarness cluster, final ClusterHarness.Producer producer)
    {
        for (int node = 1; node <= 3; node++)
        {
            final long[] producerSeqnoAt = new long[(int)cluster.lastSeqno(node) + 1];
            try (LogReader reader = LogReader.open(cluster.logDir(node)))
            {
                reader.seek(1);
                final LogEntryView view = new LogEntryView();
                final long[] previous = {0};
                while (reader.poll((b, offset, length, seqno, epoch, ts) ->
                {
                    assertTrue(view.wrap(b, offset, length), view.error());
                    final long ps = view.producerSeqno();
                    assertTrue(ps > previous[0], "producer seqno " + ps + " at " + seqno + " repeats or goes back");
                    previous[0] = ps;
                    producerSeqnoAt[(int)seqno] = ps;
                }, 10_000) > 0)
                {
                    // scan
                }
            }
            for (int i = 0; i < producer.ackCount; i++)
            {
                final long seqno = producer.ackedSeqno[i];
                if (!producer.ackCommitted(i))
                {
                    continue;
                }
                assertTrue(seqno < producerSeqnoAt.length, "node " + node + " lacks committed seqno " + seqno);
                assertEquals(producer.ackedProducerSeqno[i], producerSeqnoAt[(int)seqno],
                    "node " + node + ": committed entry at seqno " + seqno + " (epoch " + producer.ackedEpoch[i] + ")");
            }
        }
    }
}
