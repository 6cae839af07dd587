package io.boomscooter.perf;

import io.boomscooter.client.ProducerClient;

/**
 * An entry counts as delivered when the producer hears that the log's commit seqno covers it: the
 * stand-in for producer-to-subscriber until subscribers exist.
 */
public final class CommitDeliveryPoint implements DeliveryPoint
{
    public static final Factory FACTORY = (cluster, aeron, producer) -> new CommitDeliveryPoint(producer);

    private final ProducerClient producer;

    public CommitDeliveryPoint(final ProducerClient producer)
    {
        this.producer = producer;
    }

    public String description()
    {
        return "producer-to-commit: the producer hears a commit seqno covering the entry";
    }

    public String hops()
    {
        return "producer -> leader ingress (UDP), leader append + leader -> each replica (UDP), replica append + " +
            "ack -> leader (UDP), quorum commit + leader -> producer commit notice (UDP): 4 one-way UDP hops, " +
            "i.e. 2 round trips, vs 1 round trip for the raw ping-pong";
    }

    public int extraThreads()
    {
        return 0;
    }

    public int poll()
    {
        return 0;
    }

    public long deliveredSeqno()
    {
        return producer.commitSeqno();
    }

    public void close()
    {
    }
}
