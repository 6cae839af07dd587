package io.boomscooter.engine.log;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import static io.boomscooter.engine.log.LogTestSupport.CHANNEL;
import static io.boomscooter.engine.log.LogTestSupport.SCRATCH;
import static io.boomscooter.engine.log.LogTestSupport.smallSegments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Format version 2: the size of a small entry, typed frames that readers skip or deliver by type, the replica
 * copy path carrying every type, and the refusal of a version-1 log.
 */
class LogFormatTwoTest
{
    static final int FAMILY_TYPE = 0x1F0;

    @TempDir
    Path tmp;

    @Test
    void aThirtyTwoByteEntryWithoutChannelOrKeyTakesAtMostNinetySixBytes()
    {
        final Path dir = tmp.resolve("log");
        final List<Integer> offsets = new ArrayList<>();
        try (LogWriter writer = LogWriter.open(dir, smallSegments()))
        {
            for (int i = 1; i <= 100; i++)
            {
                writer.appendEntry(1, i, 7, i, SCRATCH, 0, 0, 0, 0, 0, 32);
            }
        }
        try (LogReader reader = LogReader.open(dir))
        {
            reader.poll((buffer, offset, length, seqno, epoch, ts) -> offsets.add(offset), 100);
        }
        assertEquals(100, offsets.size());
        final int perEntry = offsets.get(1) - offsets.get(0);
        assertEquals(88, perEntry, "32 header + 21 fixed body + 32 payload = 85, aligned to 8");
        assertTrue(perEntry <= 96);
        final LogVerifier.Result stats = LogVerifier.verify(dir);
        assertEquals(88.0, stats.bytesPerEntry(), 0.001, "log stats reports bytes per entry");
    }

    @Test
    void readersSkipMarkersAndFamilyFramesWhileTypedReadersAndReplicasSeeThem()
    {
        FrameTypes.register(FAMILY_TYPE, "test.checkpoint");
        final Path dir = tmp.resolve("leader");
        final UnsafeBuffer body = new UnsafeBuffer(new byte[]{1, 2, 3, 4, 5});
        try (LogWriter writer = LogWriter.open(dir, smallSegments()))
        {
            assertEquals(1, writer.appendFrame(FrameTypes.LEADER_MARKER, 1, 10, body, 0, 0));
            for (int i = 0; i < 2000; i++)
            {
                if (i % 100 == 50)
                {
                    writer.appendFrame(FAMILY_TYPE, 1, 20, body, 0, 5);
                }
                LogTestSupport.appendDeterministicAnyEpoch(writer, 1);
            }
            assertEquals(2000 + 1 + 20, writer.lastSeqno());
            assertTrue(writer.segmentCount() > 2, "frames of every type cross segment rolls");
        }

        // An entry reader: only ENTRY frames, with the seqno gaps where other frames sit.
        final long[] entries = {0, 0};
        try (LogReader reader = LogReader.open(dir))
        {
            int n;
            while ((n = reader.poll((buffer, offset, length, seqno, epoch, ts) ->
            {
                assertEquals(FrameTypes.ENTRY, LogFormat.frameType(buffer, offset));
                assertTrue(seqno > entries[1]);
                entries[0]++;
                entries[1] = seqno;
            }, 7)) > 0)
            {
                assertTrue(n <= 7, "limit counts frames passed");
            }
            assertEquals(0, n);
        }
        assertEquals(2000, entries[0]);
        assertEquals(2021, entries[1]);

        // A typed reader: every frame, with its type.
        final int[] byType = new int[0x10000];
        try (LogReader reader = LogReader.open(dir))
        {
            while (reader.pollFrames((type, buffer, offset, length, seqno, epoch, ts) ->
            {
                byType[type]++;
                if (FAMILY_TYPE == type)
                {
                    assertEquals(LogFormat.FRAME_HEADER_LENGTH + 5, length);
                    assertEquals(3, buffer.getByte(offset + LogFormat.FRAME_HEADER_LENGTH + 2));
                }
            }, 100) > 0)
            {
                // reading
            }
        }
        assertEquals(2000, byType[FrameTypes.ENTRY]);
        assertEquals(1, byType[FrameTypes.LEADER_MARKER]);
        assertEquals(20, byType[FAMILY_TYPE]);
        assertEquals(0, byType[FrameTypes.PADDING], "padding is never delivered");
        assertEquals("test.checkpoint", FrameTypes.name(FAMILY_TYPE));

        final LogVerifier.Result verified = LogVerifier.verify(dir);
        assertTrue(verified.ok(), verified.describe());
        assertEquals(2000, verified.entries());
        assertEquals(21, verified.otherFrames());

        // The replication path copies every type, and a replica appends them verbatim.
        final Path replicaDir = tmp.resolve("replica");
        final UnsafeBuffer batch = new UnsafeBuffer(ByteBuffer.allocateDirect(8 * 1024));
        try (LogReader reader = LogReader.open(dir); LogWriter replica = LogWriter.open(replicaDir, smallSegments()))
        {
            int copied;
            while ((copied = reader.copyFrames(batch, 0, batch.capacity())) > 0)
            {
                replica.appendFrames(batch, 0, copied);
            }
            assertEquals(0, copied);
            assertEquals(2021, replica.lastSeqno());
        }
        final LogVerifier.Result replicaVerified = LogVerifier.verify(replicaDir);
        assertTrue(replicaVerified.ok(), replicaVerified.describe());
        assertEquals(21, replicaVerified.otherFrames());
    }

    @Test
    void appendFramesRefusesPaddingUnknownCoreTypesAndBadChecksums()
    {
        final Path dir = tmp.resolve("leader");
        try (LogWriter writer = LogWriter.open(dir, smallSegments()))
        {
            LogTestSupport.appendDeterministicAnyEpoch(writer, 1);
        }
        final UnsafeBuffer batch = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
        final int copied;
        try (LogReader reader = LogReader.open(dir))
        {
            copied = reader.copyFrames(batch, 0, batch.capacity());
        }
        try (LogWriter replica = LogWriter.open(tmp.resolve("replica"), smallSegments()))
        {
            for (final int badType : new int[]{0, FrameTypes.PADDING, 0x42})
            {
                final UnsafeBuffer copy = copyOf(batch, copied);
                copy.putShort(LogFormat.FRAME_TYPE_OFFSET, (short)badType);
                final LogCorruptionException ex = assertThrows(LogCorruptionException.class,
                    () -> replica.appendFrames(copy, 0, copied));
                assertTrue(ex.getMessage().contains("cannot be replicated"), ex.getMessage());
            }
            final UnsafeBuffer flipped = copyOf(batch, copied);
            flipped.putByte(LogFormat.FRAME_HEADER_LENGTH + 3,
                (byte)(flipped.getByte(LogFormat.FRAME_HEADER_LENGTH + 3) ^ 0x10));
            final LogCorruptionException crc = assertThrows(LogCorruptionException.class,
                () -> replica.appendFrames(flipped, 0, copied));
            assertTrue(crc.getMessage().contains("checksum"), crc.getMessage());
            assertEquals(0, replica.lastSeqno(), "nothing appended");
            assertEquals(1, replica.appendFrames(batch, 0, copied), "the sound copy is taken");
        }
    }

    @Test
    void appendRefusesCoreTypesItDoesNotWriteAndEpochsBeyondUint32()
    {
        try (LogWriter writer = LogWriter.open(tmp.resolve("log"), smallSegments()))
        {
            final UnsafeBuffer body = new UnsafeBuffer(new byte[8]);
            assertThrows(IllegalArgumentException.class, () -> writer.appendFrame(FrameTypes.PADDING, 1, 0, body, 0, 0));
            assertThrows(IllegalArgumentException.class, () -> writer.appendFrame(0x42, 1, 0, body, 0, 0));
            assertThrows(IllegalArgumentException.class, () -> writer.appendFrame(0, 1, 0, body, 0, 0));
            assertThrows(IllegalArgumentException.class,
                () -> writer.appendFrame(FrameTypes.LEADER_MARKER, LogFormat.MAX_EPOCH + 1, 0, body, 0, 0));
            assertEquals(1, writer.appendFrame(FrameTypes.LEADER_MARKER, LogFormat.MAX_EPOCH, 0, body, 0, 0));
            assertEquals(LogFormat.MAX_EPOCH, writer.lastEpoch());
        }
        try (LogWriter again = LogWriter.open(tmp.resolve("log"), smallSegments()))
        {
            assertEquals(LogFormat.MAX_EPOCH, again.lastEpoch(), "a uint32 epoch reads back unsigned");
        }
        assertThrows(IllegalArgumentException.class, () -> FrameTypes.register(0x42, "core.squatter"));
        FrameTypes.register(0x1F1, "test.a");
        assertThrows(IllegalArgumentException.class, () -> FrameTypes.register(0x1F1, "test.b"));
    }

    @Test
    void aClaimIsInvisibleUntilCommittedAndAnAbortLeavesNoTrace()
    {
        final Path dir = tmp.resolve("log");
        try (LogWriter writer = LogWriter.open(dir, smallSegments()); LogReader reader = LogReader.open(dir))
        {
            final int at = writer.claimEntry(1, 5, 7, 8, CHANNEL.capacity(), 0, 4);
            writer.claimBuffer().putBytes(at, CHANNEL, 0, CHANNEL.capacity());
            writer.claimBuffer().putInt(at + CHANNEL.capacity(), 0xCAFE);
            assertEquals(0, reader.poll((b, o, l, s, e, t) -> { }, 1), "claimed but not committed");
            assertThrows(IllegalStateException.class, () -> writer.claimEntry(1, 5, 7, 8, 0, 0, 4));
            writer.abort();
            assertEquals(0, reader.poll((b, o, l, s, e, t) -> { }, 1));
            final LogEntryView view = new LogEntryView();
            writer.claimEntry(1, 5, 7, 9, 0, 0, 0);
            assertEquals(1, writer.commit());
            assertEquals(1, reader.poll((b, o, l, s, e, t) ->
            {
                assertTrue(view.wrap(b, o, l), view.error());
                assertEquals(9, view.producerSeqno());
                assertEquals(0, view.payloadLength());
            }, 1));
        }
    }

    @Test
    void aVersionOneLogIsRefusedNamingTheVersion() throws Exception
    {
        final Path dir = tmp.resolve("log");
        try (LogWriter writer = LogWriter.open(dir, smallSegments()))
        {
            LogTestSupport.appendDeterministic(writer);
        }
        final Path seg = dir.resolve(LogFormat.segmentFileName(1));
        try (RandomAccessFile raf = new RandomAccessFile(seg.toFile(), "rw"))
        {
            final byte[] header = new byte[LogFormat.SEGMENT_HEADER_LENGTH];
            raf.readFully(header);
            final ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(LogFormat.SEG_VERSION_OFFSET, 1);
            final CRC32C crc = new CRC32C();
            crc.update(header, 0, LogFormat.SEG_HEADER_CRC_OFFSET);
            b.putInt(LogFormat.SEG_HEADER_CRC_OFFSET, (int)crc.getValue());
            raf.seek(0);
            raf.write(header);
        }
        final LogException ex = assertThrows(LogException.class, () -> LogWriter.open(dir, smallSegments()));
        assertFalse(ex instanceof LogCorruptionException, "an old version is not damage");
        assertTrue(ex.getMessage().contains("log format version 1 in " + seg), ex.getMessage());
        assertTrue(ex.getMessage().contains("this build reads version 2"), ex.getMessage());
        try (LogReader reader = LogReader.open(dir))
        {
            final LogException readEx = assertThrows(LogException.class, () -> reader.seek(1));
            assertTrue(readEx.getMessage().contains("log format version 1"), readEx.getMessage());
        }
    }

    @Test
    void aFrameOfATypeThisBuildDoesNotKnowIsCheckedAndSkipped() throws Exception
    {
        final Path dir = tmp.resolve("log");
        final UnsafeBuffer body = new UnsafeBuffer(new byte[]{9, 9, 9});
        try (LogWriter writer = LogWriter.open(dir, smallSegments()))
        {
            LogTestSupport.appendDeterministicAnyEpoch(writer, 1);
            writer.appendFrame(0x1F4, 1, 0, body, 0, 3);
            LogTestSupport.appendDeterministicAnyEpoch(writer, 1);
        }
        // Make frame 2 a core type a future build might write (0x42), with a sound checksum.
        final int offset = LogFormat.SEGMENT_HEADER_LENGTH + LogFormat.alignedLength(firstFrameLength(dir));
        final Path seg = dir.resolve(LogFormat.segmentFileName(1));
        try (RandomAccessFile raf = new RandomAccessFile(seg.toFile(), "rw"))
        {
            final byte[] frame = new byte[LogFormat.FRAME_HEADER_LENGTH + 3];
            raf.seek(offset);
            raf.readFully(frame);
            final ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(2, b.getLong(LogFormat.FRAME_SEQNO_OFFSET));
            b.putShort(LogFormat.FRAME_TYPE_OFFSET, (short)0x42);
            final CRC32C crc = new CRC32C();
            crc.update(frame, LogFormat.CRC_START, frame.length - LogFormat.CRC_START);
            b.putInt(LogFormat.FRAME_CRC_OFFSET, (int)crc.getValue());
            raf.seek(offset);
            raf.write(frame);
        }
        final List<Long> seqnos = new ArrayList<>();
        try (LogReader reader = LogReader.open(dir))
        {
            assertEquals(3, reader.poll((buffer, o, l, seqno, e, t) -> seqnos.add(seqno), 10));
        }
        assertEquals(List.of(1L, 3L), seqnos);
        final LogVerifier.Result verified = LogVerifier.verify(dir);
        assertTrue(verified.ok(), verified.describe());
        assertEquals(1, verified.otherFrames());
        assertEquals("unknown-66", FrameTypes.name(0x42));
        try (LogWriter reopened = LogWriter.open(dir, smallSegments()))
        {
            assertEquals(3, reopened.lastSeqno(), "recovery walks over it too");
        }

        // Its CRC is still checked: damage in an unknown frame is damage.
        try (RandomAccessFile raf = new RandomAccessFile(seg.toFile(), "rw"))
        {
            raf.seek(offset + LogFormat.FRAME_HEADER_LENGTH + 1);
            raf.write(7);
        }
        final LogVerifier.Result damaged = LogVerifier.verify(dir);
        assertFalse(damaged.ok());
        assertEquals(2, damaged.badSeqno());
        assertEquals("checksum mismatch", damaged.reason());
    }

    private static int firstFrameLength(final Path dir)
    {
        try (LogReader reader = LogReader.open(dir))
        {
            final int[] length = {0};
            reader.poll((buffer, o, l, seqno, e, t) -> length[0] = l, 1);
            return length[0];
        }
    }

    private static UnsafeBuffer copyOf(final UnsafeBuffer src, final int length)
    {
        final UnsafeBuffer copy = new UnsafeBuffer(ByteBuffer.allocateDirect(src.capacity()));
        copy.putBytes(0, src, 0, length);
        return copy;
    }
}
