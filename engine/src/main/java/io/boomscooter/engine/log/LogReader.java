package io.boomscooter.engine.log;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import static io.boomscooter.engine.log.LogFormat.*;

/**
 * Reads a log directory, typically from another process than the writer. The hot path is lock-free and makes
 * no system calls: an acquire load of the next frame's length in mapped memory, header checks and a CRC32C.
 * Only at the end of a segment does it look for the next file. Allocation-free per entry.
 * <p>
 * {@link #poll} delivers ENTRY frames only; {@link #pollFrames} delivers every type with its type id; both verify
 * every frame's checksum, including frames of types this build does not know.
 * <p>
 * Problems are status codes, not exceptions: {@link #poll} returns {@link #CORRUPT} (details in
 * {@link #corruptSeqno()}, {@link #corruptFile()}, {@link #corruptOffset()}, {@link #corruptReason()}) or
 * {@link #TRIMMED} (see {@link #earliestSeqno()}). A frame whose checksum fails is never delivered.
 * <p>
 * Why one class of this length: seek (index, then scan), both polls, the replication copy and segment
 * switching share the cursor state that must stay in registers on the hot path.
 */
public final class LogReader implements AutoCloseable
{
    public static final int SEEK_OK = 0;
    /** The seqno has been deleted by retention; {@link #earliestSeqno()} is the first one held. */
    public static final int SEEK_TRIMMED = 1;
    /** The seqno is beyond the next one to be written; the reader did not move. */
    public static final int SEEK_NOT_YET = 2;
    /** Damage found on the way; see the corrupt* accessors. */
    public static final int SEEK_CORRUPT = 3;

    /** Returned by poll and copyFrames: data is damaged. Sticky until the next seek. */
    public static final int CORRUPT = -1;
    /** Returned by poll and copyFrames: the next seqno was deleted by retention. */
    public static final int TRIMMED = -2;

    private static final int FRAME_READY = 1;
    private static final int NOTHING = 0;

    private final Path dir;
    private final CRC32C crc = new CRC32C();
    private final LogEntryView entryView = new LogEntryView();
    private final SegmentScan scan = new SegmentScan();

    private Segment segment;
    private UnsafeBuffer buffer;
    private int segmentLength;
    private int position;
    private long nextSeqno = 1;
    private int frameLength;

    private int status;
    private long earliestSeqno;
    private long corruptSeqno;
    private long corruptOffset;
    private String corruptFile;
    private String corruptReason;

    private LogReader(final Path dir)
    {
        this.dir = dir;
    }

    /**
     * Opens a log directory read-only, positioned at its first held seqno.
     *
     * @throws LogException when dir is not a log directory.
     */
    public static LogReader open(final Path dir)
    {
        final long[] bases = LogDirectory.segmentBases(dir);
        if (0 == bases.length)
        {
            throw new LogException("not a log directory (no *.seg files): " + dir);
        }
        final LogReader reader = new LogReader(dir);
        reader.nextSeqno = bases[0];
        reader.earliestSeqno = bases[0];
        return reader;
    }

    /**
     * Positions the reader so that the next frame delivered is seqno. Seeking to the seqno after the last
     * one written succeeds: the reader then waits for it. Not a hot-path call (lists the directory).
     *
     * @return {@link #SEEK_OK}, {@link #SEEK_TRIMMED}, {@link #SEEK_NOT_YET} or {@link #SEEK_CORRUPT}.
     */
    public int seek(final long seqno)
    {
        if (seqno < 1)
        {
            throw new IllegalArgumentException("seqnos start at 1: " + seqno);
        }
        closeSegment();
        status = 0;
        final long[] bases = LogDirectory.segmentBases(dir);
        if (0 == bases.length || seqno < bases[0])
        {
            earliestSeqno = 0 == bases.length ? 0 : bases[0];
            return SEEK_TRIMMED;
        }
        earliestSeqno = bases[0];
        final long base = bases[LogDirectory.floorIndex(bases, seqno)];
        final Path file = LogDirectory.segmentFile(dir, base);
        if (!Files.exists(file))
        {
            return seek(seqno); // trimmed between listing and opening
        }
        final Segment s;
        try
        {
            s = Segment.open(file, base, false);
        }
        catch (final LogCorruptionException ex)
        {
            corrupt(base, file.toString(), 0, ex.reason());
            return SEEK_CORRUPT;
        }
        int from = SEGMENT_HEADER_LENGTH;
        long fromSeqno = base;
        final SegmentIndex index = SegmentIndex.openOrNull(LogDirectory.indexFile(dir, base), s.length(),
            s.indexInterval(), base, false);
        if (null != index)
        {
            final int floor = index.floorFrameOffset(seqno);
            index.close();
            // The index is a hint: use it only if it points at a plausible frame.
            if (floor >= SEGMENT_HEADER_LENGTH && floor <= s.length() - FRAME_HEADER_LENGTH &&
                (floor & (FRAME_ALIGNMENT - 1)) == 0)
            {
                final long indexed = s.buffer().getLong(floor + FRAME_SEQNO_OFFSET);
                if (indexed >= base && indexed <= seqno)
                {
                    from = floor;
                    fromSeqno = indexed;
                }
            }
        }
        scan.scan(s, null, from, fromSeqno, seqno, false, crc);
        if (null != scan.error)
        {
            corrupt(scan.nextSeqno, s.file().toString(), scan.endOffset, scan.error);
            s.close();
            return SEEK_CORRUPT;
        }
        if (scan.nextSeqno != seqno)
        {
            s.close();
            return SEEK_NOT_YET;
        }
        enter(s, scan.endOffset, seqno);
        return SEEK_OK;
    }

    /**
     * Delivers verified ENTRY frames, following segment rolls, passing at most limit frames: frames of other
     * types (leader markers, family frames, types this build does not know) are checked and stepped over, and
     * count towards limit, so a consumer bounded by a commit seqno never reads past it.
     *
     * @return frames passed, delivered or stepped over (0 when none is published yet), or {@link #CORRUPT} /
     *         {@link #TRIMMED} when the next frame cannot be read; frames before a problem are passed first.
     */
    public int poll(final LogFrameHandler handler, final int limit)
    {
        int count = 0;
        while (count < limit)
        {
            final int result = nextFrame();
            if (FRAME_READY != result)
            {
                return count > 0 ? count : result;
            }
            final UnsafeBuffer buffer = this.buffer;
            final int offset = position;
            final long seqno = nextSeqno;
            position = offset + alignedLength(frameLength);
            nextSeqno = seqno + 1;
            count++;
            if (FrameTypes.ENTRY == Frames.type(buffer, offset))
            {
                handler.onFrame(buffer, offset, frameLength, seqno, frameEpoch(buffer, offset),
                    buffer.getLong(offset + FRAME_TIMESTAMP_OFFSET));
            }
        }
        return count;
    }

    /**
     * Delivers up to limit verified frames of every type but PADDING, with their type, following segment rolls.
     *
     * @return frames delivered (0 when none is published yet), or {@link #CORRUPT} / {@link #TRIMMED}.
     */
    public int pollFrames(final TypedFrameHandler handler, final int limit)
    {
        int count = 0;
        while (count < limit)
        {
            final int result = nextFrame();
            if (FRAME_READY != result)
            {
                return count > 0 ? count : result;
            }
            final UnsafeBuffer buffer = this.buffer;
            final int offset = position;
            final long seqno = nextSeqno;
            position = offset + alignedLength(frameLength);
            nextSeqno = seqno + 1;
            count++;
            handler.onFrame(Frames.type(buffer, offset), buffer, offset, frameLength, seqno,
                frameEpoch(buffer, offset), buffer.getLong(offset + FRAME_TIMESTAMP_OFFSET));
        }
        return count;
    }

    /**
     * Copies whole frames of every type but PADDING, starting at the next seqno, laid out as in a segment (each
     * frame at an aligned offset, gaps zeroed) — the form {@link LogWriter#appendFrames} takes: the replication
     * path. Each frame's header and CRC32C are verified before it is copied, so damaged bytes are never shipped:
     * the copy stops before a bad frame and the next call returns {@link #CORRUPT} with {@link #corruptSeqno()}
     * and {@link #corruptReason()} set. Follows segment rolls; stops before maxBytes would be exceeded or when
     * nothing more is published.
     *
     * @return bytes copied (a multiple of the frame alignment), or {@link #CORRUPT} / {@link #TRIMMED}.
     */
    public int copyFrames(final MutableDirectBuffer dst, final int dstOffset, final int maxBytes)
    {
        int copied = 0;
        while (true)
        {
            final int result = nextFrame();
            if (FRAME_READY != result)
            {
                return copied > 0 ? copied : result;
            }
            final int aligned = alignedLength(frameLength);
            if (copied + aligned > maxBytes)
            {
                break;
            }
            dst.putBytes(dstOffset + copied, buffer, position, frameLength);
            dst.setMemory(dstOffset + copied + frameLength, aligned - frameLength, (byte)0);
            copied += aligned;
            position += aligned;
            nextSeqno++;
        }
        return copied;
    }

    private int nextFrame()
    {
        if (0 != status)
        {
            return status;
        }
        while (true)
        {
            if (null == segment)
            {
                final int opened = openNextSegment();
                if (FRAME_READY != opened)
                {
                    return opened;
                }
            }
            final UnsafeBuffer buffer = this.buffer;
            final int offset = position;
            if (segmentLength - offset < FRAME_HEADER_LENGTH)
            {
                closeSegment();
                continue;
            }
            final int length = buffer.getIntAcquire(offset);
            if (length <= 0)
            {
                return NOTHING;
            }
            final String problem = Frames.checkHeader(buffer, offset, length, segmentLength, nextSeqno);
            if (null != problem)
            {
                return corrupt(nextSeqno, segment.file().toString(), offset, problem);
            }
            if (!Frames.crcMatches(segment, crc, offset, length))
            {
                return corrupt(nextSeqno, segment.file().toString(), offset, Frames.BAD_CRC);
            }
            if (Frames.isPadding(buffer, offset))
            {
                closeSegment();
                continue;
            }
            frameLength = length;
            return FRAME_READY;
        }
    }

    /** Off the hot path: finds the segment starting at nextSeqno. */
    private int openNextSegment()
    {
        final Path file = LogDirectory.segmentFile(dir, nextSeqno);
        if (Files.exists(file))
        {
            try
            {
                enter(Segment.open(file, nextSeqno, false), SEGMENT_HEADER_LENGTH, nextSeqno);
                return FRAME_READY;
            }
            catch (final LogCorruptionException ex)
            {
                return corrupt(nextSeqno, file.toString(), ex.fileOffset(), ex.reason());
            }
            catch (final LogException ex)
            {
                if (Files.exists(file))
                {
                    throw ex;
                }
                // deleted by retention since we looked: fall through to the listing
            }
        }
        final long[] bases = LogDirectory.segmentBases(dir);
        if (0 == bases.length || bases[0] > nextSeqno)
        {
            earliestSeqno = 0 == bases.length ? 0 : bases[0];
            return TRIMMED;
        }
        earliestSeqno = bases[0];
        if (bases[bases.length - 1] > nextSeqno)
        {
            return corrupt(nextSeqno, file.toString(), 0, Frames.MISSING_SEGMENT);
        }
        return NOTHING;
    }

    private void enter(final Segment s, final int offset, final long seqno)
    {
        segment = s;
        buffer = s.buffer();
        segmentLength = s.length();
        position = offset;
        nextSeqno = seqno;
    }

    private int corrupt(final long seqno, final String file, final long offset, final String reason)
    {
        status = CORRUPT;
        corruptSeqno = seqno;
        corruptFile = file;
        corruptOffset = offset;
        corruptReason = reason;
        return CORRUPT;
    }

    private void closeSegment()
    {
        if (null != segment)
        {
            segment.close();
            segment = null;
            buffer = null;
        }
    }

    /** @return epoch of the frame at the reader's position after a successful seek, or -1 when not yet written. */
    long peekEpoch()
    {
        if (null == segment || segmentLength - position < FRAME_HEADER_LENGTH || buffer.getIntAcquire(position) <= 0)
        {
            return LogWriter.NULL_EPOCH;
        }
        return frameEpoch(buffer, position);
    }

    /** @return the seqno the next poll delivers. */
    public long nextSeqno()
    {
        return nextSeqno;
    }

    /** @return first seqno held, as of the last seek or TRIMMED result. */
    public long earliestSeqno()
    {
        return earliestSeqno;
    }

    /** @return a reusable view for decoding the body of a delivered frame. */
    public LogEntryView entryView()
    {
        return entryView;
    }

    public long corruptSeqno()
    {
        return corruptSeqno;
    }

    public long corruptOffset()
    {
        return corruptOffset;
    }

    public String corruptFile()
    {
        return corruptFile;
    }

    public String corruptReason()
    {
        return corruptReason;
    }

    /** @return a one-line description of the last corruption, for error messages. Allocates. */
    public String corruptDescription()
    {
        return "corrupt log at seqno " + corruptSeqno + " in " + corruptFile + " at offset " + corruptOffset + ": " +
            corruptReason;
    }

    public void close()
    {
        closeSegment();
    }
}
