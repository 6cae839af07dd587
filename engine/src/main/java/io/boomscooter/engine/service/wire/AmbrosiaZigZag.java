package io.boomscooter.engine.service.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.NEED_MORE;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.NO_SPACE;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.OUT_OF_BOUNDS;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.VARINT_OVERFLOW;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.VARINT_TOO_LONG;

/**
 * ZigZag varints as AMBROSIA writes them ({@code WriteInt}/{@code WriteLong}, {@code ReadInt}/{@code ReadLong} in
 * upstream {@code SharedAmbrosiaTools/SharedAmbrosiaTools.cs}; the protobuf encoding): the value is mapped by
 * {@code (v << 1) ^ (v >> 31)} (int32) or {@code (v << 1) ^ (v >> 63)} (int64), then written 7 bits at a time,
 * least significant group first, with the high bit of each byte set when another byte follows. An int32 takes
 * 1..5 bytes, an int64 1..10.
 * <p>
 * Reads never throw and never look at a byte at or past {@code limit} (an absolute, exclusive end index): they
 * return the bytes consumed (&gt; 0), {@link AmbrosiaWireStatus#NEED_MORE} (0) when the bytes end inside the
 * varint, or a negative {@link AmbrosiaWireStatus} code. A continuation bit on the 5th (10th) byte is
 * {@link AmbrosiaWireStatus#VARINT_TOO_LONG}; a last byte that sets bits beyond the width (5th byte above
 * {@code 0x0F}, 10th above {@code 0x01}), which no upstream writer produces and upstream readers silently drop,
 * is {@link AmbrosiaWireStatus#VARINT_OVERFLOW}. Overlong but in-range forms (e.g. {@code 80 00} for 0) are
 * accepted as upstream accepts them. Writes return the bytes written or {@link AmbrosiaWireStatus#NO_SPACE}.
 * No method allocates.
 */
public final class AmbrosiaZigZag
{
    /** Most bytes of a ZigZag int32. */
    public static final int MAX_INT_LENGTH = 5;

    /** Most bytes of a ZigZag int64. */
    public static final int MAX_LONG_LENGTH = 10;

    private AmbrosiaZigZag()
    {
    }

    /**
     * Read a ZigZag int32.
     *
     * @param buffer to read from.
     * @param offset of the first byte.
     * @param limit  exclusive end index; no byte at or past it is read.
     * @param out    receives the value (sign-extended) on success.
     * @return bytes consumed (1..5), {@link AmbrosiaWireStatus#NEED_MORE}, or a negative error.
     */
    public static int readInt(final DirectBuffer buffer, final int offset, final int limit, final AmbrosiaVarint out)
    {
        if (offset < 0 || offset > limit || limit > buffer.capacity())
        {
            return OUT_OF_BOUNDS;
        }
        int raw = 0;
        for (int i = 0; i < MAX_INT_LENGTH; i++)
        {
            final int index = offset + i;
            if (index >= limit)
            {
                return NEED_MORE;
            }
            final int b = buffer.getByte(index) & 0xFF;
            raw |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                if (i == MAX_INT_LENGTH - 1 && b > 0x0F)
                {
                    return VARINT_OVERFLOW;
                }
                out.value = (raw >>> 1) ^ -(raw & 1);
                return i + 1;
            }
        }
        return VARINT_TOO_LONG;
    }

    /**
     * Read a ZigZag int64.
     *
     * @param buffer to read from.
     * @param offset of the first byte.
     * @param limit  exclusive end index; no byte at or past it is read.
     * @param out    receives the value on success.
     * @return bytes consumed (1..10), {@link AmbrosiaWireStatus#NEED_MORE}, or a negative error.
     */
    public static int readLong(final DirectBuffer buffer, final int offset, final int limit, final AmbrosiaVarint out)
    {
        if (offset < 0 || offset > limit || limit > buffer.capacity())
        {
            return OUT_OF_BOUNDS;
        }
        long raw = 0;
        for (int i = 0; i < MAX_LONG_LENGTH; i++)
        {
            final int index = offset + i;
            if (index >= limit)
            {
                return NEED_MORE;
            }
            final int b = buffer.getByte(index) & 0xFF;
            raw |= (long)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                if (i == MAX_LONG_LENGTH - 1 && b > 0x01)
                {
                    return VARINT_OVERFLOW;
                }
                out.value = (raw >>> 1) ^ -(raw & 1);
                return i + 1;
            }
        }
        return VARINT_TOO_LONG;
    }

    /**
     * @return bytes the ZigZag int32 encoding of value takes, 1..5.
     */
    public static int sizeOfInt(final int value)
    {
        final int zigZag = (value << 1) ^ (value >> 31);
        return (32 - Integer.numberOfLeadingZeros(zigZag | 1) + 6) / 7;
    }

    /**
     * @return bytes the ZigZag int64 encoding of value takes, 1..10.
     */
    public static int sizeOfLong(final long value)
    {
        final long zigZag = (value << 1) ^ (value >> 63);
        return (64 - Long.numberOfLeadingZeros(zigZag | 1) + 6) / 7;
    }

    /**
     * Write a ZigZag int32.
     *
     * @param limit exclusive end index; nothing is written unless the whole encoding fits before it.
     * @return bytes written (1..5), or {@link AmbrosiaWireStatus#NO_SPACE} (also for an offset or limit outside
     * the buffer).
     */
    public static int writeInt(final MutableDirectBuffer buffer, final int offset, final int limit, final int value)
    {
        if (offset < 0 || offset > limit || limit > buffer.capacity() || limit - offset < sizeOfInt(value))
        {
            return NO_SPACE;
        }
        return putInt(buffer, offset, value);
    }

    /**
     * Write a ZigZag int64.
     *
     * @param limit exclusive end index; nothing is written unless the whole encoding fits before it.
     * @return bytes written (1..10), or {@link AmbrosiaWireStatus#NO_SPACE} (also for an offset or limit outside
     * the buffer).
     */
    public static int writeLong(final MutableDirectBuffer buffer, final int offset, final int limit, final long value)
    {
        if (offset < 0 || offset > limit || limit > buffer.capacity() || limit - offset < sizeOfLong(value))
        {
            return NO_SPACE;
        }
        return putLong(buffer, offset, value);
    }

    /**
     * Unchecked write for callers that have checked the space already.
     *
     * @return bytes written.
     */
    static int putInt(final MutableDirectBuffer buffer, final int offset, final int value)
    {
        int zigZag = (value << 1) ^ (value >> 31);
        int index = offset;
        while ((zigZag & ~0x7F) != 0)
        {
            buffer.putByte(index++, (byte)((zigZag & 0x7F) | 0x80));
            zigZag >>>= 7;
        }
        buffer.putByte(index++, (byte)zigZag);
        return index - offset;
    }

    /**
     * Unchecked write for callers that have checked the space already.
     *
     * @return bytes written.
     */
    static int putLong(final MutableDirectBuffer buffer, final int offset, final long value)
    {
        long zigZag = (value << 1) ^ (value >> 63);
        int index = offset;
        while ((zigZag & ~0x7FL) != 0)
        {
            buffer.putByte(index++, (byte)((zigZag & 0x7F) | 0x80));
            zigZag >>>= 7;
        }
        buffer.putByte(index++, (byte)zigZag);
        return index - offset;
    }
}
