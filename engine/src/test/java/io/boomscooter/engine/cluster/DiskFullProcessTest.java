package io.boomscooter.engine.cluster;

import io.boomscooter.engine.ErrorLogFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A leader whose disk fills up (a small tmpfs under its data directory) refuses entries with a reason, counts
 * them and keeps running and serving; it never dies of SIGBUS (issue 9, item 7, the cluster's side).
 */
class DiskFullProcessTest
{
    @TempDir
    Path tmp;

    @Test
    void leaderOnAFullDiskRefusesEntriesAndKeepsRunning() throws Exception
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "skipped: mounting a tmpfs needs root");
        final Path data = tmp.resolve("node1");
        Files.createDirectories(data);
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", data.toString()),
            "skipped: cannot mount a tmpfs here");
        try (ClusterHarness cluster = new ClusterHarness(tmp, 3, ""))
        {
            cluster.startAll();
            try (ClusterHarness.Producer producer = new ClusterHarness.Producer(cluster.channels(1, 2, 3), 1_000_000, 0))
            {
                producer.awaitTrue(() -> producer.diskFullRejects.get() > 0, 120,
                    () -> "the leader never refused an entry with DISK_FULL: " + producer + cluster.diagnostics());
                assertTrue(cluster.isRunning(1), "the leader survives a full disk" + cluster.diagnostics());
                final long committed = producer.committedUpTo();
                assertTrue(committed > 10_000, "entries committed before the disk filled: " + committed);
                producer.awaitTrue(() -> cluster.lastSeqno(2) >= committed && cluster.lastSeqno(3) >= committed, 60,
                    () -> "replicas hold what was committed" + cluster.diagnostics());
            }
            assertTrue(cluster.isRunning(1), "the leader still runs" + cluster.diagnostics());
            final List<String> errors = new ArrayList<>();
            ErrorLogFile.read(cluster.dataDir(1).toFile(), (count, first, last, text) -> errors.add(text));
            assertTrue(errors.stream().anyMatch(e -> e.contains("LogDiskFullException")),
                "the error log says why: " + errors);
            cluster.stop(1);
        }
        finally
        {
            run("umount", "-l", data.toString());
        }
    }

    private static boolean run(final String... command) throws Exception
    {
        final Process process = new ProcessBuilder(command).inheritIO().start();
        return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    }
}
