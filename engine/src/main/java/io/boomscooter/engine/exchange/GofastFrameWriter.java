package io.boomscooter.engine.exchange;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes gofast frames (see {@code docs/exchanges.md}):
 * <pre>
 *   d9 d9 f7, type, bytes( tag(opaque) bytes( [tag(gzip|lzw) bytes(compressed ...)]
 *                                             tag(msg) bf tag(id) uint(id) tag(data) bytes(data) ff ) )
 *   finish: d9 d9 f7 c8 bytes( tag(opaque) 40 ) ff
 * </pre>
 * Without compression the frame is written straight into the destination in one pass (every length is known
 * up front); with compression the message part is built in a scratch buffer, each layer wraps the last, and a
 * layer that would not make the packet smaller is left out (a gofast receiver takes packets with or without
 * layers). Zero allocation after construction.
 */
final class GofastFrameWriter
{
    /** {@link #write} result: the frame would be longer than the limit given. */
    static final int TOO_LONG = -1;

    private final GofastTags tags;
    private final UnsafeBuffer scratchA;
    private final UnsafeBuffer scratchB;
    private final int scratchLength;

    /**
     * @param tags          the numbering to write.
     * @param maxFrameLength the longest frame ever written (the largest buffer size either side announces).
     */
    GofastFrameWriter(final GofastTags tags, final int maxFrameLength)
    {
        this.tags = tags;
        this.scratchLength = maxFrameLength + 64;
        this.scratchA = new UnsafeBuffer(new byte[scratchLength]);
        this.scratchB = new UnsafeBuffer(new byte[scratchLength]);
    }

    /** @return bytes of the message part {@code tag(msg) bf tag(id) uint(id) tag(data) bytes(data) ff}. */
    int messageLength(final long messageId, final int dataLength)
    {
        return GofastCbor.headLength(tags.msg) + 1 + GofastCbor.headLength(tags.id) +
            GofastCbor.headLength(messageId) + GofastCbor.headLength(tags.data) +
            GofastCbor.headLength(dataLength) + dataLength + 1;
    }

    /**
     * Writes one frame carrying a message.
     *
     * @param layers     compressions to apply, innermost first; may be empty.
     * @param limit      most bytes the frame may take (the peer's buffer size and the room in dst).
     * @return the frame's length, or {@link #TOO_LONG}.
     */
    int write(
        final MutableDirectBuffer dst,
        final int dstOffset,
        final int limit,
        final int type,
        final long opaque,
        final long messageId,
        final DirectBuffer data,
        final int dataOffset,
        final int dataLength,
        final ExchangeCompression[] layers,
        final int layerCount)
    {
        final int messageLength = messageLength(messageId, dataLength);
        if (layerCount == 0 || messageLength > scratchLength)
        {
            final int packetLength = GofastCbor.headLength(opaque) + GofastCbor.headLength(messageLength) +
                messageLength;
            final int frameLength = GofastWire.PREFIX_LENGTH + 1 + GofastCbor.headLength(packetLength) + packetLength;
            if (frameLength > limit)
            {
                return TOO_LONG;
            }
            int at = writeFrameStart(dst, dstOffset, type, opaque, packetLength, messageLength);
            at = writeMessage(dst, at, messageId, data, dataOffset, dataLength);
            return at - dstOffset;
        }

        writeMessage(scratchA, 0, messageId, data, dataOffset, dataLength);
        UnsafeBuffer inner = scratchA;
        UnsafeBuffer spare = scratchB;
        int innerLength = messageLength;
        for (int i = 0; i < layerCount; i++)
        {
            final ExchangeCompression layer = layers[i];
            final int room = scratchLength - 16;
            final int compressed = layer.compress(inner, 0, innerLength, spare, 16, room);
            final int wrappedLength = compressed < 0 ? -1 :
                GofastCbor.headLength(tags.compressionTag(layer.name())) + GofastCbor.headLength(compressed) + compressed;
            if (compressed < 0 || wrappedLength >= innerLength)
            {
                continue;
            }
            // Shift the head in front of the compressed bytes: they sit at 16, the head takes at most 14.
            final int headLength = wrappedLength - compressed;
            final int start = 16 - headLength;
            int at = start + GofastCbor.putHead(spare, start, GofastCbor.MAJOR_TAG, tags.compressionTag(layer.name()));
            GofastCbor.putHead(spare, at, GofastCbor.MAJOR_BYTES, compressed);
            spare.putBytes(0, spare, start, wrappedLength);
            final UnsafeBuffer swap = inner;
            inner = spare;
            spare = swap;
            innerLength = wrappedLength;
        }
        final int packetLength = GofastCbor.headLength(opaque) + GofastCbor.headLength(innerLength) + innerLength;
        final int frameLength = GofastWire.PREFIX_LENGTH + 1 + GofastCbor.headLength(packetLength) + packetLength;
        if (frameLength > limit)
        {
            return TOO_LONG;
        }
        final int at = writeFrameStart(dst, dstOffset, type, opaque, packetLength, innerLength);
        dst.putBytes(at, inner, 0, innerLength);
        return frameLength;
    }

    /**
     * Writes a finish frame: {@code d9 d9 f7 c8 bytes(tag(opaque) 40) ff}.
     *
     * @return its length, or {@link #TOO_LONG}.
     */
    int writeFinish(final MutableDirectBuffer dst, final int dstOffset, final int limit, final long opaque)
    {
        final int packetLength = GofastCbor.headLength(opaque) + 1;
        final int frameLength = GofastWire.PREFIX_LENGTH + 1 + GofastCbor.headLength(packetLength) + packetLength + 1;
        if (frameLength > limit)
        {
            return TOO_LONG;
        }
        int at = writePrefix(dst, dstOffset, GofastWire.FINISH);
        at += GofastCbor.putHead(dst, at, GofastCbor.MAJOR_BYTES, packetLength);
        at += GofastCbor.putHead(dst, at, GofastCbor.MAJOR_TAG, opaque);
        dst.putByte(at++, (byte)0x40);
        dst.putByte(at++, (byte)GofastCbor.BREAK);
        return at - dstOffset;
    }

    private static int writePrefix(final MutableDirectBuffer dst, final int offset, final int type)
    {
        dst.putByte(offset, (byte)GofastWire.PREFIX_0);
        dst.putByte(offset + 1, (byte)GofastWire.PREFIX_1);
        dst.putByte(offset + 2, (byte)GofastWire.PREFIX_2);
        dst.putByte(offset + 3, (byte)type);
        return offset + 4;
    }

    private static int writeFrameStart(
        final MutableDirectBuffer dst,
        final int offset,
        final int type,
        final long opaque,
        final int packetLength,
        final int innerLength)
    {
        int at = writePrefix(dst, offset, type);
        at += GofastCbor.putHead(dst, at, GofastCbor.MAJOR_BYTES, packetLength);
        at += GofastCbor.putHead(dst, at, GofastCbor.MAJOR_TAG, opaque);
        at += GofastCbor.putHead(dst, at, GofastCbor.MAJOR_BYTES, innerLength);
        return at;
    }

    private int writeMessage(
        final MutableDirectBuffer dst,
        final int offset,
        final long messageId,
        final DirectBuffer data,
        final int dataOffset,
        final int dataLength)
    {
        int at = offset;
        at += GofastCbor.putHead(dst, at, GofastCbor.MAJOR_TAG, tags.msg);
        dst.putByte(at++, (byte)0xbf);
        at += GofastCbor.putHead(dst, at, GofastCbor.MAJOR_TAG, tags.id);
        at += GofastCbor.putHead(dst, at, GofastCbor.MAJOR_UINT, messageId);
        at += GofastCbor.putHead(dst, at, GofastCbor.MAJOR_TAG, tags.data);
        at += GofastCbor.putHead(dst, at, GofastCbor.MAJOR_BYTES, dataLength);
        dst.putBytes(at, data, dataOffset, dataLength);
        at += dataLength;
        dst.putByte(at++, (byte)GofastCbor.BREAK);
        return at;
    }
}
