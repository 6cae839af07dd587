package io.boomscooter.engine.log;

import org.agrona.concurrent.UnsafeBuffer;

import java.util.zip.CRC32C;

import static io.boomscooter.engine.log.LogFormat.*;

/**
 * Walks the frames of one segment from a known frame: where the data ends, the next seqno, the last epoch,
 * whether the segment is sealed, and the first bad frame if any. Used by recovery, truncation and seek;
 * readers on the hot path do the same checks inline.
 */
final class SegmentScan
{
    int endOffset;
    long nextSeqno;
    long lastEpoch;
    long lastTimestampNs;
    boolean sealed;
    int frames;
    /** Null when the scan ended cleanly, else why it stopped at {@link #endOffset}. */
    String error;

    /**
     * @param index          when not null, slots are re-written for every frame passed (rebuilds the index).
     * @param stopBeforeSeqno stop at the frame with this seqno (Long.MAX_VALUE to scan to the end).
     */
    SegmentScan scan(final Segment segment, final SegmentIndex index, final int fromOffset, final long fromSeqno,
        final long stopBeforeSeqno, final boolean verifyCrc, final CRC32C crc)
    {
        final UnsafeBuffer buffer = segment.buffer();
        final int segmentLength = segment.length();
        int offset = fromOffset;
        long seqno = fromSeqno;
        sealed = false;
        error = null;
        frames = 0;
        while (seqno < stopBeforeSeqno)
        {
            if (segmentLength - offset < FRAME_HEADER_LENGTH)
            {
                sealed = true;
                break;
            }
            final int frameLength = buffer.getIntVolatile(offset);
            if (frameLength <= 0)
            {
                break;
            }
            final String problem = Frames.checkHeader(buffer, offset, frameLength, segmentLength, seqno);
            if (null != problem)
            {
                error = problem;
                break;
            }
            if (verifyCrc && !Frames.crcMatches(segment, crc, offset, frameLength))
            {
                error = Frames.BAD_CRC;
                break;
            }
            if (Frames.isPadding(buffer, offset))
            {
                sealed = true;
                break;
            }
            if (null != index && (seqno - segment.baseSeqno()) % index.interval() == 0)
            {
                index.put(seqno, offset);
            }
            lastEpoch = frameEpoch(buffer, offset);
            lastTimestampNs = buffer.getLong(offset + FRAME_TIMESTAMP_OFFSET);
            offset += alignedLength(frameLength);
            seqno++;
            frames++;
        }
        endOffset = offset;
        nextSeqno = seqno;
        return this;
    }

    /**
     * After a bad frame at {@link #endOffset}: is there a sound frame right after it? If so the damage is in
     * the middle of the log, not a torn tail, and must not be truncated away.
     */
    boolean soundFrameFollowsError(final Segment segment, final CRC32C crc)
    {
        final UnsafeBuffer buffer = segment.buffer();
        final int badLength = buffer.getInt(endOffset);
        if (badLength < FRAME_HEADER_LENGTH || badLength > segment.length() - endOffset)
        {
            return false;
        }
        final int next = endOffset + alignedLength(badLength);
        if (segment.length() - next < FRAME_HEADER_LENGTH)
        {
            return false;
        }
        final int nextLength = buffer.getInt(next);
        return nextLength > 0 &&
            null == Frames.checkHeader(buffer, next, nextLength, segment.length(), nextSeqno + 1) &&
            Frames.crcMatches(segment, crc, next, nextLength);
    }
}
