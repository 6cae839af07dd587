package io.boomscooter.engine.cluster;

import io.boomscooter.engine.family.FamilyLog;
import org.agrona.DirectBuffer;

/**
 * A {@link FamilyLog} over a {@link HostedLog}: appends go through the log's writer in the leader's
 * epoch, so they replicate and commit like entries.
 */
final class HostedFamilyLog implements FamilyLog
{
    private final HostedLog log;

    HostedFamilyLog(final HostedLog log)
    {
        this.log = log;
    }

    public int logId()
    {
        return log.logId;
    }

    public boolean isLeader()
    {
        return log.role() == Role.LEADER;
    }

    public long epoch()
    {
        return log.epoch();
    }

    public long appendFrame(final int frameType, final DirectBuffer body, final int offset, final int length)
    {
        if (!isLeader())
        {
            return NOT_LEADER;
        }
        return log.appendFamilyFrame(frameType, body, offset, length);
    }

    public long appendEntry(final long producerId, final long producerSeqno, final DirectBuffer buffer,
        final int channelOffset, final int channelLength, final int payloadOffset, final int payloadLength)
    {
        if (!isLeader())
        {
            return NOT_LEADER;
        }
        return log.appendFamilyEntry(producerId, producerSeqno, buffer, channelOffset, channelLength, payloadOffset,
            payloadLength);
    }

    public long lastProducerSeqno(final long producerId)
    {
        return log.core().producerTable.lastProducerSeqno(producerId);
    }

    public long lowestMemberSeqno()
    {
        return log.lowestMemberSeqno();
    }

    public int releaseBefore(final long seqno)
    {
        return log.releaseBefore(seqno);
    }

    public long firstHeldSeqno()
    {
        return log.core().writer.firstSeqno();
    }

    public long commitSeqno()
    {
        return log.commitSeqno();
    }

    public int commitCounterId()
    {
        return log.core().counters.commitSeqno.id();
    }

    public io.boomscooter.engine.family.CommittedFrames openCommitted(final long fromSeqno)
    {
        return log.openCommitted(fromSeqno);
    }
}
