package io.boomscooter.engine.log;

import org.agrona.BitUtil;

/**
 * Byte-exact layout of a log directory: segment header, frame header, index file. Everything is
 * little-endian. {@code docs/log-format.md} describes the same layout for readers in other languages;
 * change both together and bump {@link #FORMAT_VERSION}.
 */
public final class LogFormat
{
    public static final int FORMAT_VERSION = 2;

    /** "BSLOGSEG" as 8 ASCII bytes read as a little-endian long. */
    public static final long SEGMENT_MAGIC = 0x474553474F4C5342L;
    /** "BSLOGIDX" as 8 ASCII bytes read as a little-endian long. */
    public static final long INDEX_MAGIC = 0x584449474F4C5342L;

    public static final String SEGMENT_SUFFIX = ".seg";
    public static final String INDEX_SUFFIX = ".idx";
    public static final String LOCK_FILE = "writer.lock";
    public static final String PREALLOCATED_SEGMENT = "next.seg.tmp";
    public static final String PREALLOCATED_INDEX = "next.idx.tmp";
    public static final int SEQNO_DIGITS = 20;

    // segment header
    public static final int SEGMENT_HEADER_LENGTH = 64;
    public static final int SEG_MAGIC_OFFSET = 0;
    public static final int SEG_VERSION_OFFSET = 8;
    public static final int SEG_HEADER_LENGTH_OFFSET = 12;
    public static final int SEG_LENGTH_OFFSET = 16;
    public static final int SEG_ALIGNMENT_OFFSET = 20;
    public static final int SEG_BASE_SEQNO_OFFSET = 24;
    public static final int SEG_CREATED_MS_OFFSET = 32;
    public static final int SEG_INDEX_INTERVAL_OFFSET = 40;
    public static final int SEG_FRAME_HEADER_LENGTH_OFFSET = 44;
    /** CRC32C of bytes [0, 60) of the segment header. */
    public static final int SEG_HEADER_CRC_OFFSET = 60;

    // frame header (32 bytes): see docs/log-format.md for what each byte is for
    public static final int FRAME_ALIGNMENT = 8;
    public static final int FRAME_HEADER_LENGTH = 32;
    public static final int FRAME_LENGTH_OFFSET = 0;
    public static final int FRAME_CRC_OFFSET = 4;
    /** The CRC covers [frame + CRC_START, frame + frameLength); PADDING frames cover only their header. */
    public static final int CRC_START = 8;
    /** uint16 frame type, see {@link FrameTypes}. */
    public static final int FRAME_TYPE_OFFSET = 8;
    /** uint16 flags, 0 today; readers ignore bits they do not know. */
    public static final int FRAME_FLAGS_OFFSET = 10;
    /** uint32 epoch: read it with {@link #frameEpoch}. */
    public static final int FRAME_EPOCH_OFFSET = 12;
    public static final int FRAME_SEQNO_OFFSET = 16;
    public static final int FRAME_TIMESTAMP_OFFSET = 24;
    /** Largest epoch a frame can hold (uint32). */
    public static final long MAX_EPOCH = 0xFFFF_FFFFL;
    /** Same as {@link FrameTypes#ENTRY}. */
    public static final int TYPE_ENTRY = FrameTypes.ENTRY;
    /** Same as {@link FrameTypes#PADDING}. */
    public static final int TYPE_PADDING = FrameTypes.PADDING;

    // ENTRY body, at frame offset FRAME_HEADER_LENGTH
    public static final int ENTRY_PRODUCER_ID_OFFSET = 0;
    public static final int ENTRY_PRODUCER_SEQNO_OFFSET = 8;
    public static final int ENTRY_KEY_LENGTH_OFFSET = 16;
    public static final int ENTRY_CHANNEL_LENGTH_OFFSET = 20;
    /** Fixed part of an ENTRY body; the channel bytes follow, then the key, then the payload to the frame end. */
    public static final int ENTRY_FIXED_LENGTH = 21;

    // index file
    public static final int INDEX_HEADER_LENGTH = 32;
    public static final int IDX_MAGIC_OFFSET = 0;
    public static final int IDX_VERSION_OFFSET = 8;
    public static final int IDX_INTERVAL_OFFSET = 12;
    public static final int IDX_BASE_SEQNO_OFFSET = 16;
    public static final int IDX_SLOT_COUNT_OFFSET = 24;
    public static final int INDEX_SLOT_LENGTH = 16;
    public static final int SLOT_SEQNO_OFFSET = 0;
    public static final int SLOT_FRAME_OFFSET = 8;

    /** Smallest aligned frame: a header alone (a LEADER_MARKER); sizes the sparse index. */
    public static final int MIN_ENTRY_FRAME_LENGTH = BitUtil.align(FRAME_HEADER_LENGTH, FRAME_ALIGNMENT);

    public static final int MIN_SEGMENT_LENGTH = 64 * 1024;
    public static final int MAX_SEGMENT_LENGTH = 1 << 30;
    /** Longest channel name, bounded by its uint8 length (255 is kept free, as in the wire protocols). */
    public static final int MAX_CHANNEL_LENGTH = 254;

    private LogFormat()
    {
    }

    public static int alignedLength(final int frameLength)
    {
        return (frameLength + (FRAME_ALIGNMENT - 1)) & -FRAME_ALIGNMENT;
    }

    /** @return the frame type (uint16) of the frame at frameOffset. */
    public static int frameType(final org.agrona.DirectBuffer buffer, final int frameOffset)
    {
        return buffer.getShort(frameOffset + FRAME_TYPE_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    /** @return the epoch (uint32) of the frame at frameOffset. */
    public static long frameEpoch(final org.agrona.DirectBuffer buffer, final int frameOffset)
    {
        return buffer.getInt(frameOffset + FRAME_EPOCH_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
    }

    /** @return the seqno of the frame at frameOffset. */
    public static long frameSeqno(final org.agrona.DirectBuffer buffer, final int frameOffset)
    {
        return buffer.getLong(frameOffset + FRAME_SEQNO_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @param segmentLength bytes of each segment file.
     * @return the longest frame (header included, before alignment) a segment of that length can hold.
     */
    public static int maxFrameLength(final int segmentLength)
    {
        return segmentLength - SEGMENT_HEADER_LENGTH;
    }

    public static String segmentFileName(final long baseSeqno)
    {
        return zeroPad(baseSeqno) + SEGMENT_SUFFIX;
    }

    public static String indexFileName(final long baseSeqno)
    {
        return zeroPad(baseSeqno) + INDEX_SUFFIX;
    }

    /**
     * @param fileName a file name in a log directory.
     * @return the base seqno of a segment file name, or -1 when the name is not 20 digits + ".seg".
     */
    public static long parseSegmentFileName(final String fileName)
    {
        if (fileName.length() != SEQNO_DIGITS + SEGMENT_SUFFIX.length() || !fileName.endsWith(SEGMENT_SUFFIX))
        {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < SEQNO_DIGITS; i++)
        {
            final char c = fileName.charAt(i);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            value = value * 10 + (c - '0');
            if (value < 0)
            {
                return -1;
            }
        }
        return value;
    }

    /** @return how many index slots a segment of this length needs for the given interval. */
    public static int indexSlotCount(final int segmentLength, final int indexInterval)
    {
        return segmentLength / (indexInterval * MIN_ENTRY_FRAME_LENGTH) + 1;
    }

    public static int indexFileLength(final int segmentLength, final int indexInterval)
    {
        return INDEX_HEADER_LENGTH + indexSlotCount(segmentLength, indexInterval) * INDEX_SLOT_LENGTH;
    }

    private static String zeroPad(final long value)
    {
        final String digits = Long.toString(value);
        final StringBuilder sb = new StringBuilder(SEQNO_DIGITS);
        for (int i = digits.length(); i < SEQNO_DIGITS; i++)
        {
            sb.append('0');
        }
        return sb.append(digits).toString();
    }
}
