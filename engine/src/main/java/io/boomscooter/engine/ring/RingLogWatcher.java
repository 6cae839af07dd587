package io.boomscooter.engine.ring;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Follows the access.log files of ring servers on this machine, to time how long a message takes from a
 * client's send to its line in every server's log (a measurement tool, not part of a server).
 */
public final class RingLogWatcher
{
    private final List<Path> files;
    private final long[] offsets;
    private final byte[] chunk = new byte[64 * 1024];
    private final StringBuilder[] partial;
    private final Set<String>[] seen;

    @SuppressWarnings("unchecked")
    public RingLogWatcher(final List<Path> files) throws IOException
    {
        this.files = List.copyOf(files);
        this.offsets = new long[files.size()];
        this.partial = new StringBuilder[files.size()];
        this.seen = new Set[files.size()];
        for (int i = 0; i < files.size(); i++)
        {
            offsets[i] = Files.exists(files.get(i)) ? Files.size(files.get(i)) : 0;
            partial[i] = new StringBuilder();
            seen[i] = new HashSet<>();
        }
    }

    /**
     * Waits until every file holds a message line with this text.
     *
     * @return true when all did before the deadline.
     */
    public boolean awaitEverywhere(final String text, final long deadlineNs) throws IOException
    {
        while (true)
        {
            boolean all = true;
            for (int i = 0; i < files.size(); i++)
            {
                if (!seen[i].contains(text))
                {
                    readNew(i);
                    all &= seen[i].contains(text);
                }
            }
            if (all)
            {
                for (final Set<String> s : seen)
                {
                    s.remove(text);
                }
                return true;
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                return false;
            }
            Thread.onSpinWait();
        }
    }

    private void readNew(final int i) throws IOException
    {
        final Path file = files.get(i);
        if (!Files.exists(file))
        {
            return;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r"))
        {
            raf.seek(offsets[i]);
            int n;
            while ((n = raf.read(chunk)) > 0)
            {
                offsets[i] += n;
                partial[i].append(new String(chunk, 0, n, StandardCharsets.US_ASCII));
            }
        }
        int newline;
        while ((newline = partial[i].indexOf("\n")) >= 0)
        {
            final String line = partial[i].substring(0, newline);
            partial[i].delete(0, newline + 1);
            if (RingAccessLogRecovery.isMessageLine(line))
            {
                seen[i].add(line.substring(line.indexOf(' ', 20) + 1));
            }
        }
    }
}
