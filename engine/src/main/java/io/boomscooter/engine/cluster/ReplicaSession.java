package io.boomscooter.engine.cluster;

import io.aeron.ExclusivePublication;
import io.boomscooter.engine.log.LogFrameHandler;
import io.boomscooter.engine.log.LogReader;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

import java.nio.file.Path;

/**
 * The leader's view of one replica: whether it is in sync for this epoch, and a cursor over the
 * leader's own log from which it streams frames, byte-exact, in batches. History and live data take
 * the same path, so a replica that starts empty or falls behind catches up with no switch-over.
 */
final class ReplicaSession implements LogFrameHandler, AutoCloseable
{
    final int memberIndex;
    final int memberId;
    final ExclusivePublication publication;
    private final Path logDir;
    private final int batchLimit;
    private final ExpandableDirectByteBuffer batch;
    private LogReader reader;
    private boolean streaming;
    private long nextSeqno;
    private int batchLength;
    private long batchFirst;
    private long batchLast;
    long lastContactNs;

    ReplicaSession(final int memberIndex, final int memberId, final ExclusivePublication publication,
        final Path logDir, final int batchLimit)
    {
        this.memberIndex = memberIndex;
        this.memberId = memberId;
        this.publication = publication;
        this.logDir = logDir;
        this.batchLimit = batchLimit;
        this.batch = new ExpandableDirectByteBuffer(batchLimit * 2);
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
            batchFirst = nextSeqno;
            while (batchLength < batchLimit && reader.poll(this, 1) > 0)
            {
                // frames are copied into the batch by onFrame
            }
            if (0 == batchLength)
            {
                return 0;
            }
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

    public void onFrame(final DirectBuffer buffer, final int frameOffset, final int frameLength, final long seqno,
        final long epoch, final long timestampNs)
    {
        final int aligned = io.boomscooter.engine.log.LogFormat.alignedLength(frameLength);
        batch.putBytes(batchLength, buffer, frameOffset, aligned);
        batchLength += aligned;
        batchLast = seqno;
    }

    public void close()
    {
        CloseHelper.close(reader);
    }
}
