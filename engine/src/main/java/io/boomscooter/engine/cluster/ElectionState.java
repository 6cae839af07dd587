package io.boomscooter.engine.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;

/**
 * The epoch a node has seen for a log and who leads it, kept in {@code log-<id>.state} beside the log
 * directory. Written (temp file, fsync, rename) whenever it changes, which is rare: at promotion and
 * when a newer leader is first heard, so a restarted node never goes back to an older epoch.
 */
public final class ElectionState
{
    private final Path file;
    private long epoch;
    private int leaderId;

    private ElectionState(final Path file, final long epoch, final int leaderId)
    {
        this.file = file;
        this.epoch = epoch;
        this.leaderId = leaderId;
    }

    /**
     * @param file          state file; created with the defaults when missing.
     * @param initialLeader leader of epoch 1 on a fresh cluster.
     * @return the state.
     */
    public static ElectionState load(final Path file, final int initialLeader)
    {
        if (!Files.exists(file))
        {
            final ElectionState state = new ElectionState(file, 1, initialLeader);
            state.save();
            return state;
        }
        try
        {
            final String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            final String[] parts = text.split("\\s+");
            if (parts.length != 2 || !parts[0].startsWith("epoch=") || !parts[1].startsWith("leader="))
            {
                throw new IllegalStateException("malformed election state " + file + ": '" + text + "'");
            }
            return new ElectionState(file, Long.parseLong(parts[0].substring(6)), Integer.parseInt(parts[1].substring(7)));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalStateException("malformed election state " + file + ": " + ex.getMessage(), ex);
        }
    }

    public long epoch()
    {
        return epoch;
    }

    public int leaderId()
    {
        return leaderId;
    }

    /**
     * @param epoch    newer epoch.
     * @param leaderId its leader, or -1 when not yet known.
     */
    public void update(final long epoch, final int leaderId)
    {
        if (epoch < this.epoch)
        {
            throw new IllegalArgumentException("epoch may not go back: " + epoch + " < " + this.epoch);
        }
        if (epoch == this.epoch && leaderId == this.leaderId)
        {
            return;
        }
        this.epoch = epoch;
        this.leaderId = leaderId;
        save();
    }

    private void save()
    {
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try
        {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING))
            {
                channel.write(ByteBuffer.wrap(("epoch=" + epoch + " leader=" + leaderId + "\n")
                    .getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }
}
