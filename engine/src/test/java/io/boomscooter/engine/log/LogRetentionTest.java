package io.boomscooter.engine.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.boomscooter.engine.log.LogTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogRetentionTest
{
    @TempDir
    Path tmp;

    @Test
    void trimUnderALiveReaderGivesTrimmedNotACrash()
    {
        final Path dir = tmp.resolve("log");
        try (LogWriter writer = LogWriter.open(dir, smallSegments());
            LogReader reader = LogReader.open(dir))
        {
            for (int i = 0; i < 10_000; i++)
            {
                appendDeterministic(writer);
            }
            assertEquals(LogReader.SEEK_OK, reader.seek(1));
            final long[] last = {0};
            assertEquals(10, reader.poll((b, o, l, s, e, t) -> last[0] = s, 10));

            final int deleted = writer.trimBelow(8_000);
            assertTrue(deleted > 10);
            final long first = writer.firstSeqno();
            assertTrue(first <= 8_000 && first > 7_000, "first " + first);

            // The reader finishes the segment it has mapped (the unlinked file stays mapped), then is told.
            int n;
            while ((n = reader.poll((b, o, l, s, e, t) ->
            {
                assertEquals(last[0] + 1, s);
                last[0] = s;
            }, 100)) > 0)
            {
                // drain its current segment
            }
            assertEquals(LogReader.TRIMMED, n);
            assertEquals(first, reader.earliestSeqno());
            assertEquals(LogReader.SEEK_TRIMMED, reader.seek(5));
            assertEquals(LogReader.SEEK_OK, reader.seek(reader.earliestSeqno()));
            assertEquals(10_000, readAllChecked(reader));
            assertEquals(LogWriter.NULL_EPOCH, writer.epochOf(5));
        }
    }

    @Test
    void trimsBySizeAndAgeButNeverTheCurrentSegment()
    {
        final Path dir = tmp.resolve("log");
        try (LogWriter writer = LogWriter.open(dir, smallSegments()))
        {
            for (int i = 0; i < 10_000; i++)
            {
                appendDeterministic(writer);
            }
            final int before = writer.segmentCount();
            writer.trimToSize(10 * 64 * 1024);
            assertEquals(10, writer.segmentCount());
            assertEquals(before - 10, LogDirectory.segmentBases(dir).length == 10 ? before - 10 : -1);
            writer.trimOlderThan(System.currentTimeMillis() + 60_000);
            assertEquals(1, writer.segmentCount(), "the current segment stays");
            writer.trimBelow(Long.MAX_VALUE);
            assertEquals(1, writer.segmentCount());
            assertEquals(10_001, appendDeterministic(writer));
        }
        try (LogReader reader = LogReader.open(dir))
        {
            assertEquals(10_001, readAllChecked(reader));
        }
    }
}
