package io.boomscooter.client;

import java.util.Properties;

/**
 * Aeron stream ids on a member's UDP endpoint. Each member subscribes to its own endpoint on every
 * stream; the others publish to it. The constants are the defaults; a cluster that shares its endpoints
 * or its media driver with other Aeron traffic sets its own ids with the {@code boomscooter.cluster.stream.*}
 * keys (a node file or system properties, a system property winning), the same on every member and client.
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

    public static final String REPLICATION_PROP = "boomscooter.cluster.stream.replication";
    public static final String CONTROL_PROP = "boomscooter.cluster.stream.control";
    public static final String INGRESS_PROP = "boomscooter.cluster.stream.ingress";
    public static final String PRODUCER_RESPONSE_PROP = "boomscooter.cluster.stream.producer.response";
    public static final String ADMIN_PROP = "boomscooter.cluster.stream.admin";

    /**
     * The default ids, 10 to 14.
     */
    public static final ClusterStreams DEFAULTS =
        new ClusterStreams(REPLICATION, CONTROL, INGRESS, PRODUCER_RESPONSE, ADMIN);

    private final int replication;
    private final int control;
    private final int ingress;
    private final int producerResponse;
    private final int admin;

    /**
     * @throws IllegalArgumentException when two streams share an id.
     */
    public ClusterStreams(final int replication, final int control, final int ingress, final int producerResponse,
        final int admin)
    {
        final int[] ids = {replication, control, ingress, producerResponse, admin};
        for (int i = 0; i < ids.length; i++)
        {
            for (int j = i + 1; j < ids.length; j++)
            {
                if (ids[i] == ids[j])
                {
                    throw new IllegalArgumentException("cluster stream ids must differ: replication=" + replication +
                        " control=" + control + " ingress=" + ingress + " producer.response=" + producerResponse +
                        " admin=" + admin);
                }
            }
        }
        this.replication = replication;
        this.control = control;
        this.ingress = ingress;
        this.producerResponse = producerResponse;
        this.admin = admin;
    }

    /**
     * @param file a node config file's settings (may be empty).
     * @return the ids it sets, each overridden by a system property of the same name, defaults elsewhere.
     * @throws IllegalArgumentException when a value is not an integer or two ids are equal.
     */
    public static ClusterStreams from(final Properties file)
    {
        return new ClusterStreams(
            read(file, REPLICATION_PROP, REPLICATION),
            read(file, CONTROL_PROP, CONTROL),
            read(file, INGRESS_PROP, INGRESS),
            read(file, PRODUCER_RESPONSE_PROP, PRODUCER_RESPONSE),
            read(file, ADMIN_PROP, ADMIN));
    }

    private static int read(final Properties file, final String key, final int defaultValue)
    {
        final String value = System.getProperty(key, file.getProperty(key));
        if (null == value)
        {
            return defaultValue;
        }
        try
        {
            return Integer.parseInt(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(key + " must be an integer stream id: '" + value + "'");
        }
    }

    public int replication()
    {
        return replication;
    }

    public int control()
    {
        return control;
    }

    public int ingress()
    {
        return ingress;
    }

    public int producerResponse()
    {
        return producerResponse;
    }

    public int admin()
    {
        return admin;
    }

    @Override
    public String toString()
    {
        return "replication=" + replication + " control=" + control + " ingress=" + ingress +
            " producer.response=" + producerResponse + " admin=" + admin;
    }
}
