package io.boomscooter.engine.log;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import static io.boomscooter.engine.log.LogTestSupport.appendDeterministic;
import static io.boomscooter.engine.log.LogTestSupport.readAllChecked;
import static io.boomscooter.engine.log.LogTestSupport.smallSegments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9 item 5, log side: a corrupt byte in the middle of the open segment or of a sealed segment is found when
 * the writer opens (a clear error naming file, offset and seqno, and what to do), and the replication copy path
 * never ships a damaged frame.
 */
class LogDamageDetectionTest
{
    @TempDir
    Path tmp;

    /** @return the file offset of the frame with this seqno, found with a reader. */
    private static int offsetOf(final Path dir, final long seqno)
    {
        try (LogReader reader = LogReader.open(dir))
        {
            assertEquals(LogReader.SEEK_OK, reader.seek(seqno));
            final int[] at = {-1};
            reader.poll((buffer, offset, length, s, epoch, ts) -> at[0] = offset, 1);
            return at[0];
        }
    }

    private static void flipByte(final Path file, final long offset) throws Exception
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(offset);
            final int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x20);
        }
    }

    @Test
    void aCorruptByteInTheMiddleOfTheOpenSegmentFailsOpenWithFileOffsetSeqnoAndAdvice() throws Exception
    {
        final Path dir = tmp.resolve("log");
        try (LogWriter writer = LogWriter.open(dir, new LogConfig().segmentLength(1024 * 1024)))
        {
            for (int i = 0; i < 200; i++)
            {
                appendDeterministic(writer);
            }
        }
        final int offset = offsetOf(dir, 100);
        final Path seg = dir.resolve(LogFormat.segmentFileName(1));
        flipByte(seg, offset + LogFormat.FRAME_HEADER_LENGTH + LogFormat.ENTRY_FIXED_LENGTH + 3);
        final LogCorruptionException ex = assertThrows(LogCorruptionException.class,
            () -> LogWriter.open(dir, new LogConfig().segmentLength(1024 * 1024)));
        assertEquals(100, ex.seqno());
        assertEquals(offset, ex.fileOffset());
        assertTrue(ex.getMessage().contains("seqno 100 in " + seg + " at offset " + offset), ex.getMessage());
        assertTrue(ex.getMessage().contains("To repair"), ex.getMessage());
    }

    @Test
    void aCorruptByteInASealedSegmentIsFoundAtOpenUnlessVerificationIsOff() throws Exception
    {
        final Path dir = tmp.resolve("log");
        try (LogWriter writer = LogWriter.open(dir, smallSegments()))
        {
            for (int i = 0; i < 3000; i++)
            {
                appendDeterministic(writer);
            }
            assertTrue(writer.segmentCount() >= 3);
        }
        // Early in the first segment: before its last index slot, so only a full CRC pass can see it.
        final int offset = offsetOf(dir, 20);
        final Path seg = dir.resolve(LogFormat.segmentFileName(1));
        flipByte(seg, offset + LogFormat.FRAME_HEADER_LENGTH + LogFormat.ENTRY_FIXED_LENGTH + 1);

        final LogCorruptionException ex = assertThrows(LogCorruptionException.class,
            () -> LogWriter.open(dir, smallSegments()));
        assertEquals(20, ex.seqno());
        assertEquals(offset, ex.fileOffset());
        assertTrue(ex.getMessage().contains(seg.toString()), ex.getMessage());
        assertTrue(ex.getMessage().contains("sealed segment") && ex.getMessage().contains("To repair"),
            ex.getMessage());

        try (LogWriter writer = LogWriter.open(dir, smallSegments().verifyOnOpen(false)))
        {
            assertEquals(3000, writer.lastSeqno(), "without verification the damage goes unseen at open");
        }
    }

    @Test
    void theReplicationCopyStopsBeforeADamagedFrameAndSaysWhere() throws Exception
    {
        final Path dir = tmp.resolve("log");
        try (LogWriter writer = LogWriter.open(dir, smallSegments()))
        {
            for (int i = 0; i < 3000; i++)
            {
                appendDeterministic(writer);
            }
        }
        final int offset = offsetOf(dir, 150);
        flipByte(dir.resolve(LogFormat.segmentFileName(1)),
            offset + LogFormat.FRAME_HEADER_LENGTH + LogFormat.ENTRY_FIXED_LENGTH + 2);

        final UnsafeBuffer batch = new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024));
        final Path replicaDir = tmp.resolve("replica");
        try (LogReader reader = LogReader.open(dir); LogWriter replica = LogWriter.open(replicaDir, smallSegments()))
        {
            int copied;
            while ((copied = reader.copyFrames(batch, 0, batch.capacity())) > 0)
            {
                replica.appendFrames(batch, 0, copied);
            }
            assertEquals(LogReader.CORRUPT, copied);
            assertEquals(150, reader.corruptSeqno());
            assertEquals(offset, reader.corruptOffset());
            assertEquals("checksum mismatch", reader.corruptReason());
            assertEquals(149, replica.lastSeqno(), "every sound frame before the damage, none after");
            assertEquals(LogReader.CORRUPT, reader.copyFrames(batch, 0, batch.capacity()), "sticky");
        }
        try (LogReader check = LogReader.open(replicaDir))
        {
            assertEquals(149, readAllChecked(check));
        }
    }
}
