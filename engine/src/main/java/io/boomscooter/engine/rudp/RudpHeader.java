package io.boomscooter.engine.rudp;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The packet header of the reliable-UDP layout (arnohaase/rustconsensus {@code networkprotocol}, commit c6a3d1a),
 * big-endian, after the datagram's version byte (and, with a key, inside the encrypted part):
 * <pre>
 *   u8  flags: bits 0-1 reply-to (00 IPv4 follows, 01 IPv6 follows, 10 none),
 *              bits 2-4 kind (000 sequenced, 001 fire-and-forget, 100 RECV_SYNC, 101 SEND_SYNC, 110 PING)
 *   u48 sender generation (ms since the epoch at the sender's start)
 *   u48 receiver generation (0: unknown)
 *   reply-to address: 4 or 16 bytes + u16 port, when flagged
 *   u16 stream id                     (sequenced, RECV_SYNC, SEND_SYNC)
 *   u16 offset of the first message starting in the payload, 0xFFFF none; u64 packet number  (sequenced)
 * </pre>
 * One instance is reused for every packet: {@link #decode} fills its fields, never allocating.
 */
final class RudpHeader
{
    static final int VERSION = 0;

    static final int ADDRESS_IPV4 = 0b00;
    static final int ADDRESS_IPV6 = 0b01;
    static final int ADDRESS_NONE = 0b10;

    static final int KIND_SEQUENCED = 0b000;
    static final int KIND_FIRE_AND_FORGET = 0b001;
    static final int KIND_RECV_SYNC = 0b100;
    static final int KIND_SEND_SYNC = 0b101;
    static final int KIND_PING = 0b110;

    static final int NO_MESSAGE_START = 0xFFFF;
    static final long GENERATION_MASK = 0xFFFF_FFFF_FFFFL;

    static final String SHORT = "header longer than the datagram";
    static final String BAD_ADDRESS = "reply-to address flags 11";
    static final String BAD_KIND = "unknown packet kind";
    static final String BAD_FLAGS = "flag bits 5-7 set";
    static final String BAD_OFFSET = "first-message offset beyond the payload";

    int kind;
    int addressType;
    long senderGeneration;
    long receiverGeneration;
    /** Reply-to address bytes (4 or 16 used) and port, when {@link #addressType} is not NONE. */
    final byte[] address = new byte[16];
    int port;
    int streamId;
    int firstMessageOffset;
    long packetNumber;
    /** Offset of the payload after a successful {@link #decode}. */
    int payloadOffset;
    String error;

    /** @return bytes of a header of this kind with this reply-to type. */
    static int length(final int kind, final int addressType)
    {
        int length = 1 + 6 + 6;
        length += addressType == ADDRESS_IPV4 ? 6 : addressType == ADDRESS_IPV6 ? 18 : 0;
        if (kind == KIND_SEQUENCED || kind == KIND_RECV_SYNC || kind == KIND_SEND_SYNC)
        {
            length += 2;
        }
        if (kind == KIND_SEQUENCED)
        {
            length += 2 + 8;
        }
        return length;
    }

    /**
     * Writes a header (no reply-to address: this implementation answers to the datagram's source).
     *
     * @return bytes written.
     */
    static int encode(
        final MutableDirectBuffer buffer,
        final int offset,
        final int kind,
        final long senderGeneration,
        final long receiverGeneration,
        final int streamId,
        final int firstMessageOffset,
        final long packetNumber)
    {
        int at = offset;
        buffer.putByte(at++, (byte)(ADDRESS_NONE | kind << 2));
        putU48(buffer, at, senderGeneration);
        at += 6;
        putU48(buffer, at, receiverGeneration);
        at += 6;
        if (kind == KIND_SEQUENCED || kind == KIND_RECV_SYNC || kind == KIND_SEND_SYNC)
        {
            buffer.putShort(at, (short)streamId, ByteOrder.BIG_ENDIAN);
            at += 2;
        }
        if (kind == KIND_SEQUENCED)
        {
            buffer.putShort(at, (short)firstMessageOffset, ByteOrder.BIG_ENDIAN);
            buffer.putLong(at + 2, packetNumber, ByteOrder.BIG_ENDIAN);
            at += 10;
        }
        return at - offset;
    }

    /**
     * @param end offset one past the last byte of the (decrypted) packet.
     * @return true when a whole, valid header is there; else {@link #error} says why.
     */
    boolean decode(final DirectBuffer buffer, final int offset, final int end)
    {
        error = null;
        if (offset + 13 > end)
        {
            return fail(SHORT);
        }
        final int flags = buffer.getByte(offset) & 0xff;
        if ((flags & 0xE0) != 0)
        {
            return fail(BAD_FLAGS);
        }
        addressType = flags & 0b11;
        kind = (flags >>> 2) & 0b111;
        if (addressType == 0b11)
        {
            return fail(BAD_ADDRESS);
        }
        if (kind != KIND_SEQUENCED && kind != KIND_FIRE_AND_FORGET && kind != KIND_RECV_SYNC &&
            kind != KIND_SEND_SYNC && kind != KIND_PING)
        {
            return fail(BAD_KIND);
        }
        if (offset + length(kind, addressType) > end)
        {
            return fail(SHORT);
        }
        int at = offset + 1;
        senderGeneration = getU48(buffer, at);
        receiverGeneration = getU48(buffer, at + 6);
        at += 12;
        if (addressType != ADDRESS_NONE)
        {
            final int n = addressType == ADDRESS_IPV4 ? 4 : 16;
            buffer.getBytes(at, address, 0, n);
            port = buffer.getShort(at + n, ByteOrder.BIG_ENDIAN) & 0xffff;
            at += n + 2;
        }
        if (kind == KIND_SEQUENCED || kind == KIND_RECV_SYNC || kind == KIND_SEND_SYNC)
        {
            streamId = buffer.getShort(at, ByteOrder.BIG_ENDIAN) & 0xffff;
            at += 2;
        }
        if (kind == KIND_SEQUENCED)
        {
            firstMessageOffset = buffer.getShort(at, ByteOrder.BIG_ENDIAN) & 0xffff;
            packetNumber = buffer.getLong(at + 2, ByteOrder.BIG_ENDIAN);
            at += 10;
            if (firstMessageOffset != NO_MESSAGE_START && at + firstMessageOffset > end)
            {
                return fail(BAD_OFFSET);
            }
        }
        payloadOffset = at;
        return true;
    }

    static void putU48(final MutableDirectBuffer buffer, final int at, final long value)
    {
        buffer.putShort(at, (short)(value >>> 32), ByteOrder.BIG_ENDIAN);
        buffer.putInt(at + 2, (int)value, ByteOrder.BIG_ENDIAN);
    }

    static long getU48(final DirectBuffer buffer, final int at)
    {
        return ((buffer.getShort(at, ByteOrder.BIG_ENDIAN) & 0xffffL) << 32) |
            (buffer.getInt(at + 2, ByteOrder.BIG_ENDIAN) & 0xffff_ffffL);
    }

    private boolean fail(final String reason)
    {
        error = reason;
        return false;
    }
}
