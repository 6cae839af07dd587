package io.boomscooter.engine.cluster;

import io.aeron.ExclusivePublication;
import io.boomscooter.engine.log.LogReader;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * The leader's view of one replica: whether it is in sync for this epoch, and a cursor over the
 * leader's own log from which it streams frames, byte-exact, in batches. History and live data take
 * the same path, so a replica that starts empty or falls behind catches up with no switch-over.
 */
final class ReplicaSession implements AutoCloseable
{
    final int memberIndex;
    final int memberId;
    final ExclusivePublication publication;
    private final Path logDir;
    private final UnsafeBuffer batch;
    private LogReader reader;
    private boolean streaming;
    private long nextSeqno;
    private int batchLength;
    private long batchFirst;
    private long batchLast;
    long lastContactNs;

    ReplicaSession(final int memberIndex, final int memberId, final ExclusivePublication publication,
        final Path logDir, final int batchCapacity)
    {
        this.memberIndex = memberIndex;
        this.memberId = memberId;
        this.publication = publication;
        this.logDir = logDir;
        this.batch = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(batchCapacity));
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
        streaming = true;
        nextSeqno = fromSeqno;
        batchLength = 0;
        reader.seek(fromSeqno);
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
    int send(final ReplicationPublisher publisher, final int logId, final int leaderId, final long epoch,
        final long lastSeqno, final long commitSeqno)
    {
        if (!streaming)
        {
            return 0;
        }
        if (0 == batchLength)
        {
            if (nextSeqno > lastSeqno)
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
                return 0;
            }
            batchFirst = nextSeqno;
            batchLength = copied;
            batchLast = reader.nextSeqno() - 1;
        }
        final long result = publisher.appendFrames(publication, logId, leaderId, epoch, batchFirst, batchLast,
            commitSeqno, batch, 0, batchLength);
        if (result > 0)
        {
            nextSeqno = batchLast + 1;
            batchLength = 0;
            return 1;
        }
        return 0;
    }

    public void close()
    {
        CloseHelper.close(reader);
    }
}
