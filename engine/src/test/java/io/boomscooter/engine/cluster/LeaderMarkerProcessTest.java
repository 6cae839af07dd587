package io.boomscooter.engine.cluster;

import io.boomscooter.engine.cli.BoomscooterCli;
import io.boomscooter.engine.cli.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 9 item 2: a leader commits what it holds without waiting for a producer, because it appends a
 * leader marker of its epoch as soon as it leads (Raft's no-op). Real node processes, the CLI subscriber.
 */
class LeaderMarkerProcessTest
{
    @TempDir
    Path tmp;

    @Test
    void entriesAreReadableOnEveryNodeAfterAFullRestartWithNoNewWrite() throws Exception
    {
        try (ClusterHarness cluster = subscribable(new ClusterHarness(tmp, 3, "boomscooter.subscriber.tcp.host=127.0.0.1\n")))
        {
            cluster.startAll();
            try (ClusterHarness.Producer producer = new ClusterHarness.Producer(cluster.channels(1, 2, 3), 1000, 0))
            {
                producer.awaitCommitted(1000, 60);
            }
            cluster.awaitEqualLogs(1000, 30);
            for (int i = 1; i <= 3; i++)
            {
                cluster.stop(i); // SIGTERM
            }
            cluster.startAll();
            for (int i = 1; i <= 3; i++)
            {
                assertSubscribes(cluster, i, "--count", "1000");
            }
        }
    }

    @Test
    void newLeaderCommitsEverythingItHeldAfterTheOldLeaderIsKilled() throws Exception
    {
        try (ClusterHarness cluster = subscribable(new ClusterHarness(tmp, 3, "boomscooter.subscriber.tcp.host=127.0.0.1\n")))
        {
            cluster.startAll();
            try (ClusterHarness.Producer producer = new ClusterHarness.Producer(cluster.channels(1, 2, 3), 200_000, 50_000))
            {
                producer.awaitCommitted(20_000, 60);
                cluster.kill(1);
            }
            final long[] held = {0, 0, cluster.lastSeqno(2), cluster.lastSeqno(3)};
            final int leader = cluster.promote(2);
            // no producer writes any more: only the new leader's marker can commit what it held
            assertSubscribes(cluster, leader, "--to", Long.toString(held[leader]));
            final int other = leader == 2 ? 3 : 2;
            assertSubscribes(cluster, other, "--to", Long.toString(Math.min(held[2], held[3])));
        }
    }

    private static ClusterHarness subscribable(final ClusterHarness cluster) throws Exception
    {
        for (int i = 1; i <= 3; i++)
        {
            Files.writeString(cluster.config(i), "boomscooter.subscriber.tcp.port=" + (cluster.basePort + 500 + i) + "\n",
                StandardOpenOption.APPEND);
        }
        return cluster;
    }

    private static void assertSubscribes(final ClusterHarness cluster, final int nodeId, final String... bound)
        throws Exception
    {
        final String[] args = new String[5 + bound.length];
        args[0] = "subscribe";
        args[1] = "--config";
        args[2] = cluster.config(nodeId).toString();
        args[3] = "--from";
        args[4] = "1";
        System.arraycopy(bound, 0, args, 5, bound.length);
        try (ChildJvm cli = ChildJvm.start(BoomscooterCli.class, args))
        {
            final int exit = cli.waitFor(60, TimeUnit.SECONDS);
            assertEquals(0, exit, "subscribe on node " + nodeId + " " + String.join(" ", bound) + ": " +
                tail(cli) + cluster.diagnostics());
        }
    }

    private static String tail(final ChildJvm cli)
    {
        final java.util.List<String> lines = cli.lines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }
}
