package io.boomscooter.engine.cluster;

import io.aeron.ExclusivePublication;
import io.boomscooter.engine.log.LogReader;
import io.boomscooter.engine.session.Session;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * The leader's view of one replica: whether it is in sync for this epoch, and a cursor over the
 * leader's own log from which it streams frames, byte-exact, in batches. History and live data take
 * the same path, so a replica that starts empty or falls behind catches up with no switch-over.
 * It lives as long as the log (a member stays a member); {@link #abort(String)} stops streaming until
 * the replica syncs again.
 */
final class ReplicaSession implements Session
{
    final int memberIndex;
    final int memberId;
    final ExclusivePublication publication;
    private final LeaderReplication leader;
    private final Path logDir;
    private final UnsafeBuffer batch;
    private LogReader reader;
    private boolean streaming;
    private boolean closed;
    private long nextSeqno;
    private int batchLength;
    private long batchFirst;
    private long batchLast;
    private long repositions;

    ReplicaSession(final LeaderReplication leader, final int memberIndex, final int memberId,
        final ExclusivePublication publication, final Path logDir, final int batchCapacity)
    {
        this.leader = leader;
        this.memberIndex = memberIndex;
        this.memberId = memberId;
        this.publication = publication;
        this.logDir = logDir;
        this.batch = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(batchCapacity));
    }

    /** @return how often the cursor had to be put back on its seqno (a fault, 0 normally). */
    long repositions()
    {
        return repositions;
    }

    boolean isStreaming()
    {
        return streaming;
    }

    /**
     * The replica agreed with the leader's log up to fromSeqno - 1: stream from fromSeqno.
     */
    void startStreaming(final long fromSeqno)
    {
        if (null == reader)
        {
            reader = LogReader.open(logDir);
        }
        nextSeqno = fromSeqno;
        batchLength = 0;
        // not streaming unless the cursor stands on the seqno: the heartbeat then tells the replica to sync again
        streaming = LogReader.SEEK_OK == reader.seek(fromSeqno);
        if (!streaming)
        {
            leader.errorHandler().onError(new IllegalStateException("log " + leader.logId() + ": cannot stream to " +
                "replica " + memberId + " from seqno " + fromSeqno + " (" + reader.corruptDescription() + ")"));
        }
    }

    void stopStreaming()
    {
        streaming = false;
        batchLength = 0;
    }

    /**
     * Sends the next batch if there is one; retries an unsent batch first.
     *
     * @return work done.
     */
    public int doWork(final long nowNs)
    {
        if (!streaming)
        {
            return 0;
        }
        if (0 == batchLength)
        {
            if (nextSeqno > leader.lastSeqno())
            {
                return 0;
            }
            final int copied = reader.copyFrames(batch, 0, batch.capacity());
            if (copied <= 0)
            {
                if (copied == LogReader.CORRUPT || copied == LogReader.TRIMMED)
                {
                    streaming = false;
                    throw new IllegalStateException("cannot stream to replica " + memberId + ": " +
                        reader.corruptDescription());
                }
                // the log holds nextSeqno (checked above), so a cursor that finds nothing has lost its place:
                // put it back (never on the normal path, which returns above once the replica is caught up)
                repositions++;
                leader.errorHandler().onError(new IllegalStateException("log " + leader.logId() + ": stream to " +
                    "replica " + memberId + " found no frame at seqno " + nextSeqno + " of " + leader.lastSeqno() +
                    "; repositioned"));
                startStreaming(nextSeqno);
                return 0;
            }
            batchFirst = nextSeqno;
            batchLength = copied;
            batchLast = reader.nextSeqno() - 1;
        }
        final long result = leader.publisher().appendFrames(publication, leader.logId(), leader.leaderId(),
            leader.epoch(), batchFirst, batchLast, leader.commitSeqno(), batch, 0, batchLength);
        if (result > 0)
        {
            nextSeqno = batchLast + 1;
            batchLength = 0;
            return 1;
        }
        return 0;
    }

    public boolean isDone()
    {
        return closed;
    }

    public void abort(final String reason)
    {
        stopStreaming();
    }

    public void close()
    {
        closed = true;
        CloseHelper.close(reader);
        reader = null;
    }
}
