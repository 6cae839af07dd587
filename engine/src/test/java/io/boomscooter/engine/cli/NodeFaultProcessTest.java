package io.boomscooter.engine.cli;

import io.boomscooter.engine.CounterTypes;
import io.boomscooter.engine.Node;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real {@code boomscooter node} processes under the faults of issue 9 that only a process shows: a host
 * pause longer than the Aeron liveness timeouts, a kill -9 leaving its Aeron directory behind, and a log
 * whose open segment is corrupt.
 */
class NodeFaultProcessTest
{
    private static final int LIVENESS_MS = 2_000;
    private static final long PAUSE_MS = 31_000;
    private static final String CHANNEL = "fault.injection.channel";

    @TempDir
    Path tmp;

    /**
     * Frozen well past the driver and client liveness timeouts, then resumed: the node's Aeron client is
     * closed under it (the driver timed it out, and it timed the driver out); the node must reconnect, rebuild
     * its agents and carry on, not exit with "lost its media driver". The pause is 31 s although the node is
     * configured with 2 s timeouts: before the fix the embedded driver's liveness was fixed at 30 s, and this
     * test must fail there too.
     */
    @Test
    void aNodePausedLongerThanTheLivenessTimeoutsComesBack() throws Exception
    {
        final Path config = tmp.resolve("node.properties");
        Files.writeString(config, "boomscooter.node.id=6\nboomscooter.threading.mode=SHARED\n" +
            "boomscooter.data.dir=" + tmp.resolve("data") + "\n" +
            "boomscooter.driver.timeout.ms=" + LIVENESS_MS + "\n" +
            Node.Context.CLIENT_LIVENESS_TIMEOUT_MS_PROP + "=" + LIVENESS_MS + "\n");
        try (ChildJvm node = ChildJvm.start(BoomscooterCli.class, "node", "--config", config.toString()))
        {
            final String running = node.awaitLine(l -> l.startsWith("node 6 running"), 30, TimeUnit.SECONDS);
            assertNotNull(running, "node never reported running: " + node.lines());
            final String aeronDir = running.replaceAll(".*aeron-dir=(\\S+).*", "$1");
            assertTrue(heartbeatAfter(aeronDir, 0) > 0, "heartbeat before the pause");

            signal(node, "STOP");
            final long pausedAtMs = System.currentTimeMillis();
            assertFalse(node.process().waitFor(PAUSE_MS, TimeUnit.MILLISECONDS), "stopped, not exited");
            signal(node, "CONT");
            final long resumedAtMs = System.currentTimeMillis();
            assertTrue(resumedAtMs - pausedAtMs >= PAUSE_MS);

            // serving again: a heartbeat written after the resume, by a node that did not exit
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long heartbeat = 0;
            while (heartbeat <= resumedAtMs)
            {
                assertTrue(node.process().isAlive(), "node exited after the pause: " + node.lines());
                assertTrue(System.nanoTime() < deadline, "no heartbeat after the pause: " + node.lines());
                heartbeat = heartbeatAfter(aeronDir, resumedAtMs);
                Thread.sleep(50); // polling a separate process, no state shared with it
            }
            // and it stays up
            assertFalse(node.process().waitFor(2L * LIVENESS_MS, TimeUnit.MILLISECONDS), "node exited: " + node.lines());
            assertTrue(heartbeatAfter(aeronDir, heartbeat) > heartbeat, "heartbeat still moving");
            assertTrue(node.lines().stream().noneMatch(l -> l.contains("lost its media driver")), node.lines().toString());

            node.terminate();
            final int exitCode = node.waitFor(30, TimeUnit.SECONDS);
            assertTrue(exitCode == 0 || exitCode == 143, "exit code after SIGTERM: " + exitCode);
        }
    }

    /**
     * A node killed with -9 leaves its embedded driver's directory (tens of MB of /dev/shm); the next node on
     * the same data directory removes it at start.
     */
    @Test
    void aKilledNodesAeronDirectoryIsRemovedByItsSuccessor() throws Exception
    {
        final Path config = tmp.resolve("node.properties");
        Files.writeString(config, "boomscooter.node.id=8\nboomscooter.threading.mode=SHARED\n" +
            "boomscooter.data.dir=" + tmp.resolve("data") + "\n");
        final String firstDir;
        try (ChildJvm node = ChildJvm.start(BoomscooterCli.class, "node", "--config", config.toString()))
        {
            final String running = node.awaitLine(l -> l.startsWith("node 8 running"), 30, TimeUnit.SECONDS);
            assertNotNull(running, "node never reported running: " + node.lines());
            firstDir = running.replaceAll(".*aeron-dir=(\\S+).*", "$1");
            node.kill();
            assertTrue(node.waitFor(30, TimeUnit.SECONDS) != -1, "killed");
        }
        assertTrue(new File(firstDir).isDirectory(), "kill -9 leaves the directory: " + firstDir);

        try (ChildJvm node = ChildJvm.start(BoomscooterCli.class, "node", "--config", config.toString()))
        {
            final String running = node.awaitLine(l -> l.startsWith("node 8 running"), 30, TimeUnit.SECONDS);
            assertNotNull(running, "node never reported running: " + node.lines());
            assertFalse(new File(firstDir).exists(), "the dead predecessor's directory is removed: " + firstDir);
            node.terminate();
            node.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * A corrupt byte in the middle of the open segment of the log a node hosts: the node must not print
     * "running" over dead agents; it exits non-zero naming the cause.
     */
    @Test
    void aNodeWhoseLogCannotOpenExitsNonZeroWithTheCause() throws Exception
    {
        final Path data = tmp.resolve("data");
        final Path logDir = data.resolve("log-1");
        assertEquals(0, BoomscooterCli.newCommandLine().execute("log", "append", logDir.toString(), "--count", "2000",
            "--size", "40", "--channel", CHANNEL, "--segment-length", "1048576"));
        final File[] files = logDir.toFile().listFiles((dir, name) -> name.endsWith(".seg"));
        assertNotNull(files);
        Arrays.sort(files);
        final File openSegment = files[files.length - 1];
        // a byte of the 1000th entry's channel name: inside a checksummed body whatever the frame layout,
        // with sound entries after it
        flipByte(openSegment, offsetOfOccurrence(openSegment, CHANNEL.getBytes(StandardCharsets.US_ASCII), 1000) + 2);

        final Path config = tmp.resolve("node.properties");
        Files.writeString(config, "boomscooter.node.id=1\nboomscooter.threading.mode=SHARED\n" +
            "boomscooter.data.dir=" + data + "\n" +
            "boomscooter.cluster.members=1@localhost:" + freePort() + "\n" +
            "boomscooter.cluster.initial.leader=1\nboomscooter.cluster.logs=1\n" +
            "boomscooter.log.segment.length=1048576\n");
        try (ChildJvm node = ChildJvm.start(true, BoomscooterCli.class, "node", "--config", config.toString()))
        {
            final int exitCode = node.waitFor(60, TimeUnit.SECONDS);
            node.awaitLine(l -> false, 5, TimeUnit.SECONDS); // drain to the end of its output
            assertTrue(exitCode > 0, "exit code " + exitCode + ", output " + node.lines());
            assertTrue(node.lines().stream().noneMatch(l -> l.contains("running")), node.lines().toString());
            assertTrue(node.lines().stream().anyMatch(l -> l.startsWith("node 1 failed to start") &&
                l.contains("refusing to truncate good data")), node.lines().toString());
        }
    }

    private static long offsetOfOccurrence(final File file, final byte[] pattern, final int occurrence)
        throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file.toPath());
        int seen = 0;
        for (int i = 0; i + pattern.length <= bytes.length; i++)
        {
            if (Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length) && ++seen == occurrence)
            {
                return i;
            }
        }
        throw new AssertionError("pattern seen only " + seen + " times in " + file);
    }

    private static void flipByte(final File file, final long offset) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw"))
        {
            raf.seek(offset);
            final int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0xFF);
        }
    }

    private static int freePort() throws IOException
    {
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    private static void signal(final ChildJvm node, final String signal) throws Exception
    {
        final Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(node.process().pid()))
            .inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && 0 == kill.exitValue(), "kill -" + signal);
    }

    /**
     * Reads the node's heartbeat counters straight from the driver's CnC file (no client: a client of a
     * frozen driver would itself time out).
     *
     * @return the largest heartbeat above {@code afterMs}, or 0.
     */
    private static long heartbeatAfter(final String aeronDir, final long afterMs)
    {
        final File cnc = new File(aeronDir, io.aeron.CncFileDescriptor.CNC_FILE);
        if (!cnc.isFile())
        {
            return 0;
        }
        final java.nio.MappedByteBuffer mapped = org.agrona.IoUtil.mapExistingFile(cnc, "cnc");
        try
        {
            final org.agrona.concurrent.UnsafeBuffer meta = new org.agrona.concurrent.UnsafeBuffer(mapped);
            final int version = meta.getInt(io.aeron.CncFileDescriptor.cncVersionOffset(0));
            if (0 == version)
            {
                return 0;
            }
            final CountersReader reader = new CountersReader(
                io.aeron.CncFileDescriptor.createCountersMetaDataBuffer(mapped, meta),
                io.aeron.CncFileDescriptor.createCountersValuesBuffer(mapped, meta));
            final long[] best = { 0 };
            reader.forEach((counterId, typeId, keyBuffer, label) ->
            {
                if (CounterTypes.NODE_HEARTBEAT == typeId)
                {
                    final long value = reader.getCounterValue(counterId);
                    if (value > afterMs && value > best[0])
                    {
                        best[0] = value;
                    }
                }
            });
            return best[0];
        }
        finally
        {
            org.agrona.IoUtil.unmap(mapped);
        }
    }
}
