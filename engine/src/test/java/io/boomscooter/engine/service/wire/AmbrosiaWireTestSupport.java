package io.boomscooter.engine.service.wire;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Byte-vector helpers for the AMBROSIA wire tests: every expected byte in these tests is written out by hand.
 */
final class AmbrosiaWireTestSupport
{
    private AmbrosiaWireTestSupport()
    {
    }

    /**
     * @return the values as bytes (each 0..255 or a negative byte value).
     */
    static byte[] bytes(final int... values)
    {
        final byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            out[i] = (byte)values[i];
        }
        return out;
    }

    static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(final byte[]... parts)
    {
        int length = 0;
        for (final byte[] part : parts)
        {
            length += part.length;
        }
        final byte[] out = new byte[length];
        int index = 0;
        for (final byte[] part : parts)
        {
            System.arraycopy(part, 0, out, index, part.length);
            index += part.length;
        }
        return out;
    }

    static UnsafeBuffer buffer(final byte[] content)
    {
        return new UnsafeBuffer(content.clone());
    }

    /**
     * @return the bytes at {@code offset..offset+length} of the buffer.
     */
    static byte[] copy(final UnsafeBuffer buffer, final int offset, final int length)
    {
        final byte[] out = new byte[length];
        buffer.getBytes(offset, out);
        return out;
    }

    static byte[] littleEndianInt(final int value)
    {
        return bytes(value, value >>> 8, value >>> 16, value >>> 24);
    }

    static byte[] littleEndianLong(final long value)
    {
        final byte[] out = new byte[8];
        for (int i = 0; i < 8; i++)
        {
            out[i] = (byte)(value >>> (8 * i));
        }
        return out;
    }
}
