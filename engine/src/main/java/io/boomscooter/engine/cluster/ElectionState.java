package io.boomscooter.engine.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The highest epoch a node has seen for a log, that epoch's leader (-1 while unknown) and whom the node
 * voted for in it (-1 for nobody), kept in {@code log-<id>.state} beside the log directory:
 * {@code epoch=E leader=L voted=V}. Written (temp file, fsync, atomic rename) on every change, which
 * is rare, so a restarted node never goes back to an older epoch, never votes twice in one epoch, and
 * only resumes leading an epoch it won.
 */
public final class ElectionState
{
    public static final int NONE = -1;

    private final Path file;
    private long epoch;
    private int leaderId;
    private int votedFor;

    private ElectionState(final Path file, final long epoch, final int leaderId, final int votedFor)
    {
        this.file = file;
        this.epoch = epoch;
        this.leaderId = leaderId;
        this.votedFor = votedFor;
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
            final ElectionState state = new ElectionState(file, 1, initialLeader, initialLeader);
            state.save();
            return state;
        }
        final String text;
        try
        {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
        final String[] parts = text.split("\\s+");
        if (parts.length != 3 || !parts[0].startsWith("epoch=") || !parts[1].startsWith("leader=") ||
            !parts[2].startsWith("voted="))
        {
            throw new IllegalStateException("malformed election state " + file + ": '" + text +
                "', expected 'epoch=E leader=L voted=V'");
        }
        try
        {
            return new ElectionState(file, Long.parseLong(parts[0].substring(6)),
                Integer.parseInt(parts[1].substring(7)), Integer.parseInt(parts[2].substring(6)));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalStateException("malformed election state " + file + ": '" + text + "'", ex);
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

    public int votedFor()
    {
        return votedFor;
    }

    /**
     * Moves to a newer epoch whose leader may not be known yet; forgets the vote of the older epoch.
     */
    public void newEpoch(final long epoch, final int leaderId)
    {
        if (epoch < this.epoch)
        {
            throw new IllegalArgumentException("epoch may not go back: " + epoch + " < " + this.epoch);
        }
        if (epoch == this.epoch)
        {
            leader(leaderId);
            return;
        }
        this.epoch = epoch;
        this.leaderId = leaderId;
        this.votedFor = leaderId;
        save();
    }

    /**
     * Records the leader of the current epoch once known.
     */
    public void leader(final int leaderId)
    {
        if (leaderId != this.leaderId)
        {
            this.leaderId = leaderId;
            save();
        }
    }

    /**
     * Records this node's vote in the current epoch.
     */
    public void vote(final int candidateId)
    {
        if (candidateId != votedFor)
        {
            votedFor = candidateId;
            save();
        }
    }

    private void save()
    {
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try
        {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING))
            {
                channel.write(ByteBuffer.wrap(("epoch=" + epoch + " leader=" + leaderId + " voted=" + votedFor + "\n")
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
