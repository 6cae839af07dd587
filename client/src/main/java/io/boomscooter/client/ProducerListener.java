package io.boomscooter.client;

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
     * @param seqno       the log seqno assigned.
     * @param timestampNs the producer's own send timestamp, echoed.
     * @param epoch       epoch of the leader that appended; an entry counts as committed only once a commit
     *                    seqno of the same epoch covers its seqno (a newer leader may hold other entries there).
     */
    void onAck(int logId, long producerSeqno, long seqno, long commitSeqno, long timestampNs, SubmitStatus status,
        long epoch);

    /**
     * The log's commit seqno advanced.
     *
     * @param epoch epoch of the leader that reported it.
     */
    void onCommit(int logId, long commitSeqno, long epoch);

    /**
     * A submission was refused, e.g. a gap on a solitary-producer log.
     *
     * @param expectedProducerSeqno what the leader expected instead.
     */
    void onReject(int logId, long producerSeqno, long expectedProducerSeqno, SubmitStatus status);
}
