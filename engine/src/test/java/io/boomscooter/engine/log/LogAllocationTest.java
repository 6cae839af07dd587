package io.boomscooter.engine.log;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import static io.boomscooter.engine.log.LogTestSupport.CHANNEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Zero bytes allocated per append and per read after warm-up, measured by the thread's allocation counter.
 */
class LogAllocationTest
{
    private static final int N = 100_000;
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @TempDir
    Path tmp;

    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[64]);
    private long sink;

    private static long allocated()
    {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private void appendMany(final LogWriter writer, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            sink += LogTestSupport.append(writer, 1, i, 7, i, CHANNEL, 0, CHANNEL.capacity(), payload, 0, 8, payload,
                0, 32);
        }
    }

    private int readMany(final LogReader reader, final LogFrameHandler handler, final int count)
    {
        int read = 0;
        while (read < count)
        {
            final int n = reader.poll(handler, 100);
            if (n <= 0)
            {
                break;
            }
            read += n;
        }
        return read;
    }

    @Test
    void appendAndPollAllocateNothingPerEntry()
    {
        // One segment big enough for warm-up and measurement, so no roll (which allocates per segment) occurs.
        final LogConfig cfg = new LogConfig().segmentLength(64 * 1024 * 1024).preallocateOnAppend(false);
        try (LogWriter writer = LogWriter.open(tmp.resolve("log"), cfg);
            LogReader reader = LogReader.open(tmp.resolve("log")))
        {
            final LogEntryView view = reader.entryView();
            final LogFrameHandler handler = (buffer, offset, length, seqno, epoch, ts) ->
            {
                if (view.wrap(buffer, offset, length))
                {
                    sink += view.producerId() + view.payloadLength() + seqno;
                }
            };

            final long calibrateStart = allocated();
            final long calibration = allocated() - calibrateStart;

            appendMany(writer, N);
            readMany(reader, handler, N);

            long start = allocated();
            appendMany(writer, N);
            final long appendBytes = allocated() - start - calibration;

            start = allocated();
            final int read = readMany(reader, handler, N);
            final long readBytes = allocated() - start - calibration;

            assertEquals(N, read);
            assertTrue(appendBytes <= 0, "append allocated " + appendBytes + " bytes over " + N + " entries");
            assertTrue(readBytes <= 0, "poll allocated " + readBytes + " bytes over " + N + " entries");
            assertTrue(sink != 0);
        }
    }
}
