package io.boomscooter.driver.tcp;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Text lines terminated by CRLF, as IRC-style protocols (the ring relay) speak: a frame is the line's
 * bytes then {@code \r\n}; the handler gets the line without its CRLF, possibly empty. A line may not
 * contain CR or LF. Lines longer than the limit are refused rather than buffered without end.
 * <ul>
 * <li>{@code maxLineLength} counts the CRLF: 512 allows 510 bytes of text (IRC's rule).</li>
 * <li>Malformed (the connection is closed, {@link TcpDisconnectReason#MALFORMED_FRAME}): no CRLF within
 * {@code maxLineLength} bytes ({@link #LINE_TOO_LONG}); an LF not preceded by CR, or a CR not followed by
 * LF ({@link #BARE_CR_OR_LF}).</li>
 * <li>Outgoing: messages of {@code 0..maxLineLength-2} bytes with no CR or LF; the framer adds CRLF.</li>
 * </ul>
 */
public final class TcpLineFramer implements TcpFramer
{
    public static final String LINE_TOO_LONG = "line longer than the limit (no CRLF within maxLineLength bytes)";
    public static final String BARE_CR_OR_LF = "CR or LF inside a line (not a CRLF pair)";

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final int maxLineLength;

    /**
     * @param maxLineLength most bytes of a line including its CRLF, {@code 3..TcpFraming.MAX_MAX_MESSAGE_LENGTH}.
     */
    public TcpLineFramer(final int maxLineLength)
    {
        if (maxLineLength < 3 || maxLineLength > TcpFraming.MAX_MAX_MESSAGE_LENGTH)
        {
            throw new IllegalArgumentException(
                "max line length must be in 3.." + TcpFraming.MAX_MAX_MESSAGE_LENGTH + ": " + maxLineLength);
        }
        this.maxLineLength = maxLineLength;
    }

    public int decode(final DirectBuffer buffer, final int offset, final int available, final Decoded out)
    {
        final int limit = Math.min(available, maxLineLength);
        for (int i = 0; i < limit; i++)
        {
            final byte b = buffer.getByte(offset + i);
            if (b == CR)
            {
                if (i + 2 > maxLineLength)
                {
                    return out.malformed(TcpDisconnectReason.MALFORMED_FRAME, LINE_TOO_LONG);
                }
                if (i + 1 == available)
                {
                    return NEED_MORE;
                }
                if (buffer.getByte(offset + i + 1) != LF)
                {
                    return out.malformed(TcpDisconnectReason.MALFORMED_FRAME, BARE_CR_OR_LF);
                }
                return out.frame(offset, i, i + 2);
            }
            if (b == LF)
            {
                return out.malformed(TcpDisconnectReason.MALFORMED_FRAME, BARE_CR_OR_LF);
            }
        }
        return available >= maxLineLength ?
            out.malformed(TcpDisconnectReason.MALFORMED_FRAME, LINE_TOO_LONG) : NEED_MORE;
    }

    public int maxFrameLength()
    {
        return maxLineLength;
    }

    public int maxMessageLength()
    {
        return maxLineLength - 2;
    }

    public boolean isValidMessageLength(final int messageLength)
    {
        return messageLength >= 0 && messageLength <= maxLineLength - 2;
    }

    public boolean isValidMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            final byte b = buffer.getByte(offset + i);
            if (b == CR || b == LF)
            {
                return false;
            }
        }
        return true;
    }

    public int headerLength(final int messageLength)
    {
        return 0;
    }

    public int trailerLength(final int messageLength)
    {
        return 2;
    }

    public void encodeHeader(final MutableDirectBuffer buffer, final int offset, final int messageLength)
    {
    }

    public void encodeTrailer(final MutableDirectBuffer buffer, final int offset, final int messageLength)
    {
        buffer.putByte(offset, CR);
        buffer.putByte(offset + 1, LF);
    }

    public String toString()
    {
        return "crlf-lines(max " + maxLineLength + ")";
    }
}
