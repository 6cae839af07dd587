package io.boomscooter.perf;

import io.aeron.Aeron;
import io.boomscooter.client.ProducerClient;

/**
 * An entry counts as delivered when the producer hears that the log's commit seqno covers it: the
 * stand-in for producer-to-subscriber until subscribers exist.
 */
public final class CommitDeliveryPoint implements DeliveryPoint
{
    public static final Factory FACTORY = (cluster, aeron, producer) -> new CommitDeliveryPoint(producer, null);

    private final ProducerClient producer;
    private final LoadProducers others;

    public CommitDeliveryPoint(final ProducerClient producer)
    {
        this(producer, null);
    }

    private CommitDeliveryPoint(final ProducerClient producer, final LoadProducers others)
    {
        this.producer = producer;
        this.others = others;
    }

    /**
     * Delivery at commit on log LOG_ID while the nodes host {@code otherLogs} more logs, each written by a producer
     * of its own at {@code ratePerLog} entries a second (open loop, on a thread of their own).
     */
    public static Factory withOtherLogs(final int otherLogs, final long ratePerLog, final int payloadBytes)
    {
        return new Factory()
        {
            public DeliveryPoint create(final ReplicatedCluster cluster, final Aeron aeron, final ProducerClient producer)
            {
                return new CommitDeliveryPoint(producer, otherLogs > 0 ?
                    new LoadProducers(cluster, otherLogs, ratePerLog, payloadBytes) : null);
            }

            public int logs()
            {
                return 1 + otherLogs;
            }

            public int segmentLength()
            {
                return 16 * 1024 * 1024; // many logs: smaller segments keep the files (and their pre-allocation) small
            }
        };
    }

    /**
     * @return entries the other logs' producers saw committed (0 without other logs).
     */
    public long othersCommitted()
    {
        return null == others ? 0 : others.committed();
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
        return null == others ? 0 : 2;
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
        if (null != others)
        {
            others.close();
        }
    }
}
