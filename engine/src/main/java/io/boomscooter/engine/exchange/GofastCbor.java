package io.boomscooter.engine.exchange;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The few CBOR (RFC 8949) pieces gofast frames use: a data item's head (major type and its argument, written
 * in the shortest form, big-endian) and a bounds-checked head reader. No allocation; the reader keeps what it
 * read in its fields.
 */
final class GofastCbor
{
    static final int MAJOR_UINT = 0;
    static final int MAJOR_BYTES = 2;
    static final int MAJOR_ARRAY = 4;
    static final int MAJOR_MAP = 5;
    static final int MAJOR_TAG = 6;
    static final int MAJOR_SIMPLE = 7;

    /** Additional information 31: indefinite length (or the break stop code under major type 7). */
    static final int INDEFINITE = 31;
    static final int BREAK = 0xff;

    /** Reader result: not enough bytes for the head. */
    static final int SHORT = 0;
    /** Reader result: additional information 28–30 (reserved) or an indefinite length where one is refused. */
    static final int INVALID = -1;

    int major;
    long value;
    int headLength;

    /** @return bytes the head of an item with this argument takes. */
    static int headLength(final long value)
    {
        if (value >= 0 && value < 24)
        {
            return 1;
        }
        if (value >= 0 && value < 0x100)
        {
            return 2;
        }
        if (value >= 0 && value < 0x1_0000)
        {
            return 3;
        }
        if (value >= 0 && value < 0x1_0000_0000L)
        {
            return 5;
        }
        return 9;
    }

    /**
     * Writes the shortest head for this major type and argument (an unsigned 64-bit argument: a negative long
     * stands for values of 2^63 and above).
     *
     * @return bytes written.
     */
    static int putHead(final MutableDirectBuffer buffer, final int offset, final int major, final long value)
    {
        final int type = major << 5;
        final int length = headLength(value);
        switch (length)
        {
            case 1:
                buffer.putByte(offset, (byte)(type | (int)value));
                break;
            case 2:
                buffer.putByte(offset, (byte)(type | 24));
                buffer.putByte(offset + 1, (byte)value);
                break;
            case 3:
                buffer.putByte(offset, (byte)(type | 25));
                buffer.putShort(offset + 1, (short)value, java.nio.ByteOrder.BIG_ENDIAN);
                break;
            case 5:
                buffer.putByte(offset, (byte)(type | 26));
                buffer.putInt(offset + 1, (int)value, java.nio.ByteOrder.BIG_ENDIAN);
                break;
            default:
                buffer.putByte(offset, (byte)(type | 27));
                buffer.putLong(offset + 1, value, java.nio.ByteOrder.BIG_ENDIAN);
                break;
        }
        return length;
    }

    /**
     * Reads one head at offset, never past limit. Indefinite lengths (additional information 31) are
     * returned with {@link #value} -1.
     *
     * @return the head's length (also in {@link #headLength}), {@link #SHORT} or {@link #INVALID}.
     */
    int read(final DirectBuffer buffer, final int offset, final int limit)
    {
        if (offset >= limit)
        {
            return SHORT;
        }
        final int initial = buffer.getByte(offset) & 0xff;
        major = initial >>> 5;
        final int info = initial & 0x1f;
        if (info < 24)
        {
            value = info;
            return headLength = 1;
        }
        if (info == INDEFINITE)
        {
            value = -1;
            return headLength = 1;
        }
        if (info > 27)
        {
            return INVALID;
        }
        final int extra = 1 << (info - 24);
        if (offset + 1 + extra > limit)
        {
            return SHORT;
        }
        switch (extra)
        {
            case 1:
                value = buffer.getByte(offset + 1) & 0xffL;
                break;
            case 2:
                value = buffer.getShort(offset + 1, java.nio.ByteOrder.BIG_ENDIAN) & 0xffffL;
                break;
            case 4:
                value = buffer.getInt(offset + 1, java.nio.ByteOrder.BIG_ENDIAN) & 0xffff_ffffL;
                break;
            default:
                value = buffer.getLong(offset + 1, java.nio.ByteOrder.BIG_ENDIAN);
                break;
        }
        return headLength = 1 + extra;
    }
}
