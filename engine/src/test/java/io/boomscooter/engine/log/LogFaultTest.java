package io.boomscooter.engine.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.boomscooter.engine.log.LogTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input and damage: each gives a clear error naming the place, and none changes good data.
 */
class LogFaultTest
{
    @TempDir
    Path tmp;

    private Path writeLog(final int count)
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

    private static byte[] snapshot(final Path dir) throws Exception
    {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (final java.io.File f : files(dir))
        {
            if (f.getName().endsWith(".seg"))
            {
                out.write(Files.readAllBytes(f.toPath()));
            }
        }
        return out.toByteArray();
    }

    @Test
    void flippedBitInABodyIsReportedWithSeqnoAndOffsetAndNeverDelivered() throws Exception
    {
        final Path dir = writeLog(3000);
        final Path first = dir.resolve(LogFormat.segmentFileName(1));
        final int frameOffset = LogFormat.SEGMENT_HEADER_LENGTH;
        // Find the frame of seqno 100 by walking lengths, then flip a bit in its body.
        int offset = frameOffset;
        try (RandomAccessFile raf = new RandomAccessFile(first.toFile(), "rw"))
        {
            for (int s = 1; s < 100; s++)
            {
                raf.seek(offset);
                offset += LogFormat.alignedLength(Integer.reverseBytes(raf.readInt()));
            }
            raf.seek(offset + LogFormat.FRAME_HEADER_LENGTH + 20);
            final int b = raf.read();
            raf.seek(offset + LogFormat.FRAME_HEADER_LENGTH + 20);
            raf.write(b ^ 0x10);
        }
        try (LogReader reader = LogReader.open(dir))
        {
            final long[] last = {0};
            int n;
            while ((n = reader.poll((buf, o, l, seqno, e, t) -> last[0] = seqno, 1000)) > 0)
            {
                // drain up to the damage
            }
            assertEquals(LogReader.CORRUPT, n);
            assertEquals(99, last[0]);
            assertEquals(100, reader.corruptSeqno());
            assertEquals(offset, reader.corruptOffset());
            assertEquals("checksum mismatch", reader.corruptReason());
            assertEquals(LogReader.CORRUPT, reader.poll((buf, o, l, s, e, t) -> { }, 10), "sticky");
        }
        // The damage is not in the last segment, so the writer opens; verify finds it.
        final LogVerifier.Result result = LogVerifier.verify(dir);
        assertTrue(!result.ok());
        assertEquals(100, result.badSeqno());
        assertEquals(offset, result.badOffset());
    }

    @Test
    void damageInTheMiddleOfTheLastSegmentIsNotTruncatedAway() throws Exception
    {
        final Path dir = tmp.resolve("log");
        try (LogWriter writer = LogWriter.open(dir, new LogConfig().segmentLength(1024 * 1024)))
        {
            for (int i = 0; i < 200; i++)
            {
                appendDeterministic(writer);
            }
        }
        final Path seg = dir.resolve(LogFormat.segmentFileName(1));
        try (RandomAccessFile raf = new RandomAccessFile(seg.toFile(), "rw"))
        {
            raf.seek(LogFormat.SEGMENT_HEADER_LENGTH + LogFormat.FRAME_HEADER_LENGTH + 30);
            final int b = raf.read();
            raf.seek(LogFormat.SEGMENT_HEADER_LENGTH + LogFormat.FRAME_HEADER_LENGTH + 30);
            raf.write(b ^ 1);
        }
        final byte[] before = snapshot(dir);
        final LogCorruptionException ex = assertThrows(LogCorruptionException.class,
            () -> LogWriter.open(dir, new LogConfig().segmentLength(1024 * 1024)));
        assertEquals(1, ex.seqno());
        assertEquals(LogFormat.SEGMENT_HEADER_LENGTH, ex.fileOffset());
        assertTrue(ex.getMessage().contains("refusing to truncate"), ex.getMessage());
        assertArrayEquals(before, snapshot(dir), "good data untouched");
    }

    @Test
    void truncatedSegmentFileIsRefused() throws Exception
    {
        final Path dir = writeLog(3000);
        final Path first = dir.resolve(LogFormat.segmentFileName(1));
        try (RandomAccessFile raf = new RandomAccessFile(first.toFile(), "rw"))
        {
            raf.setLength(10_000);
        }
        final LogCorruptionException ex = assertThrows(LogCorruptionException.class,
            () -> LogWriter.open(dir, smallSegments()));
        assertTrue(ex.getMessage().contains("truncated"), ex.getMessage());
        try (LogReader reader = LogReader.open(dir))
        {
            assertEquals(LogReader.SEEK_CORRUPT, reader.seek(1));
            assertTrue(reader.corruptReason().contains("truncated"), reader.corruptReason());
        }
        assertTrue(!LogVerifier.verify(dir).ok());
    }

    @Test
    void missingMiddleSegmentIsRefused() throws Exception
    {
        final Path dir = writeLog(3000);
        final long[] bases = LogDirectory.segmentBases(dir);
        Files.delete(dir.resolve(LogFormat.segmentFileName(bases[2])));
        final byte[] before = snapshot(dir);
        final LogCorruptionException ex = assertThrows(LogCorruptionException.class,
            () -> LogWriter.open(dir, smallSegments()));
        assertTrue(ex.getMessage().contains("missing segment " + LogFormat.segmentFileName(bases[2])),
            ex.getMessage());
        assertArrayEquals(before, snapshot(dir));
        try (LogReader reader = LogReader.open(dir))
        {
            int n;
            while ((n = reader.poll((b, o, l, s, e, t) -> { }, 1000)) > 0)
            {
                // drain
            }
            assertEquals(LogReader.CORRUPT, n);
            assertEquals(bases[2], reader.corruptSeqno());
            assertTrue(reader.corruptReason().contains("missing"));
        }
        final LogVerifier.Result result = LogVerifier.verify(dir);
        assertEquals(bases[2], result.badSeqno());
    }

    @Test
    void foreignFilesAreDetected() throws Exception
    {
        final Path dir = writeLog(100);
        Files.writeString(dir.resolve("00000000000000009999.seg"), "hello, I am not a segment".repeat(10));
        final LogCorruptionException ex = assertThrows(LogCorruptionException.class,
            () -> LogWriter.open(dir, smallSegments()));
        assertTrue(ex.getMessage().contains("00000000000000009999.seg"), ex.getMessage());
        Files.delete(dir.resolve("00000000000000009999.seg"));

        Files.writeString(dir.resolve("notes.seg"), "x");
        final LogCorruptionException badName = assertThrows(LogCorruptionException.class,
            () -> LogReader.open(dir));
        assertTrue(badName.getMessage().contains("foreign file"), badName.getMessage());
        Files.delete(dir.resolve("notes.seg"));

        try (LogWriter writer = LogWriter.open(dir, smallSegments()))
        {
            assertEquals(100, writer.lastSeqno(), "a sound log opens again once the foreign files are gone");
        }
    }

    @Test
    void aDirectoryThatIsNotALogIsRefused() throws Exception
    {
        final Path notALog = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(notALog.resolve("report.txt"), "precious");
        final LogException ex = assertThrows(LogException.class, () -> LogWriter.open(notALog, smallSegments()));
        assertTrue(ex.getMessage().contains("not a log directory"), ex.getMessage());
        assertEquals("precious", Files.readString(notALog.resolve("report.txt")));
        assertThrows(LogException.class, () -> LogReader.open(notALog));
        assertThrows(LogException.class, () -> LogReader.open(tmp.resolve("missing")));
        final Path file = Files.writeString(tmp.resolve("plain"), "x");
        assertThrows(LogException.class, () -> LogWriter.open(file, smallSegments()));
    }

    @Test
    void aSecondWriterIsRefused()
    {
        final Path dir = tmp.resolve("log");
        try (LogWriter writer = LogWriter.open(dir, smallSegments()))
        {
            appendDeterministic(writer);
            final LogException ex = assertThrows(LogException.class, () -> LogWriter.open(dir, smallSegments()));
            assertTrue(ex.getMessage().contains("already has a writer"), ex.getMessage());
            assertEquals(2, appendDeterministic(writer), "the first writer carries on");
        }
        try (LogWriter again = LogWriter.open(dir, smallSegments()))
        {
            assertEquals(2, again.lastSeqno());
        }
    }
}
