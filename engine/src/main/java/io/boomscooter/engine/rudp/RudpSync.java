package io.boomscooter.engine.rudp;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The control messages after a sync header, big-endian: RECV_SYNC (receiver to sender: the acknowledgement and the
 * NAKs) is u64 high-water mark, u64 low-water mark, u64 ack threshold, a varint count (LEB128, as the
 * {@code bytes_varint} crate writes a usize) and that many u64 packet numbers to resend; SEND_SYNC (sender to
 * receiver) is u64 high-water mark (the next packet number) and u64 low-water mark (the oldest it can still
 * resend). Decoding fills fields and checks every length; the NAK list is read in place.
 */
final class RudpSync
{
    static final String SHORT = "sync message shorter than its fields";
    static final String BAD_VARINT = "NAK count is not a varint below 65536";
    static final String BAD_ORDER = "low-water mark above high-water mark";

    long highWater;
    long lowWater;
    long ackThreshold;
    int nakCount;
    /** Offset of the first NAK'd packet number in the decoded buffer. */
    int naksOffset;
    String error;

    static int encodeSendSync(final MutableDirectBuffer buffer, final int offset, final long high, final long low)
    {
        buffer.putLong(offset, high, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + 8, low, ByteOrder.BIG_ENDIAN);
        return 16;
    }

    /** Writes the RECV_SYNC fields and the count; the caller then writes {@code count} u64s. */
    static int encodeRecvSyncStart(final MutableDirectBuffer buffer, final int offset, final long high, final long low,
        final long ackThreshold, final int count)
    {
        buffer.putLong(offset, high, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + 8, low, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + 16, ackThreshold, ByteOrder.BIG_ENDIAN);
        int at = offset + 24;
        int value = count;
        while (value >= 0x80)
        {
            buffer.putByte(at++, (byte)(value & 0x7f | 0x80));
            value >>>= 7;
        }
        buffer.putByte(at++, (byte)value);
        return at - offset;
    }

    boolean decodeSendSync(final DirectBuffer buffer, final int offset, final int end)
    {
        if (offset + 16 > end)
        {
            return fail(SHORT);
        }
        highWater = buffer.getLong(offset, ByteOrder.BIG_ENDIAN);
        lowWater = buffer.getLong(offset + 8, ByteOrder.BIG_ENDIAN);
        return Long.compareUnsigned(lowWater, highWater) <= 0 || fail(BAD_ORDER);
    }

    boolean decodeRecvSync(final DirectBuffer buffer, final int offset, final int end)
    {
        if (offset + 25 > end)
        {
            return fail(SHORT);
        }
        highWater = buffer.getLong(offset, ByteOrder.BIG_ENDIAN);
        lowWater = buffer.getLong(offset + 8, ByteOrder.BIG_ENDIAN);
        ackThreshold = buffer.getLong(offset + 16, ByteOrder.BIG_ENDIAN);
        int at = offset + 24;
        int count = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (at >= end || shift > 14)
            {
                return fail(BAD_VARINT);
            }
            final int b = buffer.getByte(at++) & 0xff;
            count |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                break;
            }
        }
        if (count > 0xFFFF)
        {
            return fail(BAD_VARINT);
        }
        if ((long)at + 8L * count > end)
        {
            return fail(SHORT);
        }
        nakCount = count;
        naksOffset = at;
        return Long.compareUnsigned(lowWater, highWater) <= 0 || fail(BAD_ORDER);
    }

    long nak(final DirectBuffer buffer, final int index)
    {
        return buffer.getLong(naksOffset + 8 * index, ByteOrder.BIG_ENDIAN);
    }

    private boolean fail(final String reason)
    {
        error = reason;
        return false;
    }
}
