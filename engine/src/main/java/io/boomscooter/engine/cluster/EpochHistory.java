package io.boomscooter.engine.cluster;

import java.util.Arrays;

/**
 * The epochs present in a log and the seqno at which each starts, rebuilt from the frames' epoch fields
 * when the log opens. Leaders use it to find where a rejoining replica's log stops agreeing with theirs.
 */
public final class EpochHistory
{
    private long[] epochs = new long[8];
    private long[] starts = new long[8];
    private int size;

    /**
     * Records an appended entry; call in seqno order.
     */
    public void onAppend(final long epoch, final long seqno)
    {
        if (size > 0 && epochs[size - 1] == epoch)
        {
            return;
        }
        if (size > 0 && epoch < epochs[size - 1])
        {
            throw new IllegalStateException("epoch went backwards at seqno " + seqno + ": " + epoch + " < " +
                epochs[size - 1]);
        }
        if (size == epochs.length)
        {
            epochs = Arrays.copyOf(epochs, size * 2);
            starts = Arrays.copyOf(starts, size * 2);
        }
        epochs[size] = epoch;
        starts[size] = seqno;
        size++;
    }

    /**
     * Forgets everything.
     */
    public void clear()
    {
        size = 0;
    }

    /**
     * Forgets entries after seqno.
     */
    public void truncateAfter(final long seqno)
    {
        while (size > 0 && starts[size - 1] > seqno)
        {
            size--;
        }
    }

    /**
     * @return the epoch of the last entry, or 0 for an empty log.
     */
    public long lastEpoch()
    {
        return size == 0 ? 0 : epochs[size - 1];
    }

    /**
     * @return the first seqno of the last epoch, or 0 for an empty log.
     */
    public long lastEpochStart()
    {
        return size == 0 ? 0 : starts[size - 1];
    }

    /**
     * @param seqno a seqno the log holds.
     * @return its epoch, or 0 when before the first entry.
     */
    public long epochOf(final long seqno)
    {
        for (int i = size - 1; i >= 0; i--)
        {
            if (starts[i] <= seqno)
            {
                return epochs[i];
            }
        }
        return 0;
    }

    /**
     * @param epoch   an epoch.
     * @param lastSeqno the log's last seqno.
     * @return the last seqno of that epoch in this log, or -1 when the log has no entry of it.
     */
    public long endOf(final long epoch, final long lastSeqno)
    {
        for (int i = 0; i < size; i++)
        {
            if (epochs[i] == epoch)
            {
                return i + 1 < size ? starts[i + 1] - 1 : lastSeqno;
            }
        }
        return -1;
    }

    /**
     * Where a replica's log stops agreeing with this (the leader's) log, from what the replica reports.
     * Entries of one epoch were all written by that epoch's one leader, so where both logs hold an epoch
     * they agree on its common part; an epoch only the replica holds is wholly divergent.
     *
     * @param leaderLast          this log's last seqno.
     * @param replicaLast         the replica's last seqno.
     * @param replicaLastEpoch    epoch of the replica's last entry.
     * @param replicaEpochStart   first seqno of that epoch in the replica's log.
     * @return the seqno up to which the logs agree, to be confirmed with the replica (it equals
     * replicaLast exactly when the replica needs no truncation).
     */
    public long agreementPoint(
        final long leaderLast, final long replicaLast, final long replicaLastEpoch, final long replicaEpochStart)
    {
        if (replicaLast <= 0)
        {
            return 0;
        }
        final long end = endOf(replicaLastEpoch, leaderLast);
        if (end >= 0)
        {
            return Math.min(replicaLast, end);
        }
        return Math.max(0, Math.min(replicaEpochStart - 1, leaderLast));
    }

    public int size()
    {
        return size;
    }
}
