package io.boomscooter.engine.cluster;

/**
 * One node of a cluster and the UDP endpoint where it receives replication, control and ingress.
 */
public final class ClusterMember
{
    private final int id;
    private final String endpoint;

    public ClusterMember(final int id, final String endpoint)
    {
        this.id = id;
        this.endpoint = endpoint;
    }

    public int id()
    {
        return id;
    }

    /**
     * @return {@code host:port}.
     */
    public String endpoint()
    {
        return endpoint;
    }

    /**
     * @return the Aeron channel that reaches this member.
     */
    public String channel()
    {
        return "aeron:udp?endpoint=" + endpoint;
    }

    public String toString()
    {
        return id + "@" + endpoint;
    }
}
