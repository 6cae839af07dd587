package io.boomscooter.engine.ring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What a restarted server finds in its access.log: how many message lines it already wrote. Message lines are
 * written in journal order, one per journalled message, so that count is where logging resumes and no
 * message is logged twice. A line cut short by a crash (no newline) is removed first and written again.
 */
final class RingAccessLogRecovery
{
    private RingAccessLogRecovery()
    {
    }

    /**
     * @return message lines in the file ({@code YYYY-MM-DD HH:MM:SS <origin>.<seq> <text>}); 0 when missing.
     */
    static long messageLinesLogged(final Path file)
    {
        if (!Files.exists(file))
        {
            return 0;
        }
        try
        {
            dropTornLine(file);
            long count = 0;
            try (java.io.BufferedReader reader = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.US_ASCII))
            {
                String line;
                while (null != (line = reader.readLine()))
                {
                    if (isMessageLine(line))
                    {
                        count++;
                    }
                }
            }
            return count;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
    }

    /**
     * @return true for {@code YYYY-MM-DD HH:MM:SS <digits>.<digits> ...}.
     */
    static boolean isMessageLine(final String line)
    {
        if (line.length() < 24 || line.charAt(4) != '-' || line.charAt(10) != ' ' || line.charAt(19) != ' ')
        {
            return false;
        }
        final int space = line.indexOf(' ', 20);
        final String id = space < 0 ? line.substring(20) : line.substring(20, space);
        final int dot = id.indexOf('.');
        return dot > 0 && dot < id.length() - 1 && isDigits(id, 0, dot) && isDigits(id, dot + 1, id.length());
    }

    private static boolean isDigits(final String s, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            if (!Character.isDigit(s.charAt(i)))
            {
                return false;
            }
        }
        return to > from;
    }

    private static void dropTornLine(final Path file) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            long end = channel.size();
            final ByteBuffer one = ByteBuffer.allocate(1);
            while (end > 0)
            {
                one.clear();
                channel.read(one, end - 1);
                if (one.get(0) == '\n')
                {
                    break;
                }
                end--;
            }
            if (end < channel.size())
            {
                channel.truncate(end);
            }
        }
    }
}
