package io.boomscooter.engine.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.boomscooter.engine.log.LogTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The crash states a kill -9 can leave, built exactly: torn frames, a pre-allocated file, a roll cut short.
 */
class LogRecoveryTest
{
    @TempDir
    Path tmp;

    private Path logWith(final int count)
    {
        final Path dir = tmp.resolve("log");
        try (LogWriter writer = LogWriter.open(dir, smallSegments()))
        {
            for (int i = 0; i < count; i++)
            {
                appendDeterministic(writer);
            }
        }
        return dir;
    }

    private static Path lastSegment(final Path dir)
    {
        final long[] bases = LogDirectory.segmentBases(dir);
        return dir.resolve(LogFormat.segmentFileName(bases[bases.length - 1]));
    }

    /** Offset just past the last frame of a segment. */
    private static int endOfData(final Path segment) throws Exception
    {
        try (RandomAccessFile raf = new RandomAccessFile(segment.toFile(), "r"))
        {
            int offset = LogFormat.SEGMENT_HEADER_LENGTH;
            while (true)
            {
                raf.seek(offset);
                final int length = Integer.reverseBytes(raf.readInt());
                if (length <= 0)
                {
                    return offset;
                }
                offset += LogFormat.alignedLength(length);
            }
        }
    }

    @Test
    void unpublishedPartialFrameIsZeroedAndSeqnoReused() throws Exception
    {
        final Path dir = logWith(1000);
        final Path seg = lastSegment(dir);
        final int end = endOfData(seg);
        try (RandomAccessFile raf = new RandomAccessFile(seg.toFile(), "rw"))
        {
            raf.seek(end + 4);
            raf.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20});
        }
        try (LogWriter writer = LogWriter.open(dir, smallSegments()))
        {
            assertEquals(1000, writer.lastSeqno());
            assertEquals(1001, appendDeterministic(writer));
        }
        try (LogReader reader = LogReader.open(dir))
        {
            assertEquals(1001, readAllChecked(reader));
        }
    }

    @Test
    void publishedTailFrameWithBadChecksumIsTruncated() throws Exception
    {
        final Path dir = logWith(1000);
        final Path seg = lastSegment(dir);
        final int end = endOfData(seg);
        final int lastFrame;
        try (RandomAccessFile raf = new RandomAccessFile(seg.toFile(), "rw"))
        {
            // Walk again to find the last frame's offset, then damage its body (a torn write after power loss).
            int offset = LogFormat.SEGMENT_HEADER_LENGTH;
            int previous = offset;
            while (offset < end)
            {
                previous = offset;
                raf.seek(offset);
                offset += LogFormat.alignedLength(Integer.reverseBytes(raf.readInt()));
            }
            lastFrame = previous;
            raf.seek(lastFrame + LogFormat.FRAME_HEADER_LENGTH + 3);
            raf.write(0x7F);
        }
        try (LogWriter writer = LogWriter.open(dir, smallSegments()))
        {
            assertEquals(999, writer.lastSeqno());
            assertEquals(1000, appendDeterministic(writer));
        }
        assertEquals(1000, LogVerifier.verify(dir).lastSeqno());
        assertTrue(LogVerifier.verify(dir).ok());
    }

    @Test
    void leftoverPreallocatedSegmentAndOrphanIndexAreRemoved() throws Exception
    {
        final Path dir = logWith(500);
        Files.write(dir.resolve(LogFormat.PREALLOCATED_SEGMENT), new byte[65536]);
        Files.write(dir.resolve(LogFormat.PREALLOCATED_INDEX), new byte[1024]);
        Files.write(dir.resolve(LogFormat.indexFileName(999_999)), new byte[1024]);
        try (LogWriter writer = LogWriter.open(dir, smallSegments()))
        {
            assertEquals(500, writer.lastSeqno());
            assertFalse(Files.exists(dir.resolve(LogFormat.PREALLOCATED_SEGMENT)));
            assertFalse(Files.exists(dir.resolve(LogFormat.indexFileName(999_999))));
            assertEquals(501, appendDeterministic(writer));
        }
    }

    @Test
    void rollCutShortAfterPaddingResumesInANewSegment() throws Exception
    {
        final Path dir = logWith(3000);
        final long[] bases = LogDirectory.segmentBases(dir);
        final long lastBase = bases[bases.length - 1];
        // Delete the newest segment: the state of a crash after the padding was written but before the rename.
        Files.delete(dir.resolve(LogFormat.segmentFileName(lastBase)));
        Files.delete(dir.resolve(LogFormat.indexFileName(lastBase)));
        try (LogWriter writer = LogWriter.open(dir, smallSegments()))
        {
            assertEquals(lastBase - 1, writer.lastSeqno());
            assertEquals(lastBase, appendDeterministic(writer));
            assertTrue(Files.exists(dir.resolve(LogFormat.segmentFileName(lastBase))));
        }
        try (LogReader reader = LogReader.open(dir))
        {
            assertEquals(lastBase, readAllChecked(reader));
        }
    }

    @Test
    void missingOrShortIndexIsRebuiltAndSeeksStillWork() throws Exception
    {
        final Path dir = logWith(3000);
        final long[] bases = LogDirectory.segmentBases(dir);
        Files.delete(dir.resolve(LogFormat.indexFileName(bases[1])));
        Files.write(dir.resolve(LogFormat.indexFileName(bases[bases.length - 1])), new byte[10]);
        try (LogReader reader = LogReader.open(dir))
        {
            assertEquals(LogReader.SEEK_OK, reader.seek(bases[1] + 5), "no index: scans the segment");
            assertEquals(1, reader.poll((b, o, l, s, e, t) -> assertEquals(bases[1] + 5, s), 1));
        }
        try (LogWriter writer = LogWriter.open(dir, smallSegments()))
        {
            assertEquals(3000, writer.lastSeqno());
            assertTrue(Files.size(dir.resolve(LogFormat.indexFileName(bases[bases.length - 1]))) > 10, "rebuilt");
        }
        try (LogReader reader = LogReader.open(dir))
        {
            assertEquals(LogReader.SEEK_OK, reader.seek(2999));
            assertEquals(2, reader.poll((b, o, l, s, e, t) -> { }, 10));
        }
    }
}
