package io.boomscooter.engine.ring;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * The fixed lines of the pzog protocol and the checks a server applies to a line's bytes, allocation-free.
 */
final class RingLines
{
    static final byte[] KEEP_ALIVE = ascii("keepAlive");
    static final byte[] ACK = ascii("ack");
    static final byte[] OK = ascii("ok");
    static final byte[] ERROR = ascii("error");
    static final byte[] HELLO = ascii("pzog-ids ");

    private RingLines()
    {
    }

    static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @return true when the line is exactly {@code expected}.
     */
    static boolean is(final DirectBuffer buffer, final int offset, final int length, final byte[] expected)
    {
        return length == expected.length && startsWith(buffer, offset, length, expected);
    }

    static boolean startsWith(final DirectBuffer buffer, final int offset, final int length, final byte[] prefix)
    {
        if (length < prefix.length)
        {
            return false;
        }
        for (int i = 0; i < prefix.length; i++)
        {
            if (buffer.getByte(offset + i) != prefix[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return true when every byte is printable ASCII (space to tilde): what the note calls text.
     */
    static boolean isText(final DirectBuffer buffer, final int offset, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            final byte b = buffer.getByte(offset + i);
            if (b < 0x20 || b > 0x7E)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes a non-negative number in decimal ASCII. Hand-written because Agrona's {@code putLongAscii} can
     * allocate a scratch array (JFR caught it on the logging path).
     *
     * @return bytes written.
     */
    static int putDecimal(final MutableDirectBuffer buffer, final int index, final long value)
    {
        int digits = 1;
        for (long v = value / 10; v > 0; v /= 10)
        {
            digits++;
        }
        long v = value;
        for (int i = index + digits - 1; i >= index; i--)
        {
            buffer.putByte(i, (byte)('0' + (v % 10)));
            v /= 10;
        }
        return digits;
    }

    /**
     * Parses an unsigned decimal number of at most 18 digits.
     *
     * @return the number, or -1 when there is no digit at offset or too many.
     */
    static long parseNumber(final DirectBuffer buffer, final int offset, final int end, final int[] consumed)
    {
        long value = 0;
        int i = offset;
        while (i < end && i - offset < 18)
        {
            final byte b = buffer.getByte(i);
            if (b < '0' || b > '9')
            {
                break;
            }
            value = value * 10 + (b - '0');
            i++;
        }
        consumed[0] = i - offset;
        return i == offset ? -1 : value;
    }
}
