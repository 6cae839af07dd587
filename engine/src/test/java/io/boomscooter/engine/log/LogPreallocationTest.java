package io.boomscooter.engine.log;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.boomscooter.engine.log.LogTestSupport.DEADLINE_NS;
import static io.boomscooter.engine.log.LogTestSupport.SCRATCH;
import static io.boomscooter.engine.log.LogTestSupport.appendDeterministic;
import static io.boomscooter.engine.log.LogTestSupport.readAllChecked;
import static io.boomscooter.engine.log.LogTestSupport.smallSegments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The next segment is pre-allocated by a background thread when a writer runs with preallocateOnAppend off (an
 * agent calling doWork): the writer's thread creates and maps no file and allocates only the renames of a roll;
 * entries, recovery and the full-disk refusal are as they were when the writer pre-allocated inline.
 */
class LogPreallocationTest
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    /**
     * Bytes the writer's thread may allocate per roll. Measured: 896 (JDK 17): the two renames (target file names,
     * their Paths and native path bytes, Files.move's option parsing), the header checksum stamped on the new
     * segment ({@code Segment.stampBaseSeqno}) and the unmapping of the sealed one. The bound leaves room for
     * another JDK's Files.move. Before the pre-allocation moved off the writer's thread the same loop allocated
     * about 4,500 bytes per roll there (plus about 0.5 ms of file creation per 64 KiB segment).
     */
    private static final long MAX_BYTES_PER_ROLL = 2048;

    @TempDir
    Path tmp;

    private static long allocated()
    {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static LogConfig agentConfig()
    {
        return smallSegments().preallocateOnAppend(false);
    }

    /**
     * One duty cycle of an agent that appends one entry, then idles (doWork only) while a pre-allocation it asked
     * for is in progress, as an agent whose disk keeps up would. Allocation-free.
     */
    private static void appendPaced(final LogWriter writer)
    {
        appendDeterministic(writer);
        writer.doWork();
        final long deadline = System.nanoTime() + DEADLINE_NS;
        while (writer.preallocationPending())
        {
            writer.doWork();
            Thread.onSpinWait();
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("the background pre-allocation never arrived");
            }
        }
    }

    private static void rollsPaced(final LogWriter writer, final int rolls)
    {
        final int target = writer.segmentCount() + rolls;
        while (writer.segmentCount() < target)
        {
            appendPaced(writer);
        }
    }

    @Test
    void anAgentsDutyCycleNeverPreallocatesAndAllocatesLittlePerRoll()
    {
        final Path dir = tmp.resolve("log");
        try (LogWriter writer = LogWriter.open(dir, agentConfig());
            LogReader reader = LogReader.open(dir))
        {
            rollsPaced(writer, 200);
            assertEquals(writer.lastSeqno(), readAllChecked(reader));
            // Keep the segment lists below the capacity they grew to, so no growth lands in the measurement.
            writer.trimBelow(writer.lastSeqno());
            assertEquals(1, writer.segmentCount());

            long best = Long.MAX_VALUE;
            for (int round = 0; round < 5; round++)
            {
                final long start = allocated();
                rollsPaced(writer, 20);
                final long bytes = allocated() - start;
                best = Math.min(best, bytes);
                System.out.println("LogPreallocationTest: writer thread allocated " + bytes / 20 + " bytes per roll");
                assertEquals(writer.lastSeqno(), readAllChecked(reader));
                writer.trimBelow(writer.lastSeqno());
            }
            assertTrue(best / 20 <= MAX_BYTES_PER_ROLL, "bytes per roll on the writer's thread: " + best / 20);
            assertEquals(0, writer.inlinePreallocations(), "every pre-allocation ran on the background thread");
        }
        assertTrue(LogVerifier.verify(dir).ok(), LogVerifier.verify(dir).describe());
    }

    @Test
    void everyEntryReadsBackAcrossManyRollsWhenDoWorkRunsBetweenAppends()
    {
        final Path dir = tmp.resolve("log");
        try (LogWriter writer = LogWriter.open(dir, agentConfig()))
        {
            rollsPaced(writer, 150);
            assertEquals(0, writer.inlinePreallocations());
            assertEquals(151, writer.segmentCount());
        }
        try (LogReader reader = LogReader.open(dir))
        {
            final long last = readAllChecked(reader);
            assertTrue(last > 150 * 100, "entries in 150 rolls of 64 KiB: " + last);
        }
        final LogVerifier.Result verified = LogVerifier.verify(dir);
        assertTrue(verified.ok(), verified.describe());
        assertEquals(verified.lastSeqno(), verified.entries());
    }

    @Test
    void appendsThatOutrunTheBackgroundThreadRollInlineAndLoseNothing()
    {
        final Path dir = tmp.resolve("log");
        final long inline;
        try (LogWriter writer = LogWriter.open(dir, agentConfig()))
        {
            // No idle cycles: the roll often needs the segment before it arrives, and takes back or waits for it.
            for (int i = 0; i < 40_000; i++)
            {
                appendDeterministic(writer);
                if (0 == (i & 1))
                {
                    writer.doWork();
                }
            }
            inline = writer.inlinePreallocations();
            assertTrue(inline <= writer.segmentCount() - 1, inline + " inline in " + writer.segmentCount());
            System.out.println("LogPreallocationTest: " + inline + " of " + (writer.segmentCount() - 1) +
                " rolls outran the background thread");
        }
        try (LogReader reader = LogReader.open(dir))
        {
            assertEquals(40_000, readAllChecked(reader));
        }
        assertTrue(LogVerifier.verify(dir).ok(), LogVerifier.verify(dir).describe());
    }

    @Test
    void aRollBeforeTheHalfWayMarkPreallocatesInlineAndCountsIt()
    {
        final Path dir = tmp.resolve("log");
        try (LogWriter writer = LogWriter.open(dir, agentConfig()))
        {
            // 30 000 bytes stay below the half-way mark (32 KiB): nothing is asked for...
            writer.appendEntry(1, 1, 42, 1, SCRATCH, 0, 0, 0, 0, 0, 30_000);
            writer.doWork();
            assertFalse(writer.preallocationPending());
            // ...and 40 000 more do not fit: the roll makes the next segment itself.
            writer.appendEntry(1, 2, 42, 2, SCRATCH, 0, 0, 0, 0, 0, 40_000);
            assertEquals(1, writer.inlinePreallocations());
            assertEquals(2, writer.segmentCount());
        }
        try (LogReader reader = LogReader.open(dir))
        {
            assertEquals(1, reader.poll((buffer, offset, length, seqno, epoch, ts) -> assertEquals(1, seqno), 1));
            assertEquals(1, reader.poll((buffer, offset, length, seqno, epoch, ts) -> assertEquals(2, seqno), 1));
        }
    }

    @Test
    void preallocateOnAppendKeepsPreallocatingInline()
    {
        try (LogWriter writer = LogWriter.open(tmp.resolve("log"), smallSegments()))
        {
            while (writer.segmentCount() < 11)
            {
                appendDeterministic(writer);
            }
            assertEquals(10, writer.inlinePreallocations(), "the append crossing each half-way mark");
            assertFalse(writer.preallocationPending());
        }
    }

    @Test
    void oneSharedDaemonThreadServesEveryWriter()
    {
        try (LogWriter a = LogWriter.open(tmp.resolve("a"), agentConfig());
            LogWriter b = LogWriter.open(tmp.resolve("b"), agentConfig());
            LogWriter c = LogWriter.open(tmp.resolve("c"), agentConfig()))
        {
            rollsPaced(a, 3);
            rollsPaced(b, 3);
            rollsPaced(c, 3);
            final long threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("boomscooter-log-preallocator"))
                .peek(t -> assertTrue(t.isDaemon()))
                .count();
            assertEquals(1, threads);
            assertEquals(0, a.inlinePreallocations() + b.inlinePreallocations() + c.inlinePreallocations());
        }
    }

    @Test
    void closeWithAPreallocationAskedInProgressOrDeliveredLeavesWhatTheNextOpenCleansUp()
    {
        final Path dir = tmp.resolve("log");
        long last = 0;
        for (int round = 0; round < 30; round++)
        {
            try (LogWriter writer = LogWriter.open(dir, agentConfig()))
            {
                assertFalse(Files.exists(dir.resolve(LogFormat.PREALLOCATED_SEGMENT)), "open deletes it");
                assertFalse(Files.exists(dir.resolve(LogFormat.PREALLOCATED_INDEX)), "open deletes it");
                assertEquals(last, writer.lastSeqno());
                // Cross the half-way mark: the append asks; close at once (asked, in progress or delivered).
                while (!writer.preallocationPending())
                {
                    appendDeterministic(writer);
                }
                if (0 == round % 3)
                {
                    // or let it be taken: the writer holds the mapped .tmp files when it closes, as it always did
                    final long deadline = System.nanoTime() + DEADLINE_NS;
                    while (writer.preallocationPending() && System.nanoTime() - deadline < 0)
                    {
                        writer.doWork();
                    }
                    assertTrue(Files.exists(dir.resolve(LogFormat.PREALLOCATED_SEGMENT)));
                }
                last = writer.lastSeqno();
            }
        }
        try (LogWriter writer = LogWriter.open(dir, agentConfig()))
        {
            assertEquals(last, writer.lastSeqno());
            rollsPaced(writer, 5);
            last = writer.lastSeqno();
        }
        try (LogReader reader = LogReader.open(dir))
        {
            assertEquals(last, readAllChecked(reader));
        }
        assertTrue(LogVerifier.verify(dir).ok(), LogVerifier.verify(dir).describe());
    }

    @Test
    void aHalfMadePreallocationFromACrashIsDeletedAtOpenAndMadeAgain() throws Exception
    {
        final Path dir = tmp.resolve("log");
        try (LogWriter writer = LogWriter.open(dir, agentConfig()))
        {
            rollsPaced(writer, 3);
        }
        // A pre-allocation killed half-way: a short segment of zeros, an index without a header.
        Files.write(dir.resolve(LogFormat.PREALLOCATED_SEGMENT), new byte[32 * 1024]);
        Files.write(dir.resolve(LogFormat.PREALLOCATED_INDEX), new byte[100]);
        final long last;
        try (LogWriter writer = LogWriter.open(dir, agentConfig()))
        {
            assertFalse(Files.exists(dir.resolve(LogFormat.PREALLOCATED_SEGMENT)));
            assertFalse(Files.exists(dir.resolve(LogFormat.PREALLOCATED_INDEX)));
            rollsPaced(writer, 3);
            assertEquals(0, writer.inlinePreallocations());
            last = writer.lastSeqno();
        }
        try (LogReader reader = LogReader.open(dir))
        {
            assertEquals(last, readAllChecked(reader));
        }
        assertTrue(LogVerifier.verify(dir).ok(), LogVerifier.verify(dir).describe());
    }

    /**
     * The full-disk behaviour of {@link LogDiskFullTest} with the background thread: its failed reservation
     * refuses the append that needs the roll (counted, with the reason), the refusal costs no I/O and is retried
     * at most once a second, and once space is freed the next retry delivers the segment. Runs in this JVM:
     * segments are reserved before they are mapped, so a full disk cannot raise a SIGBUS. Needs root for the
     * 2 MiB tmpfs; skipped otherwise.
     */
    @Test
    void aFullDiskRefusesTheAppendThatNeedsTheRollAndRetriesOnceASecond() throws Exception
    {
        final Path mount = tmp.resolve("small");
        Files.createDirectories(mount);
        Assumptions.assumeTrue(0 == run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString()),
            "cannot mount a 2 MiB tmpfs here (needs root): full-disk test skipped");
        try
        {
            final Path dir = mount.resolve("log");
            try (LogWriter writer = LogWriter.open(dir, agentConfig()))
            {
                LogDiskFullException refused = null;
                while (null == refused)
                {
                    try
                    {
                        appendPaced(writer);
                    }
                    catch (final LogDiskFullException ex)
                    {
                        refused = ex;
                    }
                }
                final long last = writer.lastSeqno();
                assertTrue(last > 1000, "a 2 MiB file system holds many entries before it is full: " + last);
                assertEquals(1, writer.diskFullCount());
                assertEquals(0, writer.inlinePreallocations(), "the background thread found the disk full");
                assertTrue(refused.getMessage().contains("refuses the append of seqno " + (last + 1)) &&
                    refused.getMessage().contains("cannot be reserved") &&
                    refused.getMessage().contains("stay readable"), refused.getMessage());
                assertNotNull(writer.diskFullReason());
                assertFalse(writer.preallocationPending(), "no retry within the second");

                assertThrows(LogDiskFullException.class, () -> appendDeterministic(writer));
                assertEquals(2, writer.diskFullCount(), "still refused, and counted");
                try (LogReader reader = LogReader.open(dir))
                {
                    assertEquals(last, readAllChecked(reader), "every appended entry reads back");
                }

                // Free space: the refusal still stands until a second has passed without a retry...
                assertTrue(writer.trimBelow(last) > 0);
                assertThrows(LogDiskFullException.class, () -> appendDeterministic(writer));
                assertEquals(3, writer.diskFullCount());
                TimeUnit.MILLISECONDS.sleep(1100);
                // ...then doWork asks again and the background thread delivers.
                writer.doWork();
                assertTrue(writer.preallocationPending(), "asked again after a second");
                final long deadline = System.nanoTime() + DEADLINE_NS;
                while (writer.preallocationPending() && System.nanoTime() - deadline < 0)
                {
                    writer.doWork();
                }
                assertNull(writer.diskFullReason());
                assertEquals(last + 1, appendDeterministic(writer));
                assertEquals(0, writer.inlinePreallocations());
                try (LogReader reader = LogReader.open(dir))
                {
                    assertEquals(last + 1, readAllChecked(reader));
                }
            }
        }
        finally
        {
            run("umount", mount.toString());
        }
    }

    private static int run(final String... command) throws Exception
    {
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS))
        {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
