package io.boomscooter.engine.service;

import io.boomscooter.client.ClusterStreams;
import io.boomscooter.engine.family.CommittedFrames;
import io.boomscooter.engine.family.FamilyContext;
import io.boomscooter.engine.family.FamilyLog;
import io.boomscooter.engine.log.LogReader;
import io.boomscooter.engine.log.LogWriter;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.collections.Long2LongHashMap;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A one-node stand-in for a hosted log, for tests of a family on one thread: a real {@link LogWriter}, every
 * append committed at once, producer deduplication as the cluster does it, and a {@link FamilyContext}.
 */
final class LocalFamilyLog implements FamilyLog, FamilyContext
{
    final LogWriter writer;
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final Long2LongHashMap lastProducerSeqno = new Long2LongHashMap(0);
    boolean leader = true;

    LocalFamilyLog(final LogWriter writer)
    {
        this.writer = writer;
    }

    /**
     * Appends as ingress would for an outside producer.
     */
    long submit(final long producerId, final DirectBuffer buffer, final int channelOffset, final int channelLength,
        final int payloadOffset, final int payloadLength)
    {
        final long seqno = lastProducerSeqno.get(producerId) + 1;
        final boolean wasLeader = leader;
        leader = true;
        final long result = appendEntry(producerId, seqno, buffer, channelOffset, channelLength, payloadOffset,
            payloadLength);
        leader = wasLeader;
        return result;
    }

    public int logId()
    {
        return 1;
    }

    public boolean isLeader()
    {
        return leader;
    }

    public long epoch()
    {
        return 1;
    }

    public long appendFrame(final int frameType, final DirectBuffer body, final int offset, final int length)
    {
        return REFUSED;
    }

    public long appendEntry(final long producerId, final long producerSeqno, final DirectBuffer buffer,
        final int channelOffset, final int channelLength, final int payloadOffset, final int payloadLength)
    {
        if (!leader)
        {
            return NOT_LEADER;
        }
        final long expected = lastProducerSeqno.get(producerId) + 1;
        if (producerSeqno < expected)
        {
            return DUPLICATE;
        }
        if (producerSeqno > expected)
        {
            return GAP;
        }
        final long seqno = writer.appendEntry(1, System.nanoTime(), producerId, producerSeqno, buffer, channelOffset,
            channelLength, 0, 0, payloadOffset, payloadLength);
        lastProducerSeqno.put(producerId, producerSeqno);
        return seqno;
    }

    public long lastProducerSeqno(final long producerId)
    {
        return lastProducerSeqno.get(producerId);
    }

    public long lowestMemberSeqno()
    {
        return leader ? writer.lastSeqno() : -1;
    }

    public int releaseBefore(final long seqno)
    {
        return writer.trimBelow(Math.min(seqno, writer.lastSeqno() + 1), Runnable::run);
    }

    public long firstHeldSeqno()
    {
        return writer.firstSeqno();
    }

    public long commitSeqno()
    {
        return writer.lastSeqno();
    }

    public int commitCounterId()
    {
        return -1;
    }

    public CommittedFrames openCommitted(final long fromSeqno)
    {
        return new CommittedFrames(LogReader.open(writer.directory()), this::commitSeqno, fromSeqno);
    }

    // ---------------------------------------------------------------- FamilyContext

    public int nodeId()
    {
        return 1;
    }

    public List<Integer> memberIds()
    {
        return List.of(1);
    }

    public FamilyLog log(final int logId)
    {
        return logId == 1 ? this : null;
    }

    public List<FamilyLog> logs()
    {
        return List.of(this);
    }

    public ClusterStreams streams()
    {
        return ClusterStreams.DEFAULTS;
    }

    public long offer(final int memberId, final int streamId, final DirectBuffer buffer, final int offset,
        final int length)
    {
        return io.aeron.Publication.NOT_CONNECTED;
    }

    public ErrorHandler errorHandler()
    {
        return errors::add;
    }
}
