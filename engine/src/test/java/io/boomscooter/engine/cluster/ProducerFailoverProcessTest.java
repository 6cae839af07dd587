package io.boomscooter.engine.cluster;

import io.boomscooter.engine.log.LogEntryView;
import io.boomscooter.engine.log.LogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A producer talking to a deposed leader: that leader acks what it appends but can never commit it. The
 * producer must notice that commits stopped, find the real leader and re-send, so every entry ends up
 * committed exactly once (issue 9, item 3).
 */
class ProducerFailoverProcessTest
{
    private static final long COUNT = 2_000;

    @TempDir
    Path tmp;

    @Test
    void producerLeavesADeposedLeaderThatAcksButCannotCommit() throws Exception
    {
        try (ClusterHarness cluster = new ClusterHarness(tmp, 3, ""))
        {
            cluster.startAll();
            cluster.freeze(1);
            // the fault is a freeze longer than Aeron's publication connection timeout (5 s): the others stop
            // sending to node 1, so it wakes up never having heard of the new epoch (not a synchronisation wait)
            Thread.sleep(6_000);
            final int leader = cluster.promote(2);
            assertTrue(leader == 2 || leader == 3, "a live node leads: " + leader);
            cluster.freeze(2);
            cluster.freeze(3);
            cluster.resume(1); // node 1 still believes it leads epoch 1, with no replica to commit through
            try (ClusterHarness.Producer producer = new ClusterHarness.Producer(cluster.channels(1, 2, 3), COUNT, 1_000))
            {
                // every entry acked by a leader that cannot commit: nothing is outstanding but the commits
                producer.awaitTrue(() -> producer.acked.get() >= COUNT, 60,
                    () -> "the deposed leader did not ack everything: " + producer + cluster.diagnostics());
                assertEquals(0, producer.committedUpTo(), "nothing can commit while nodes 2 and 3 are frozen");
                cluster.resume(2);
                cluster.resume(3);
                producer.awaitCommitted(COUNT, 90);
            }
            cluster.awaitEqualLogs(cluster.lastSeqno(leader), 60);
            cluster.assertLogsIdentical();
            assertEachProducerSeqnoOnceInOrder(cluster, leader);
        }
    }

    private static void assertEachProducerSeqnoOnceInOrder(final ClusterHarness cluster, final int node)
    {
        final long[] expected = {1};
        try (LogReader reader = LogReader.open(cluster.logDir(node)))
        {
            reader.seek(1);
            final LogEntryView view = new LogEntryView();
            while (reader.poll((buffer, offset, length, seqno, epoch, timestampNs) ->
            {
                if (view.wrap(buffer, offset, length))
                {
                    assertEquals(expected[0], view.producerSeqno(), "producer seqno at log seqno " + seqno);
                    expected[0]++;
                }
            }, 10_000) > 0)
            {
                // scan
            }
        }
        assertEquals(COUNT + 1, expected[0], "every producer seqno once, in order, on node " + node);
    }
}
