package io.boomscooter.engine.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.boomscooter.engine.log.LogTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real child JVMs: a writer killed with SIGKILL mid-stream, and a reader following a live writer.
 */
class LogCrossProcessTest
{
    @TempDir
    Path tmp;

    @Test
    void recoversEverythingAKilledWriterPublished() throws Exception
    {
        final Path dir = tmp.resolve("log");
        for (int round = 0; round < 3; round++)
        {
            final AtomicLong reported = new AtomicLong();
            final AtomicLong opened = new AtomicLong(-1);
            final Process child = startJava(LogWriterProcess.class, dir.toString(), "65536", "3000000");
            try
            {
                pumpLines(child, line ->
                {
                    if (line.startsWith("open "))
                    {
                        opened.set(Long.parseLong(line.substring(5)));
                    }
                    else if (!line.startsWith("done"))
                    {
                        reported.set(Long.parseLong(line.trim()));
                    }
                });
                final long target = (round + 1) * 30_000L;
                final long deadline = System.nanoTime() + DEADLINE_NS;
                while (reported.get() < target)
                {
                    assertTrue(System.nanoTime() < deadline, "child too slow: " + reported.get());
                    assertTrue(child.isAlive(), "child died");
                    Thread.sleep(1); // polling an external process's progress, bounded by the deadline
                }
                // While it runs, the child holds the writer lock.
                final LogException locked = assertThrows(LogException.class,
                    () -> LogWriter.open(dir, smallSegments()));
                assertTrue(locked.getMessage().contains("locked by another writer process"), locked.getMessage());
            }
            finally
            {
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            }
            final long mustHave = reported.get();
            try (LogWriter writer = LogWriter.open(dir, smallSegments()))
            {
                final long last = writer.lastSeqno();
                assertTrue(last >= mustHave, "recovered " + last + " but child reported " + mustHave);
                try (LogReader reader = LogReader.open(dir))
                {
                    assertEquals(last, readAllChecked(reader), "contiguous, checksums good, no torn frame");
                }
                assertEquals(last + 1, appendDeterministic(writer), "appends resume at the next seqno");
                assertTrue(LogVerifier.verify(dir).ok());
            }
        }
    }

    @Test
    void aReaderInAnotherProcessFollowsALiveWriterThroughRolls() throws Exception
    {
        final Path dir = tmp.resolve("log");
        final int count = 40_000;
        final CopyOnWriteArrayList<String> lines = new CopyOnWriteArrayList<>();
        final Process child = startJava(LogReaderProcess.class, dir.toString(), Integer.toString(count));
        try
        {
            pumpLines(child, lines::add);
            try (LogWriter writer = LogWriter.open(dir, smallSegments()))
            {
                final long deadline = System.nanoTime() + DEADLINE_NS;
                while (!lines.contains("ready"))
                {
                    assertTrue(System.nanoTime() < deadline && child.isAlive(), "reader did not start: " + lines);
                    Thread.sleep(1); // waiting for an external process, bounded by the deadline
                }
                for (int i = 1; i <= count; i++)
                {
                    appendDeterministic(writer);
                    writer.doWork();
                    if (i % 500 == 0)
                    {
                        Thread.yield(); // let the reader interleave on a 2-core machine
                    }
                }
                assertTrue(writer.segmentCount() > 50);
                assertTrue(child.waitFor(60, TimeUnit.SECONDS), "reader did not finish: " + lines);
            }
            assertEquals(0, child.exitValue(), lines.toString());
            assertTrue(lines.contains("count=" + count + " last=" + count), lines.toString());
        }
        finally
        {
            child.destroyForcibly();
        }
    }
}
