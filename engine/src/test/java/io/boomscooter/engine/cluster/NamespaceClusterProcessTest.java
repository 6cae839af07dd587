package io.boomscooter.engine.cluster;

import io.boomscooter.engine.chaos.NetworkNamespaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Three nodes on three hosts (network namespaces with their own addresses, joined by veth links): what
 * crosses a network, and what a cut link does, instead of loopback.
 */
class NamespaceClusterProcessTest
{
    @TempDir
    Path tmp;

    @Test
    void followerCutOffFromEveryoneCatchesUpWhenHealed() throws Exception
    {
        final String unavailable = NetworkNamespaces.unavailableReason();
        assumeTrue(null == unavailable, () -> "skipped: " + unavailable);
        final long total = 60_000;
        try (NetworkNamespaces hosts = new NetworkNamespaces(3);
            ClusterHarness cluster = new ClusterHarness(tmp, 3, "", hosts))
        {
            cluster.startAll();
            try (ClusterHarness.Producer producer =
                new ClusterHarness.Producer(cluster.channels(1, 2, 3), total, 20_000, cluster.clientHost()))
            {
                producer.awaitCommitted(10_000, 60);
                hosts.isolate(3);
                final long cutAt = cluster.lastSeqno(3);
                producer.awaitCommitted(40_000, 60); // nodes 1 and 2 are a majority
                // what was already in node 3's buffers may land after the cut; nothing sent after it does
                assertTrue(cluster.lastSeqno(3) < cutAt + 2_000, "an isolated node receives nothing: " + cutAt +
                    " -> " + cluster.lastSeqno(3));
                hosts.rejoin(3);
                producer.awaitCommitted(total, 120);
            }
            cluster.awaitEqualLogs(total, 60);
            assertEquals(total, cluster.assertLogsIdentical());
        }
    }

    @Test
    void leaderCutFromOneFollowerStillCommitsThroughTheOther() throws Exception
    {
        final String unavailable = NetworkNamespaces.unavailableReason();
        assumeTrue(null == unavailable, () -> "skipped: " + unavailable);
        final long total = 40_000;
        try (NetworkNamespaces hosts = new NetworkNamespaces(3);
            ClusterHarness cluster = new ClusterHarness(tmp, 3, "", hosts))
        {
            cluster.startAll();
            try (ClusterHarness.Producer producer =
                new ClusterHarness.Producer(cluster.channels(1, 2, 3), total, 20_000, cluster.clientHost()))
            {
                producer.awaitCommitted(5_000, 60);
                hosts.cut(1, 2);
                final long cutAt = cluster.lastSeqno(2);
                producer.awaitCommitted(25_000, 60);
                assertTrue(cluster.lastSeqno(2) < cutAt + 2_000, "node 2 is cut from the leader: " + cutAt + " -> " +
                    cluster.lastSeqno(2));
                hosts.heal(1, 2);
                producer.awaitCommitted(total, 120);
            }
            cluster.awaitEqualLogs(total, 60);
            assertEquals(total, cluster.assertLogsIdentical());
        }
    }
}
