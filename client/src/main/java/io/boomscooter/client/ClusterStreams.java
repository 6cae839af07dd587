package io.boomscooter.client;

/**
 * Aeron stream ids on a member's UDP endpoint. Each member subscribes to its own endpoint on every
 * stream; the others publish to it.
 */
public final class ClusterStreams
{
    /**
     * Leader to replica: AppendFrames, CommitPosition, NewLeader, TruncateTo.
     */
    public static final int REPLICATION = 10;

    /**
     * Replica to leader: AppendAck, CatchupRequest, ReplicationReject.
     */
    public static final int CONTROL = 11;

    /**
     * Producers (and replicas forwarding for them) to a node: ProducerConnect, SubmitEntry.
     */
    public static final int INGRESS = 12;

    /**
     * Node to producer acknowledgements, on the producer's own channel.
     */
    public static final int PRODUCER_RESPONSE = 13;

    /**
     * Operator commands such as promote.
     */
    public static final int ADMIN = 14;

    private ClusterStreams()
    {
    }
}
