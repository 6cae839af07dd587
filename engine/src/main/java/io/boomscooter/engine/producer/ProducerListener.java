package io.boomscooter.engine.producer;

import io.boomscooter.codecs.ingress.SubmitStatus;

/**
 * What a {@link ProducerClient} learns from the cluster, delivered from {@link ProducerClient#poll()}.
 */
public interface ProducerListener
{
    /**
     * The leader appended (or recognised as a duplicate) an entry. Acks are cumulative and coalesced:
     * an APPENDED ack for producerSeqno p with seqno s means every earlier entry of this producer is
     * appended too, at seqnos below s. Not every entry gets its own ack.
     *
     * @param seqno       the log seqno assigned, or -1 for a duplicate whose seqno the leader no longer knows.
     * @param timestampNs the producer's own send timestamp, echoed.
     */
    void onAck(int logId, long producerSeqno, long seqno, long commitSeqno, long timestampNs, SubmitStatus status);

    /**
     * The log's commit seqno advanced.
     */
    void onCommit(int logId, long commitSeqno);

    /**
     * A submission was refused, e.g. a gap on a solitary-producer log.
     *
     * @param expectedProducerSeqno what the leader expected instead.
     */
    void onReject(int logId, long producerSeqno, long expectedProducerSeqno, SubmitStatus status);
}
