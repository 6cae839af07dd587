package io.boomscooter.engine.ring;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * access.log or error.log: lines {@code YYYY-MM-DD HH:MM:SS <text>} in UTC, appended to a file. Lines are
 * gathered in a buffer and written once per duty cycle ({@link #flush()}), so a busy server makes one write
 * call per cycle; the timestamp is formatted by hand, so a line allocates nothing.
 */
final class RingTextLog implements AutoCloseable
{
    private static final int TIMESTAMP_LENGTH = 20; // "YYYY-MM-DD HH:MM:SS "

    private final FileChannel channel;
    private final ByteBuffer byteBuffer;
    private final UnsafeBuffer buffer;
    private final byte[] stamp = new byte[TIMESTAMP_LENGTH];
    private long stampSecond = Long.MIN_VALUE;
    private int length;

    /**
     * @param file     appended to, created when missing.
     * @param capacity bytes buffered between flushes; a full buffer flushes early.
     */
    RingTextLog(final Path file, final int capacity)
    {
        try
        {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open " + file, ex);
        }
        byteBuffer = ByteBuffer.allocateDirect(capacity);
        buffer = new UnsafeBuffer(byteBuffer);
    }

    /**
     * Appends one line: the timestamp of {@code epochMs}, a space, then the given parts in order.
     */
    void line(final long epochMs, final String prefix, final DirectBuffer text, final int offset, final int length)
    {
        reserve(TIMESTAMP_LENGTH + prefix.length() + length + 1);
        stamp(epochMs);
        this.length += buffer.putStringWithoutLengthAscii(this.length, prefix);
        buffer.putBytes(this.length, text, offset, length);
        this.length += length;
        buffer.putByte(this.length++, (byte)'\n');
    }

    /**
     * Appends a line whose text is built from a prefix, a number, a separator and more text: how access.log
     * names a message ({@code 2.17 <text>}) without building a string.
     */
    void line(final long epochMs, final long number, final char separator, final long second,
        final DirectBuffer text, final int offset, final int length)
    {
        reserve(TIMESTAMP_LENGTH + 42 + length + 1);
        stamp(epochMs);
        this.length += RingLines.putDecimal(buffer, this.length, number);
        buffer.putByte(this.length++, (byte)separator);
        this.length += RingLines.putDecimal(buffer, this.length, second);
        buffer.putByte(this.length++, (byte)' ');
        buffer.putBytes(this.length, text, offset, length);
        this.length += length;
        buffer.putByte(this.length++, (byte)'\n');
    }

    /**
     * Appends a line of text (not on a per-message path: connection events and errors).
     */
    void line(final long epochMs, final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        reserve(TIMESTAMP_LENGTH + bytes.length + 1);
        stamp(epochMs);
        buffer.putBytes(this.length, bytes);
        this.length += bytes.length;
        buffer.putByte(this.length++, (byte)'\n');
    }

    /**
     * Writes what was gathered.
     *
     * @return 1 when something was written.
     */
    int flush()
    {
        if (0 == length)
        {
            return 0;
        }
        byteBuffer.clear().limit(length);
        try
        {
            while (byteBuffer.hasRemaining())
            {
                channel.write(byteBuffer);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write a log line", ex);
        }
        length = 0;
        return 1;
    }

    public void close()
    {
        try
        {
            flush();
            channel.close();
        }
        catch (final IOException | RuntimeException ex)
        {
            // closing: nothing left to tell
        }
    }

    private void reserve(final int bytes)
    {
        if (length + bytes > buffer.capacity())
        {
            flush();
        }
        if (bytes > buffer.capacity())
        {
            throw new IllegalArgumentException("log line longer than the buffer: " + bytes);
        }
    }

    private void stamp(final long epochMs)
    {
        final long second = Math.floorDiv(epochMs, 1000);
        if (second != stampSecond)
        {
            stampSecond = second;
            formatStamp(second, stamp);
        }
        buffer.putBytes(length, stamp);
        length += TIMESTAMP_LENGTH;
    }

    /**
     * Writes {@code YYYY-MM-DD HH:MM:SS } for a UTC second into 20 bytes (Howard Hinnant's civil-from-days).
     */
    static void formatStamp(final long epochSecond, final byte[] out)
    {
        final long days = Math.floorDiv(epochSecond, 86_400);
        final long secs = Math.floorMod(epochSecond, 86_400);
        final long z = days + 719_468;
        final long era = Math.floorDiv(z, 146_097);
        final long doe = z - era * 146_097;
        final long yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        final long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        final long mp = (5 * doy + 2) / 153;
        final long day = doy - (153 * mp + 2) / 5 + 1;
        final long month = mp < 10 ? mp + 3 : mp - 9;
        final long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        digits(out, 0, year, 4);
        out[4] = '-';
        digits(out, 5, month, 2);
        out[7] = '-';
        digits(out, 8, day, 2);
        out[10] = ' ';
        digits(out, 11, secs / 3600, 2);
        out[13] = ':';
        digits(out, 14, (secs / 60) % 60, 2);
        out[16] = ':';
        digits(out, 17, secs % 60, 2);
        out[19] = ' ';
    }

    private static void digits(final byte[] out, final int at, final long value, final int width)
    {
        long v = value;
        for (int i = width - 1; i >= 0; i--)
        {
            out[at + i] = (byte)('0' + (v % 10));
            v /= 10;
        }
    }
}
