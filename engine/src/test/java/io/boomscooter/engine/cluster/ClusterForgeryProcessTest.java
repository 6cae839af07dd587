package io.boomscooter.engine.cluster;

import io.boomscooter.client.ClusterStreams;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.boomscooter.codecs.replication.RejectCode;
import io.boomscooter.driver.DriverProfile;
import io.boomscooter.driver.EmbeddedDriver;
import io.boomscooter.engine.ErrorLogFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9 item 1: forged replication datagrams, sent at a live three-node cluster while a producer
 * writes, change no node's epoch or leader, and commits continue. Each forgery was enough, before the
 * fix, to depose the leader for good (epoch 1000, or Long.MAX_VALUE that no promotion can pass).
 */
class ClusterForgeryProcessTest
{
    private static final int STRANGER = 99;
    private static final long FORGED_EPOCH = 1000;

    @TempDir
    Path tmp;

    @Test
    void forgedMessagesFromNonMembersOrWithImpossibleEpochsChangeNothing() throws Exception
    {
        final long total = 6_000;
        try (ClusterHarness cluster = new ClusterHarness(tmp, 3, ""))
        {
            cluster.startAll();
            try (ClusterHarness.Producer producer = new ClusterHarness.Producer(cluster.channels(1, 2, 3), total, 600))
            {
                producer.awaitCommitted(500, 60);
                final String[] statesBefore = states(cluster);
                assertTrue(statesBefore[0].startsWith("epoch=1 leader=1"), statesBefore[0]);

                final AtomicBoolean forging = new AtomicBoolean(true);
                final AtomicLong rounds = new AtomicLong();
                final Thread forger = new Thread(() -> forge(cluster, forging, rounds), "forger");
                forger.start();
                try
                {
                    producer.awaitCommitted(total, 90);
                }
                finally
                {
                    forging.set(false);
                    forger.join(30_000);
                }
                assertTrue(rounds.get() > 10, "forged messages were sent: " + rounds.get() + " rounds");

                final String[] statesAfter = states(cluster);
                for (int i = 0; i < 3; i++)
                {
                    assertEquals(statesBefore[i], statesAfter[i], "node " + (i + 1) + " election state" +
                        cluster.diagnostics());
                }
                assertTrue(errorLogMentions(cluster, 1, "not a member"), "leader recorded the refusals" +
                    cluster.diagnostics());
                assertTrue(errorLogMentions(cluster, 2, "leader message naming a non-member"),
                    "replica recorded the refusals" + cluster.diagnostics());
            }
            cluster.awaitEqualLogs(total, 60);
            assertEquals(total, cluster.assertLogsIdentical());
        }
    }

    private static String[] states(final ClusterHarness cluster) throws Exception
    {
        final String[] states = new String[3];
        for (int i = 1; i <= 3; i++)
        {
            states[i - 1] = Files.readString(cluster.dataDir(i).resolve("log-" + ClusterHarness.LOG_ID + ".state")).trim();
        }
        return states;
    }

    private static boolean errorLogMentions(final ClusterHarness cluster, final int nodeId, final String text)
    {
        final boolean[] found = {false};
        ErrorLogFile.read(cluster.dataDir(nodeId).toFile(), (count, first, last, error) ->
            found[0] |= error.contains(text));
        return found[0];
    }

    /**
     * Every 20 ms: to the leader's control stream an AppendAck, a stale-epoch reject and a catch-up
     * request from a stranger, and an AppendAck from a member with epoch Long.MAX_VALUE; to each replica's
     * replication stream a NewLeader naming the stranger, one naming the replica itself, a vote request
     * from the stranger, and a CommitPosition from the real leader with epoch Long.MAX_VALUE.
     */
    private static void forge(final ClusterHarness cluster, final AtomicBoolean forging, final AtomicLong rounds)
    {
        final int log = ClusterHarness.LOG_ID;
        final ReplicationPublisher forged = new ReplicationPublisher();
        try (EmbeddedDriver driver = EmbeddedDriver.launch(DriverProfile.SMALL);
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            ExclusivePublication leaderControl = aeron.addExclusivePublication(cluster.channels(1).get(0),
                ClusterStreams.CONTROL);
            ExclusivePublication replica2 = aeron.addExclusivePublication(cluster.channels(2).get(0),
                ClusterStreams.REPLICATION);
            ExclusivePublication replica3 = aeron.addExclusivePublication(cluster.channels(3).get(0),
                ClusterStreams.REPLICATION))
        {
            while (forging.get())
            {
                forged.appendAck(leaderControl, log, STRANGER, FORGED_EPOCH, 5);
                forged.reject(leaderControl, log, STRANGER, FORGED_EPOCH, RejectCode.STALE_EPOCH, "forged");
                forged.catchupRequest(leaderControl, log, STRANGER, FORGED_EPOCH, 1, 1, 1);
                forged.appendAck(leaderControl, log, 2, Long.MAX_VALUE, 5);
                for (final ExclusivePublication replica : new ExclusivePublication[] {replica2, replica3})
                {
                    forged.newLeader(replica, log, STRANGER, FORGED_EPOCH, 1);
                    forged.requestVote(replica, log, STRANGER, FORGED_EPOCH, Long.MAX_VALUE / 4, FORGED_EPOCH);
                    forged.commitPosition(replica, log, 1, Long.MAX_VALUE, 1, 1);
                }
                forged.newLeader(replica2, log, 2, FORGED_EPOCH, 1);
                forged.newLeader(replica3, log, 3, FORGED_EPOCH, 1);
                rounds.incrementAndGet();
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
