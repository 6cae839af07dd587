package io.boomscooter.engine.exchange;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads one whole gofast frame (as {@link GofastFramer} cut it): its type, its opaque and, except for a finish,
 * the message id and data, taking off any compression layers the reader was told it may see. Every length is
 * checked against the bytes that hold it; anything that is not the layout {@link GofastFrameWriter} writes is
 * refused with a constant reason ({@link #error()}), never an exception. The data is only valid until the next
 * {@link #read}: it may sit in the reader's decompression scratch.
 */
final class GofastPacketReader
{
    static final String BAD_OPAQUE = "opaque is not a CBOR tag in the opaque space";
    static final String BAD_PACKET = "packet is not tag(opaque) followed by a byte string filling the packet";
    static final String BAD_FINISH = "finish packet is not tag(opaque) 40";
    static final String UNKNOWN_TAG = "packet tag is neither the message tag nor a compression this side offered";
    static final String TOO_DEEP = "more than four compression layers";
    static final String BAD_HEADER = "message header is not bf tag(id) uint tag(data) bytes ff";
    static final String NO_ID = "message id 0 or missing, or no data";
    static final String BAD_COMPRESSED = "compressed layer does not decompress within the buffer size";

    private static final int MAX_LAYERS = 4;

    private final GofastTags tags;
    private final GofastCbor head = new GofastCbor();
    private final ExchangeCompression[] accepted;
    private final long[] acceptedTags;
    private final UnsafeBuffer[] scratch;
    private final int scratchLength;

    int type;
    long opaque;
    long messageId;
    DirectBuffer data;
    int dataOffset;
    int dataLength;
    private String error;

    /**
     * @param tags           the numbering to read.
     * @param accepted       compressions this side offered in its whoami (what a peer may send).
     * @param maxPacketLength the buffer size this side announced; a layer decompresses into at most this much.
     */
    GofastPacketReader(final GofastTags tags, final ExchangeCompression[] accepted, final int maxPacketLength)
    {
        this.tags = tags;
        this.accepted = accepted.clone();
        this.acceptedTags = new long[accepted.length];
        for (int i = 0; i < accepted.length; i++)
        {
            acceptedTags[i] = tags.compressionTag(accepted[i].name());
        }
        this.scratchLength = maxPacketLength;
        this.scratch = new UnsafeBuffer[]{
            new UnsafeBuffer(new byte[maxPacketLength]), new UnsafeBuffer(new byte[maxPacketLength])};
    }

    String error()
    {
        return error;
    }

    /**
     * @param frame  a whole frame: prefix, type, packet (and a finish's ff), as the framer delivered it.
     * @return true when the frame is well formed; else {@link #error()} says why.
     */
    boolean read(final DirectBuffer frame, final int offset, final int length)
    {
        error = null;
        final int end = offset + length;
        type = frame.getByte(offset + GofastWire.PREFIX_LENGTH) & 0xff;
        int at = offset + GofastWire.PREFIX_LENGTH + 1;
        if (head.read(frame, at, end) <= 0 || head.major != GofastCbor.MAJOR_BYTES || head.value < 0)
        {
            return fail(BAD_PACKET);
        }
        at += head.headLength;
        final int packetEnd = at + (int)head.value;
        if (head.read(frame, at, packetEnd) <= 0 || head.major != GofastCbor.MAJOR_TAG || !tags.isOpaque(head.value))
        {
            return fail(BAD_OPAQUE);
        }
        opaque = head.value;
        at += head.headLength;
        if (type == GofastWire.FINISH)
        {
            return at + 1 == packetEnd && (frame.getByte(at) & 0xff) == 0x40 || fail(BAD_FINISH);
        }
        if (head.read(frame, at, packetEnd) <= 0 || head.major != GofastCbor.MAJOR_BYTES || head.value < 0 ||
            at + head.headLength + head.value != packetEnd)
        {
            return fail(BAD_PACKET);
        }
        return readLayers(frame, at + head.headLength, packetEnd);
    }

    private boolean readLayers(final DirectBuffer buffer, final int start, final int end)
    {
        DirectBuffer in = buffer;
        int at = start;
        int limit = end;
        for (int depth = 0; depth <= MAX_LAYERS; depth++)
        {
            if (head.read(in, at, limit) <= 0 || head.major != GofastCbor.MAJOR_TAG)
            {
                return fail(UNKNOWN_TAG);
            }
            if (head.value == tags.msg)
            {
                return readMessage(in, at + head.headLength, limit);
            }
            final ExchangeCompression layer = layer(head.value);
            if (null == layer)
            {
                return fail(UNKNOWN_TAG);
            }
            at += head.headLength;
            if (head.read(in, at, limit) <= 0 || head.major != GofastCbor.MAJOR_BYTES || head.value < 0 ||
                at + head.headLength + head.value != limit)
            {
                return fail(BAD_PACKET);
            }
            final UnsafeBuffer out = scratch[depth & 1];
            final int n = layer.decompress(in, at + head.headLength, (int)head.value, out, 0, scratchLength);
            if (n <= 0)
            {
                return fail(BAD_COMPRESSED);
            }
            in = out;
            at = 0;
            limit = n;
        }
        return fail(TOO_DEEP);
    }

    private boolean readMessage(final DirectBuffer in, final int start, final int end)
    {
        int at = start;
        if (at >= end || (in.getByte(at) & 0xff) != 0xbf)
        {
            return fail(BAD_HEADER);
        }
        at++;
        messageId = 0;
        dataLength = -1;
        while (true)
        {
            if (at >= end)
            {
                return fail(BAD_HEADER);
            }
            if ((in.getByte(at) & 0xff) == GofastCbor.BREAK)
            {
                at++;
                break;
            }
            if (head.read(in, at, end) <= 0 || head.major != GofastCbor.MAJOR_TAG)
            {
                return fail(BAD_HEADER);
            }
            final long key = head.value;
            at += head.headLength;
            if (key == tags.id)
            {
                if (head.read(in, at, end) <= 0 || head.major != GofastCbor.MAJOR_UINT || head.value < 0)
                {
                    return fail(BAD_HEADER);
                }
                messageId = head.value;
                at += head.headLength;
            }
            else if (key == tags.data)
            {
                if (head.read(in, at, end) <= 0 || head.major != GofastCbor.MAJOR_BYTES || head.value < 0 ||
                    head.value > end - at - head.headLength)
                {
                    return fail(BAD_HEADER);
                }
                data = in;
                dataOffset = at + head.headLength;
                dataLength = (int)head.value;
                at = dataOffset + dataLength;
            }
            else
            {
                return fail(BAD_HEADER);
            }
        }
        if (at != end)
        {
            return fail(BAD_HEADER);
        }
        return messageId != 0 && dataLength >= 0 || fail(NO_ID);
    }

    private ExchangeCompression layer(final long tag)
    {
        for (int i = 0; i < accepted.length; i++)
        {
            if (acceptedTags[i] == tag)
            {
                return accepted[i];
            }
        }
        return null;
    }

    private boolean fail(final String reason)
    {
        error = reason;
        return false;
    }
}
