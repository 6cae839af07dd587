package io.boomscooter.perf;

import io.aeron.Aeron;
import io.boomscooter.client.ProducerClient;
import io.boomscooter.client.SubscribeRequest;
import io.boomscooter.client.SubscriberClient;
import io.boomscooter.client.SubscriberListener;
import org.agrona.DirectBuffer;

/**
 * Delivery at a full subscriber: a TCP subscriber on replica 2 (the last node in the quorum's view to hear
 * of a commit), polled in the producer's duty cycle. The entry counts as delivered when the subscriber
 * receives it, which the node only sends once it knows the entry is committed.
 */
public final class SubscriberDeliveryPoint implements DeliveryPoint, SubscriberListener
{
    public static final Factory FACTORY = new Factory()
    {
        public DeliveryPoint create(final ReplicatedCluster cluster, final Aeron aeron, final ProducerClient producer)
        {
            return new SubscriberDeliveryPoint(cluster);
        }

        public boolean needsSubscriberTcp()
        {
            return true;
        }
    };

    private final SubscriberClient client;
    private final LoadSubscribers others;
    private long deliveredSeqno;

    /**
     * @param others extra full subscribers on the same replica (polled on a thread of their own) besides the
     *               one that measures: the cost of each subscriber more.
     * @return a factory for delivery at a subscriber with that many others.
     */
    public static Factory withOthers(final int others)
    {
        return new Factory()
        {
            public DeliveryPoint create(final ReplicatedCluster cluster, final Aeron aeron,
                final ProducerClient producer)
            {
                return new SubscriberDeliveryPoint(cluster, others);
            }

            public boolean needsSubscriberTcp()
            {
                return true;
            }
        };
    }

    SubscriberDeliveryPoint(final ReplicatedCluster cluster)
    {
        this(cluster, 0);
    }

    SubscriberDeliveryPoint(final ReplicatedCluster cluster, final int otherSubscribers)
    {
        this(cluster, otherSubscribers, null);
    }

    /**
     * @param credentials what the subscriber proves itself with when the nodes authenticate, or null.
     */
    SubscriberDeliveryPoint(final ReplicatedCluster cluster, final int otherSubscribers,
        final io.boomscooter.client.auth.ClientCredentials credentials)
    {
        cluster.awaitLogsCreated(java.util.concurrent.TimeUnit.SECONDS.toNanos(30));
        final int nodeId = Math.min(2, cluster.nodeCount());
        client = SubscriberClient.tcp("localhost", cluster.subscriberTcpPort(nodeId)).autoRefill(8192);
        if (null != credentials)
        {
            client.authenticate(credentials);
        }
        client.subscribe(new SubscribeRequest().logId(ReplicatedCluster.LOG_ID).startSeqno(1).initialCredit(8192));
        others = otherSubscribers > 0 ? new LoadSubscribers(cluster, nodeId, otherSubscribers) : null;
    }

    public String description()
    {
        return "producer-to-subscriber: a TCP subscriber on a replica receives the committed entry";
    }

    public String hops()
    {
        return "producer -> leader ingress (UDP), leader -> replicas (UDP), replica acks -> leader (UDP), " +
            "leader commit -> replica (UDP), replica fan-out -> subscriber (TCP loopback): 5 one-way hops, " +
            "vs 2 for the raw ping-pong round trip";
    }

    public int extraThreads()
    {
        return null == others ? 0 : 1;
    }

    public int poll()
    {
        return client.poll(this);
    }

    public long deliveredSeqno()
    {
        return deliveredSeqno;
    }

    public void onEntry(final int logId, final long seqno, final long timestampNs, final long producerId,
        final long producerSeqno, final DirectBuffer buffer, final int channelOffset, final int channelLength,
        final int keyOffset, final int keyLength, final int payloadOffset, final int payloadLength)
    {
        deliveredSeqno = seqno;
    }

    public void close()
    {
        org.agrona.CloseHelper.closeAll(others, client);
    }
}
