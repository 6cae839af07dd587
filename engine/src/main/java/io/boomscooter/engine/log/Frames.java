package io.boomscooter.engine.log;

import org.agrona.concurrent.UnsafeBuffer;

import java.util.zip.CRC32C;

import static io.boomscooter.engine.log.LogFormat.*;

/**
 * Checks of one frame read from a file. Reasons are constants so a reader can report one without allocating.
 */
final class Frames
{
    static final String SHORT_LENGTH = "frame length shorter than a frame header";
    static final String OVERRUNS_SEGMENT = "frame length runs past the end of the segment";
    static final String BAD_TYPE = "frame type 0 (a zero header with a length)";
    static final String BAD_SEQNO = "frame seqno is not the next expected seqno";
    static final String BAD_PADDING = "padding frame does not end the segment";
    static final String BAD_CRC = "checksum mismatch";
    static final String MISSING_SEGMENT = "next segment is missing while later segments exist";

    private Frames()
    {
    }

    /**
     * @return null when the published header at offset is plausible, else the reason it is not.
     */
    static String checkHeader(
        final UnsafeBuffer buffer, final int offset, final int frameLength, final int segmentLength,
        final long expectedSeqno)
    {
        if (frameLength < FRAME_HEADER_LENGTH)
        {
            return SHORT_LENGTH;
        }
        if (frameLength > segmentLength - offset)
        {
            return OVERRUNS_SEGMENT;
        }
        final int type = type(buffer, offset);
        if (TYPE_PADDING == type)
        {
            if (offset + frameLength != segmentLength)
            {
                return BAD_PADDING;
            }
        }
        else if (0 == type)
        {
            return BAD_TYPE;
        }
        else if (alignedLength(frameLength) > segmentLength - offset)
        {
            // any other type, known or not, is a sequenced frame a reader may step over
            return OVERRUNS_SEGMENT;
        }
        if (buffer.getLong(offset + FRAME_SEQNO_OFFSET) != expectedSeqno)
        {
            return BAD_SEQNO;
        }
        return null;
    }

    static int type(final UnsafeBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + FRAME_TYPE_OFFSET) & 0xFFFF;
    }

    static boolean isPadding(final UnsafeBuffer buffer, final int offset)
    {
        return type(buffer, offset) == TYPE_PADDING;
    }

    /** @return true when the stored CRC32C matches; PADDING frames cover only their header. */
    static boolean crcMatches(final Segment segment, final CRC32C crc, final int offset, final int frameLength)
    {
        final UnsafeBuffer buffer = segment.buffer();
        final int end = isPadding(buffer, offset) ? offset + FRAME_HEADER_LENGTH : offset + frameLength;
        return segment.crc(crc, offset + CRC_START, end) == buffer.getInt(offset + FRAME_CRC_OFFSET);
    }
}
