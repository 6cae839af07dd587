package io.boomscooter.engine.cluster;

import io.boomscooter.client.ClusterStreams;
import io.boomscooter.engine.cli.BoomscooterCli;
import io.boomscooter.engine.cli.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cluster whose node files move every member stream off the defaults: the nodes replicate on them,
 * and the CLI's producer and promote, reading the same file, reach the nodes on them. Were any side to
 * keep a default id, nothing would be acknowledged or promoted.
 */
class ClusterStreamsProcessTest
{
    private static final String STREAMS =
        ClusterStreams.REPLICATION_PROP + "=1110\n" +
        ClusterStreams.CONTROL_PROP + "=1111\n" +
        ClusterStreams.INGRESS_PROP + "=1112\n" +
        ClusterStreams.PRODUCER_RESPONSE_PROP + "=1113\n" +
        ClusterStreams.ADMIN_PROP + "=1114\n";

    @TempDir
    Path tmp;

    @Test
    void aClusterOnItsOwnStreamIdsTakesEntriesFromTheCliAndAPromote() throws Exception
    {
        try (ClusterHarness cluster = new ClusterHarness(tmp, 3, STREAMS))
        {
            cluster.startAll();
            try (ChildJvm produce = ChildJvm.start(BoomscooterCli.class, "produce",
                "--config", cluster.config(2).toString(), "--count", "2000", "--size", "32", "--timeout", "60"))
            {
                assertEquals(0, produce.waitFor(120, TimeUnit.SECONDS), "produce: " + produce.lines());
            }
            cluster.awaitEqualLogs(2000, 60);
            assertEquals(2000, cluster.assertLogsIdentical());
            final int leader = cluster.promote(3);
            assertTrue(leader == 3 || leader == 2, "promoted " + leader);
        }
    }
}
