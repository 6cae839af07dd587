package io.boomscooter.engine.cluster;

import io.aeron.ExclusivePublication;

/**
 * A producer the leader answers: where its acknowledgements go.
 */
final class ProducerSession
{
    final long producerId;
    final ExclusivePublication responses;
    long lastCommitSent = -1;
    long lastGapRejectNs;

    // acks are cumulative and coalesced: the newest appended entry stands for all before it
    boolean ackDirty;
    long ackProducerSeqno;
    long ackSeqno;
    long ackTimestampNs;

    ProducerSession(final long producerId, final ExclusivePublication responses)
    {
        this.producerId = producerId;
        this.responses = responses;
    }
}
