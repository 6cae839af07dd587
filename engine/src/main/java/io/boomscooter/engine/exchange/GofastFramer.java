package io.boomscooter.engine.exchange;

import io.boomscooter.driver.tcp.TcpDisconnectReason;
import io.boomscooter.driver.tcp.TcpFramer;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Cuts gofast frames out of a TCP stream: {@code d9 d9 f7}, a type byte ({@code c6 81 9f c7 c8}), a definite
 * CBOR byte string (the packet) and, for a finish, a closing {@code ff}. The handler gets the whole frame (the
 * exchange layer reads the type and the packet itself); outgoing frames are written whole by
 * {@link GofastFrameWriter}, so this framer adds nothing around them. Packets longer than the buffer size this
 * side announces are malformed, as are a wrong prefix, an unknown type byte, a packet that is not a byte string
 * and a finish without its {@code ff}.
 */
final class GofastFramer implements TcpFramer
{
    static final String BAD_PREFIX = "frame does not start with d9 d9 f7 (CBOR self-describe tag)";
    static final String BAD_TYPE = "unknown frame type byte (not c6, 81, 9f, c7 or c8)";
    static final String NOT_BYTES = "packet is not a definite-length CBOR byte string";
    static final String TOO_LONG = "packet longer than the buffer size announced in whoami";
    static final String NO_BREAK = "finish frame does not end with ff";

    /** Prefix, type byte, the longest byte-string head and a finish's closing ff. */
    static final int OVERHEAD = GofastWire.PREFIX_LENGTH + 1 + 9 + 1;

    private final GofastCbor head = new GofastCbor();
    private final int maxPacketLength;

    /**
     * @param maxPacketLength the buffer size this side announces: the longest packet it accepts.
     */
    GofastFramer(final int maxPacketLength)
    {
        this.maxPacketLength = maxPacketLength;
    }

    public int decode(final DirectBuffer buffer, final int offset, final int available, final Decoded out)
    {
        final int prefixBytes = Math.min(available, GofastWire.PREFIX_LENGTH);
        for (int i = 0; i < prefixBytes; i++)
        {
            final int expected = i == 2 ? GofastWire.PREFIX_2 : GofastWire.PREFIX_0;
            if ((buffer.getByte(offset + i) & 0xff) != expected)
            {
                return out.malformed(TcpDisconnectReason.MALFORMED_FRAME, BAD_PREFIX);
            }
        }
        if (available <= GofastWire.PREFIX_LENGTH)
        {
            return NEED_MORE;
        }
        final int type = buffer.getByte(offset + GofastWire.PREFIX_LENGTH) & 0xff;
        if (!GofastWire.isFrameType(type))
        {
            return out.malformed(TcpDisconnectReason.MALFORMED_FRAME, BAD_TYPE);
        }
        final int headOffset = offset + GofastWire.PREFIX_LENGTH + 1;
        final int result = head.read(buffer, headOffset, offset + available);
        if (result == GofastCbor.SHORT)
        {
            return NEED_MORE;
        }
        if (result == GofastCbor.INVALID || head.major != GofastCbor.MAJOR_BYTES || head.value < 0)
        {
            return out.malformed(TcpDisconnectReason.MALFORMED_FRAME, NOT_BYTES);
        }
        if (head.value > maxPacketLength)
        {
            return out.malformed(TcpDisconnectReason.MALFORMED_FRAME, TOO_LONG);
        }
        final boolean finish = type == GofastWire.FINISH;
        final int frameLength = GofastWire.PREFIX_LENGTH + 1 + result + (int)head.value + (finish ? 1 : 0);
        if (available < frameLength)
        {
            return NEED_MORE;
        }
        if (finish && (buffer.getByte(offset + frameLength - 1) & 0xff) != GofastCbor.BREAK)
        {
            return out.malformed(TcpDisconnectReason.MALFORMED_FRAME, NO_BREAK);
        }
        return out.frame(offset, frameLength, frameLength);
    }

    public int maxFrameLength()
    {
        return maxPacketLength + OVERHEAD;
    }

    public int maxMessageLength()
    {
        return maxPacketLength + OVERHEAD;
    }

    public boolean isValidMessageLength(final int messageLength)
    {
        return messageLength > GofastWire.PREFIX_LENGTH && messageLength <= maxPacketLength + OVERHEAD;
    }

    public int headerLength(final int messageLength)
    {
        return 0;
    }

    public int trailerLength(final int messageLength)
    {
        return 0;
    }

    public void encodeHeader(final MutableDirectBuffer buffer, final int offset, final int messageLength)
    {
    }

    public void encodeTrailer(final MutableDirectBuffer buffer, final int offset, final int messageLength)
    {
    }

    public String toString()
    {
        return "gofast-cbor(max packet " + maxPacketLength + ")";
    }
}
