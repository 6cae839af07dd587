package io.boomscooter.engine.log;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.boomscooter.engine.FuzzSupport;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import static io.boomscooter.engine.FuzzSupport.check;
import static io.boomscooter.engine.FuzzSupport.chunk;
import static io.boomscooter.engine.FuzzSupport.concat;
import static io.boomscooter.engine.log.LogFormat.*;

/**
 * Fuzz targets for log files from disk and log frames from a leader (docs/fuzzing.md). The input describes a log
 * directory: one or two segment files of 64 KiB and an optional index, built by {@link #writeLog}; the harness can
 * make the headers sound, set frame seqnos in order and seal frame checksums so the fuzzer gets past each check.
 * Files are rewritten in one directory per JVM for each input.
 * <ul>
 *     <li>{@link #reader}: {@link LogReader} seek, poll, pollFrames and copyFrames, and {@link LogVerifier#verify},
 *     must report damage as a status, never throw.</li>
 *     <li>{@link #recovery}: {@link LogWriter#open} recovers or refuses with a {@link LogException} (its documented
 *     refusal); a log it opens reads back without a damaged frame.</li>
 *     <li>{@link #appendFrames}: {@link LogWriter#appendFrames} (what a follower does with AppendFrames from the
 *     leader) appends sound frames or refuses with a {@link LogCorruptionException}; what it appended reads back.</li>
 * </ul>
 */
@ExtendWith(FuzzSupport.RegressionTimeout.class)
class LogFuzzTest
{
    private static final int SEGMENT = MIN_SEGMENT_LENGTH;
    private static Path dir;

    private final CRC32C crc = new CRC32C();
    private final LogEntryView view = new LogEntryView();
    private final UnsafeBuffer copy = new UnsafeBuffer(new byte[SEGMENT]);

    /**
     * Input: byte 0 flags (bits 0-1 header mode of the first segment: sound, fields from the input with the CRC
     * sealed, raw from the input, sound with the base from the input; bit 2 seal frame CRCs; bit 3 set frame seqnos in
     * order; bit 4 an index file; bit 5 a second segment; bit 6 seek to a seqno from the input), then the values each
     * flag asks for, then the frames of the first segment (from offset 64).
     */
    @FuzzTest(maxDuration = "60s")
    void reader(final byte[] input)
    {
        final long base = writeLog(new FuzzSupport.Input(input));
        try
        {
            read(input, base);
        }
        catch (final LogException ex)
        {
            // The one exception a reader throws by design (LogFormatTwoTest): a segment of another format version
            // is refused as not this build's to read, not reported as damage.
            if (ex instanceof LogCorruptionException || null == ex.getMessage() ||
                !ex.getMessage().startsWith("log format version "))
            {
                throw ex;
            }
        }
    }

    private void read(final byte[] input, final long base)
    {
        try (LogReader reader = LogReader.open(dir()))
        {
            final boolean seekAhead = input.length > 0 && (input[0] & 0x40) != 0;
            final long target = seekAhead ? base + input.length % 97 : base;
            final int seek = reader.seek(Math.max(1, target));
            if (!(seek >= LogReader.SEEK_OK && seek <= LogReader.SEEK_CORRUPT))
            {
                throw new AssertionError("seek returned " + seek);
            }
            drain(reader, true);
            reader.seek(Math.max(1, base));
            drain(reader, false);
            reader.seek(Math.max(1, base));
            for (int i = 0; i < 8; i++)
            {
                final int n = reader.copyFrames(copy, 0, copy.capacity());
                if (!(n >= LogReader.TRIMMED && n <= copy.capacity() && (n < 0 || (n & (FRAME_ALIGNMENT - 1)) == 0)))
                {
                    throw new AssertionError("copyFrames returned " + n);
                }
                if (n <= 0)
                {
                    break;
                }
            }
        }
        final LogVerifier.Result result = LogVerifier.verify(dir());
        check(result.ok() || null != result.reason(), "verify found damage without a reason");
    }

    /**
     * The same directory, then {@link LogWriter#open} (byte 0 bit 7: verify every frame on open). A log it opens
     * takes an entry and, when every frame was verified on open, reads back to the end without a damaged frame.
     */
    @FuzzTest(maxDuration = "60s")
    void recovery(final byte[] input)
    {
        writeLog(new FuzzSupport.Input(input));
        final boolean verify = input.length > 0 && (input[0] & 0x80) != 0;
        final LogWriter writer;
        try
        {
            writer = LogWriter.open(dir(), config().verifyOnOpen(verify));
        }
        catch (final LogException refused)
        {
            check(null != refused.getMessage(), "refused without a reason");
            return;
        }
        final long first;
        try (writer)
        {
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[16]);
            final long epoch = Math.max(writer.lastEpoch(), 1);
            final long seqno = writer.appendEntry(epoch, 0, 1, writer.lastSeqno() + 1, payload, 0, 0, 0, 0, 0,
                payload.capacity());
            if (!(seqno == writer.lastSeqno()))
            {
                throw new AssertionError("appended " + seqno + ", last " + writer.lastSeqno());
            }
            first = writer.firstSeqno();
        }
        if (verify)
        {
            try (LogReader reader = LogReader.open(dir()))
            {
                check(LogReader.SEEK_OK == reader.seek(first), "cannot seek to the first seqno after recovery");
                final int end = drain(reader, false);
                if (!(end != LogReader.CORRUPT))
                {
                    throw new AssertionError("a recovered log reads back damaged: " +
                        reader.corruptDescription());
                }
            }
        }
    }

    /**
     * {@link LogWriter#appendFrames} on a fresh log: byte 0 bit 2 seals frame CRCs, bit 3 sets seqnos from 1; the rest
     * is the frames, as a follower gets them from the leader.
     */
    @FuzzTest(maxDuration = "60s")
    void appendFrames(final byte[] input)
    {
        final FuzzSupport.Input in = new FuzzSupport.Input(input);
        final int flags = in.u8();
        final byte[] frames = in.rest();
        final UnsafeBuffer src = FuzzSupport.exact(frames);
        fixFrames(src, 0, frames.length, 1, (flags & 4) != 0, (flags & 8) != 0);
        clear();
        final long last;
        try (LogWriter writer = LogWriter.open(dir(), config()))
        {
            try
            {
                writer.appendFrames(src, 0, frames.length);
            }
            catch (final LogCorruptionException refused)
            {
                check(null != refused.reason(), "refused without a reason");
            }
            last = writer.lastSeqno();
        }
        try (LogReader reader = LogReader.open(dir()))
        {
            check(LogReader.SEEK_OK == reader.seek(1), "cannot seek to 1");
            final int end = drain(reader, false);
            if (!(end != LogReader.CORRUPT))
            {
                throw new AssertionError("appended frames read back damaged: " + reader.corruptDescription());
            }
            if (!(reader.nextSeqno() == last + 1))
            {
                throw new AssertionError("read to " + reader.nextSeqno() + ", appended to " + last);
            }
        }
    }

    /**
     * Writes the seed inputs of these targets (docs/fuzzing.md): the frames of a real log (entries with and without
     * channel and key, a leader marker, a family frame) as {@link LogWriter} writes them, in the input layouts above.
     */
    @Test
    @EnabledIfSystemProperty(named = FuzzSupport.WRITE_SEEDS_PROPERTY, matches = "true")
    void writeSeeds() throws IOException
    {
        final Class<?> c = LogFuzzTest.class;
        final Path tmp = Files.createTempDirectory("boomscooter-fuzz-seeds");
        final UnsafeBuffer src = new UnsafeBuffer(new byte[256]);
        src.putStringWithoutLengthAscii(0, "orders.eu");
        try (LogWriter writer = LogWriter.open(tmp, config()))
        {
            writer.appendFrame(FrameTypes.LEADER_MARKER, 1, 10, src, 0, 0);
            for (int i = 0; i < 6; i++)
            {
                writer.appendEntry(1, 100 + i, 7, 1 + i, src, 0, i % 2 == 0 ? 9 : 0, 9, i % 3, 12, 5 + i * 3);
            }
            writer.appendFrame(FrameTypes.FAMILY_MIN + 1, 2, 200, src, 0, 24);
            writer.appendEntry(2, 300, 8, 1, src, 0, 0, 0, 0, 0, 0);
        }
        final byte[] segment = Files.readAllBytes(tmp.resolve(segmentFileName(1)));
        final byte[] index = Files.readAllBytes(tmp.resolve(indexFileName(1)));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp))
        {
            for (final Path file : files)
            {
                Files.delete(file);
            }
        }
        Files.delete(tmp);
        final UnsafeBuffer segmentBuffer = new UnsafeBuffer(segment);
        int end = SEGMENT_HEADER_LENGTH;
        while (segmentBuffer.getInt(end) > 0)
        {
            end += alignedLength(segmentBuffer.getInt(end));
        }
        final byte[] frames = java.util.Arrays.copyOfRange(segment, SEGMENT_HEADER_LENGTH, end);
        final long next = 9; // 8 frames from seqno 1
        final UnsafeBuffer padding = new UnsafeBuffer(new byte[FRAME_HEADER_LENGTH]);
        padding.putInt(FRAME_LENGTH_OFFSET, SEGMENT - end);
        padding.putShort(FRAME_TYPE_OFFSET, (short)FrameTypes.PADDING);
        padding.putLong(FRAME_SEQNO_OFFSET, next);
        final byte[] sealed = concat(frames, padding.byteArray());
        final byte[] slots = java.util.Arrays.copyOfRange(index, INDEX_HEADER_LENGTH, INDEX_HEADER_LENGTH + 64);
        final byte[] header = java.util.Arrays.copyOf(segment, SEGMENT_HEADER_LENGTH);
        final byte[] interval = {3}; // 1 + 3: the writer's interval

        for (final String method : new String[]{"reader", "recovery"})
        {
            final int verify = "recovery".equals(method) ? 0x80 : 0;
            FuzzSupport.writeSeed(c, method, "log-as-written", concat(new byte[]{(byte)verify}, interval, frames));
            FuzzSupport.writeSeed(c, method, "with-index", concat(new byte[]{(byte)(16 | verify)}, interval,
                chunk(slots), frames));
            FuzzSupport.writeSeed(c, method, "sealed-then-second-segment", concat(new byte[]{(byte)(4 | 8 | 32 |
                verify)}, interval, chunk(frames), new byte[]{0}, sealed));
            FuzzSupport.writeSeed(c, method, "header-from-input", concat(new byte[]{(byte)(1 | verify)}, interval,
                chunk(header), frames));
            FuzzSupport.writeSeed(c, method, "torn-tail", concat(new byte[]{(byte)verify}, interval,
                java.util.Arrays.copyOf(frames, frames.length - 3)));
            FuzzSupport.writeSeed(c, method, "harness-seals-damaged-frames", concat(new byte[]{(byte)(4 | 8 | 0x40 |
                verify)}, interval, frames, new byte[]{32, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
        }
        FuzzSupport.writeSeed(c, "appendFrames", "frames-as-replicated", concat(new byte[]{0}, frames));
        FuzzSupport.writeSeed(c, "appendFrames", "harness-seals", concat(new byte[]{12}, frames));
        FuzzSupport.writeSeed(c, "appendFrames", "bad-seqno", concat(new byte[]{0},
            java.util.Arrays.copyOfRange(frames, alignedLength(segmentBuffer.getInt(SEGMENT_HEADER_LENGTH)),
            frames.length)));
        FuzzSupport.writeSeed(c, "appendFrames", "short-length", new byte[]{12, 8, 0, 0, 0, 0, 0, 0, 0, 1, 0});
    }

    private static LogConfig config()
    {
        return new LogConfig().segmentLength(SEGMENT).indexInterval(4).maxFrameLength(SEGMENT - SEGMENT_HEADER_LENGTH);
    }

    /**
     * Polls until nothing more, damage or trimming (at most 4096 frames), checking every ENTRY body's ranges.
     *
     * @return the last poll result.
     */
    private int drain(final LogReader reader, final boolean entriesOnly)
    {
        int result = 0;
        for (int i = 0; i < 64; i++)
        {
            result = entriesOnly ?
                reader.poll((buffer, offset, length, seqno, epoch, ts) -> checkEntry(buffer, offset, length), 64) :
                reader.pollFrames((type, buffer, offset, length, seqno, epoch, ts) ->
                {
                    if (!(type != 0 && type != FrameTypes.PADDING))
                    {
                        throw new AssertionError("delivered a frame of type " + type);
                    }
                    if (FrameTypes.ENTRY == type)
                    {
                        checkEntry(buffer, offset, length);
                    }
                }, 64);
            if (result <= 0)
            {
                break;
            }
        }
        if (!(result >= LogReader.TRIMMED))
        {
            throw new AssertionError("poll returned " + result);
        }
        if (LogReader.CORRUPT == result)
        {
            check(null != reader.corruptReason() && null != reader.corruptFile(), "damage without a reason");
        }
        return result;
    }

    private void checkEntry(final org.agrona.DirectBuffer buffer, final int offset, final int length)
    {
        if (!(offset >= SEGMENT_HEADER_LENGTH && length >= FRAME_HEADER_LENGTH &&
            offset + (long)length <= buffer.capacity()))
        {
            throw new AssertionError("frame [" + offset + ", +" + length + ") outside the segment");
        }
        if (view.wrap(buffer, offset, length))
        {
            check(view.channelOffset() >= offset + FRAME_HEADER_LENGTH &&
                view.channelOffset() + (long)view.channelLength() <= offset + length &&
                view.keyOffset() + (long)view.keyLength() <= offset + length &&
                view.payloadLength() >= 0 && view.payloadOffset() + (long)view.payloadLength() == offset + length,
                "entry fields outside the frame");
        }
    }

    /**
     * Writes the log the input describes into {@link #dir()} (emptied first).
     *
     * @return the first segment's base seqno.
     */
    private long writeLog(final FuzzSupport.Input in)
    {
        final int flags = in.u8();
        final int headerMode = flags & 3;
        final boolean sealFrames = (flags & 4) != 0;
        final boolean orderSeqnos = (flags & 8) != 0;
        final boolean withIndex = (flags & 16) != 0;
        final boolean second = (flags & 32) != 0;
        final int interval = 1 + (in.u8() & 15);
        long base = 1;
        if (headerMode == 3)
        {
            base = Math.max(1, in.i64() & 0x00FF_FFFF_FFFF_FFFFL);
        }
        final byte[] headerBytes = headerMode == 1 || headerMode == 2 ? in.chunk(SEGMENT_HEADER_LENGTH) : null;
        final byte[] indexSlots = withIndex ? in.chunk(4096) : null;
        final byte[] secondFrames = second ? in.chunk(4096) : null;
        final int secondDelta = second ? in.u8() : 0;
        final byte[] frames = in.rest();

        clear();
        final UnsafeBuffer segment = new UnsafeBuffer(new byte[SEGMENT]);
        if (null != headerBytes)
        {
            segment.putBytes(0, headerBytes);
            if (headerMode == 1)
            {
                sealHeader(segment);
            }
            if (headerBytes.length >= SEG_BASE_SEQNO_OFFSET + 8)
            {
                base = Math.max(1, segment.getLong(SEG_BASE_SEQNO_OFFSET,
                    ByteOrder.LITTLE_ENDIAN) & 0x00FF_FFFF_FFFF_FFFFL);
            }
        }
        else
        {
            header(segment, base, interval);
        }
        final int framesLength = Math.min(frames.length, SEGMENT - SEGMENT_HEADER_LENGTH);
        segment.putBytes(SEGMENT_HEADER_LENGTH, frames, 0, framesLength);
        final long next = fixFrames(segment, SEGMENT_HEADER_LENGTH, SEGMENT - SEGMENT_HEADER_LENGTH, base, sealFrames,
            orderSeqnos);
        write(segmentFileName(base), segment.byteArray());
        if (withIndex)
        {
            final UnsafeBuffer index = new UnsafeBuffer(new byte[indexFileLength(SEGMENT, interval)]);
            index.putLong(IDX_MAGIC_OFFSET, INDEX_MAGIC, ByteOrder.LITTLE_ENDIAN);
            index.putInt(IDX_VERSION_OFFSET, FORMAT_VERSION, ByteOrder.LITTLE_ENDIAN);
            index.putInt(IDX_INTERVAL_OFFSET, interval, ByteOrder.LITTLE_ENDIAN);
            index.putLong(IDX_BASE_SEQNO_OFFSET, base, ByteOrder.LITTLE_ENDIAN);
            index.putInt(IDX_SLOT_COUNT_OFFSET, indexSlotCount(SEGMENT, interval), ByteOrder.LITTLE_ENDIAN);
            index.putBytes(INDEX_HEADER_LENGTH, indexSlots, 0,
                Math.min(indexSlots.length, index.capacity() - INDEX_HEADER_LENGTH));
            write(indexFileName(base), index.byteArray());
        }
        if (second)
        {
            final long secondBase = Math.max(1, next + (byte)secondDelta);
            final UnsafeBuffer two = new UnsafeBuffer(new byte[SEGMENT]);
            header(two, secondBase, interval);
            two.putBytes(SEGMENT_HEADER_LENGTH, secondFrames, 0, secondFrames.length);
            fixFrames(two, SEGMENT_HEADER_LENGTH, SEGMENT - SEGMENT_HEADER_LENGTH, secondBase, sealFrames, orderSeqnos);
            if (secondBase != base)
            {
                write(segmentFileName(secondBase), two.byteArray());
            }
        }
        return base;
    }

    private static void header(final UnsafeBuffer segment, final long base, final int interval)
    {
        segment.putLong(SEG_MAGIC_OFFSET, SEGMENT_MAGIC, ByteOrder.LITTLE_ENDIAN);
        segment.putInt(SEG_VERSION_OFFSET, FORMAT_VERSION, ByteOrder.LITTLE_ENDIAN);
        segment.putInt(SEG_HEADER_LENGTH_OFFSET, SEGMENT_HEADER_LENGTH, ByteOrder.LITTLE_ENDIAN);
        segment.putInt(SEG_LENGTH_OFFSET, SEGMENT, ByteOrder.LITTLE_ENDIAN);
        segment.putInt(SEG_ALIGNMENT_OFFSET, FRAME_ALIGNMENT, ByteOrder.LITTLE_ENDIAN);
        segment.putLong(SEG_BASE_SEQNO_OFFSET, base, ByteOrder.LITTLE_ENDIAN);
        segment.putLong(SEG_CREATED_MS_OFFSET, 1_700_000_000_000L, ByteOrder.LITTLE_ENDIAN);
        segment.putInt(SEG_INDEX_INTERVAL_OFFSET, interval, ByteOrder.LITTLE_ENDIAN);
        segment.putInt(SEG_FRAME_HEADER_LENGTH_OFFSET, FRAME_HEADER_LENGTH, ByteOrder.LITTLE_ENDIAN);
        sealHeader(segment);
    }

    private static void sealHeader(final UnsafeBuffer segment)
    {
        final CRC32C headerCrc = new CRC32C();
        headerCrc.update(segment.byteArray(), 0, SEG_HEADER_CRC_OFFSET);
        segment.putInt(SEG_HEADER_CRC_OFFSET, (int)headerCrc.getValue(), ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Walks the frames from offset as a reader would (by their length fields) and, as asked, gives them seqnos in
     * order from firstSeqno and seals their CRC32C (PADDING over its header only).
     *
     * @return the seqno after the last frame walked.
     */
    private long fixFrames(final UnsafeBuffer buffer, final int offset, final int length, final long firstSeqno,
        final boolean seal, final boolean order)
    {
        long seqno = firstSeqno;
        int at = offset;
        final int end = offset + length;
        while (end - at >= FRAME_HEADER_LENGTH)
        {
            final int frameLength = buffer.getInt(at + FRAME_LENGTH_OFFSET);
            if (frameLength < FRAME_HEADER_LENGTH || frameLength > end - at)
            {
                break;
            }
            final boolean padding = Frames.isPadding(buffer, at);
            if (order)
            {
                buffer.putLong(at + FRAME_SEQNO_OFFSET, seqno);
            }
            if (seal)
            {
                crc.reset();
                crc.update(buffer.byteArray(), at + CRC_START,
                    (padding ? FRAME_HEADER_LENGTH : frameLength) - CRC_START);
                buffer.putInt(at + FRAME_CRC_OFFSET, (int)crc.getValue());
            }
            if (padding)
            {
                break;
            }
            seqno++;
            at += alignedLength(frameLength);
        }
        return seqno;
    }

    private static synchronized Path dir()
    {
        if (null == dir)
        {
            try
            {
                // every input writes and maps files: on tmpfs that costs a fraction of a disk's file creation
                final Path shm = Path.of("/dev/shm");
                dir = Files.isDirectory(shm) && Files.isWritable(shm) ?
                    Files.createTempDirectory(shm, "boomscooter-fuzz-log") :
                    Files.createTempDirectory("boomscooter-fuzz-log");
                dir.toFile().deleteOnExit();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
        return dir;
    }

    private static void clear()
    {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir()))
        {
            for (final Path file : files)
            {
                Files.delete(file);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void write(final String name, final byte[] bytes)
    {
        try
        {
            Files.write(dir().resolve(name), bytes);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
