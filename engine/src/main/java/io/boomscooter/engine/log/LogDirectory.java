package io.boomscooter.engine.log;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Lists the segments of a log directory. Not on a hot path: readers call it only when they reach the end
 * of a segment or seek.
 */
final class LogDirectory
{
    private LogDirectory()
    {
    }

    /**
     * @return base seqnos of every {@code *.seg} file, ascending.
     * @throws LogCorruptionException when a {@code .seg} file's name is not 20 digits (a foreign file).
     * @throws LogException when dir is not a readable directory.
     */
    static long[] segmentBases(final Path dir)
    {
        if (!Files.isDirectory(dir))
        {
            throw new LogException("not a log directory (does not exist or is not a directory): " + dir);
        }
        long[] bases = new long[16];
        int count = 0;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + LogFormat.SEGMENT_SUFFIX))
        {
            for (final Path file : stream)
            {
                final String name = file.getFileName().toString();
                final long base = LogFormat.parseSegmentFileName(name);
                if (base < 1)
                {
                    throw new LogCorruptionException(0, file.toString(), 0,
                        "foreign file: a segment name must be a 20-digit base seqno >= 1 followed by .seg");
                }
                if (count == bases.length)
                {
                    bases = Arrays.copyOf(bases, count * 2);
                }
                bases[count++] = base;
            }
        }
        catch (final IOException ex)
        {
            throw new LogException("cannot list log directory " + dir + ": " + ex.getMessage(), ex);
        }
        final long[] result = Arrays.copyOf(bases, count);
        Arrays.sort(result);
        return result;
    }

    /** @return index of the last base <= seqno, or -1. */
    static int floorIndex(final long[] bases, final long seqno)
    {
        final int i = Arrays.binarySearch(bases, seqno);
        return i >= 0 ? i : -i - 2;
    }

    static Path segmentFile(final Path dir, final long base)
    {
        return dir.resolve(LogFormat.segmentFileName(base));
    }

    static Path indexFile(final Path dir, final long base)
    {
        return dir.resolve(LogFormat.indexFileName(base));
    }
}
