package io.boomscooter.engine.ring;

import io.boomscooter.driver.tcp.TcpFramer;
import io.boomscooter.driver.tcp.TcpLineFramer;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * CRLF lines that never break the connection, as the pzog note asks ("the connection and the server carry
 * on"): a line ends at the first LF. Its message is the bytes before a CR LF pair; an LF without its CR is
 * kept in the message (so the text check refuses it as not text; a long one is cut from the front so that it
 * still ends in the LF and is never taken for the start of an overlong line). No LF within {@link #maxLineLength()}
 * bytes delivers that many bytes as one message longer than {@link #maxMessageLength()}: the handler
 * reports it as too long and drops what follows up to the next LF. Nothing here is ever malformed.
 * Outgoing lines are {@link TcpLineFramer}'s.
 */
final class RingLineFramer implements TcpFramer
{
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final int maxLineLength;
    private final TcpLineFramer outgoing;

    /**
     * @param maxLineLength most bytes of a line including its CRLF (512 in the note).
     */
    RingLineFramer(final int maxLineLength)
    {
        this.maxLineLength = maxLineLength;
        this.outgoing = new TcpLineFramer(maxLineLength);
    }

    /**
     * @return true when a delivered message is the first part of a line that was too long.
     */
    boolean isOverlong(final int messageLength)
    {
        return messageLength > maxMessageLength();
    }

    public int decode(final DirectBuffer buffer, final int offset, final int available, final Decoded out)
    {
        final int limit = Math.min(available, maxLineLength);
        for (int i = 0; i < limit; i++)
        {
            if (buffer.getByte(offset + i) == LF)
            {
                if (i > 0 && buffer.getByte(offset + i - 1) == CR)
                {
                    return out.frame(offset, i - 1, i + 1);
                }
                // a bare LF ends the line too; the message keeps it so the text check refuses it, and never reads
                // as overlong (an overlong message makes the handler skip the next line, which is a whole one here)
                final int length = Math.min(i + 1, maxMessageLength());
                return out.frame(offset + i + 1 - length, length, i + 1);
            }
        }
        if (available >= maxLineLength)
        {
            return out.frame(offset, maxLineLength, maxLineLength);
        }
        return NEED_MORE;
    }

    int maxLineLength()
    {
        return maxLineLength;
    }

    public int maxFrameLength()
    {
        return maxLineLength;
    }

    public int maxMessageLength()
    {
        return outgoing.maxMessageLength();
    }

    public boolean isValidMessageLength(final int messageLength)
    {
        return outgoing.isValidMessageLength(messageLength);
    }

    public int headerLength(final int messageLength)
    {
        return outgoing.headerLength(messageLength);
    }

    public int trailerLength(final int messageLength)
    {
        return outgoing.trailerLength(messageLength);
    }

    public void encodeHeader(final MutableDirectBuffer buffer, final int offset, final int messageLength)
    {
        outgoing.encodeHeader(buffer, offset, messageLength);
    }

    public void encodeTrailer(final MutableDirectBuffer buffer, final int offset, final int messageLength)
    {
        outgoing.encodeTrailer(buffer, offset, messageLength);
    }

    public boolean isValidMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        return outgoing.isValidMessage(buffer, offset, length);
    }

    public String toString()
    {
        return "pzog-lines(max " + maxLineLength + ", lenient)";
    }
}
