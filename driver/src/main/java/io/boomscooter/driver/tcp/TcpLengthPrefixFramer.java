package io.boomscooter.driver.tcp;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.boomscooter.driver.tcp.TcpFraming.BYTE_ORDER;
import static io.boomscooter.driver.tcp.TcpFraming.LENGTH_FIELD_LENGTH;

/**
 * The default framing, byte for byte as in {@code docs/tcp-transport.md}: a 4-byte little-endian signed
 * length {@code 1..maxMessageLength}, then exactly that many bytes of message. A bad prefix is
 * {@link TcpDisconnectReason#INVALID_FRAME_LENGTH}.
 */
public final class TcpLengthPrefixFramer implements TcpFramer
{
    private static final String BAD_PREFIX = "length prefix outside 1..maxMessageLength";

    private final int maxMessageLength;

    /**
     * @param maxMessageLength largest message in a frame, {@code 1..TcpFraming.MAX_MAX_MESSAGE_LENGTH}.
     */
    public TcpLengthPrefixFramer(final int maxMessageLength)
    {
        this.maxMessageLength = TcpFraming.validateMaxMessageLength(maxMessageLength);
    }

    public int decode(final DirectBuffer buffer, final int offset, final int available, final Decoded out)
    {
        if (available < LENGTH_FIELD_LENGTH)
        {
            return NEED_MORE;
        }
        final int messageLength = buffer.getInt(offset, BYTE_ORDER);
        if (!TcpFraming.isValidMessageLength(messageLength, maxMessageLength))
        {
            out.messageLength = messageLength;
            return out.malformed(TcpDisconnectReason.INVALID_FRAME_LENGTH, BAD_PREFIX);
        }
        if (available - LENGTH_FIELD_LENGTH < messageLength)
        {
            return NEED_MORE;
        }
        return out.frame(offset + LENGTH_FIELD_LENGTH, messageLength, LENGTH_FIELD_LENGTH + messageLength);
    }

    public int maxFrameLength()
    {
        return LENGTH_FIELD_LENGTH + maxMessageLength;
    }

    public int maxMessageLength()
    {
        return maxMessageLength;
    }

    public boolean isValidMessageLength(final int messageLength)
    {
        return TcpFraming.isValidMessageLength(messageLength, maxMessageLength);
    }

    public int headerLength(final int messageLength)
    {
        return LENGTH_FIELD_LENGTH;
    }

    public int trailerLength(final int messageLength)
    {
        return 0;
    }

    public void encodeHeader(final MutableDirectBuffer buffer, final int offset, final int messageLength)
    {
        buffer.putInt(offset, messageLength, BYTE_ORDER);
    }

    public void encodeTrailer(final MutableDirectBuffer buffer, final int offset, final int messageLength)
    {
    }

    public String toString()
    {
        return "length-prefix(max " + maxMessageLength + ")";
    }
}
