package io.boomscooter.perf;

import io.aeron.Aeron;
import io.boomscooter.driver.AeronDirectories;
import io.boomscooter.driver.DriverProfile;
import io.boomscooter.driver.EmbeddedDriver;
import io.boomscooter.engine.Configuration;
import io.boomscooter.engine.Node;
import io.boomscooter.engine.ThreadingMode;
import io.boomscooter.engine.cluster.ClusterAgent;
import io.boomscooter.engine.cluster.ClusterConfig;
import io.boomscooter.engine.cluster.ClusterLogConfig;
import io.boomscooter.engine.cluster.QuorumPolicy;
import io.boomscooter.engine.cluster.Role;
import io.boomscooter.engine.producer.ProducerClient;
import io.boomscooter.engine.producer.ProducerListener;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/**
 * A leader and N replicas of one log in this process, on loopback UDP with fresh ports and fresh data
 * directories (under /dev/shm when it exists, deleted on close): the replicated path the benchmarks and
 * the zero-GC test drive. Node ids run 1..N+1 and node 1 leads. Each node is a {@link Node} in SHARED
 * mode (one agent thread named {@code boomscooter-node-<id>}) running a {@link ClusterAgent}, wired as
 * {@code boomscooter node --config} wires it from a config file.
 * <p>
 * Drivers: by default one embedded driver serves every node and the producer, as in the raw baseline;
 * with {@code driverPerNode} each node and the producer get their own, as separate hosts would.
 */
public final class ReplicatedCluster implements AutoCloseable
{
    public static final int LOG_ID = 1;
    public static final int LEADER_ID = 1;

    private final DriverProfile profile;
    private final Path baseDir;
    private final EmbeddedDriver sharedDriver;
    private final EmbeddedDriver producerDriver;
    private final List<Node> nodes = new ArrayList<>();
    private final List<ClusterAgent> agents = new ArrayList<>();
    private final List<String> memberChannels = new ArrayList<>();

    private ReplicatedCluster(final DriverProfile profile, final int replicas, final boolean driverPerNode,
        final QuorumPolicy quorum, final int segmentLength)
    {
        this.profile = profile;
        try
        {
            baseDir = Files.createTempDirectory(AeronDirectories.baseDirectory().toPath(), "boomscooter-bench-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        EmbeddedDriver shared = null;
        EmbeddedDriver forProducer = null;
        try
        {
            shared = driverPerNode ? null : EmbeddedDriver.launch(profile);
            forProducer = driverPerNode ? EmbeddedDriver.launch(profile) : null;
            final int nodeCount = replicas + 1;
            final StringBuilder members = new StringBuilder();
            for (int id = 1; id <= nodeCount; id++)
            {
                final String endpoint = "localhost:" + LoopbackPorts.freeUdpPort();
                members.append(id == 1 ? "" : ",").append(id).append('@').append(endpoint);
                memberChannels.add("aeron:udp?endpoint=" + endpoint);
            }
            for (int id = 1; id <= nodeCount; id++)
            {
                nodes.add(launchNode(id, members.toString(), quorum, segmentLength, shared));
            }
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(nodes);
            CloseHelper.quietCloseAll(shared, forProducer);
            IoUtil.delete(baseDir.toFile(), true);
            throw ex;
        }
        this.sharedDriver = shared;
        this.producerDriver = forProducer;
    }

    /**
     * @param profile       driver profile of every driver and idle strategy of every node thread.
     * @param replicas      replicas beside the leader.
     * @param driverPerNode false: one driver for all; true: one per node plus one for the producer.
     * @param quorum        commit rule of the log.
     * @return running nodes; the leader may still be syncing its replicas.
     */
    public static ReplicatedCluster launch(final DriverProfile profile, final int replicas,
        final boolean driverPerNode, final QuorumPolicy quorum)
    {
        return launch(profile, replicas, driverPerNode, quorum, ClusterLogConfig.SEGMENT_LENGTH_DEFAULT);
    }

    /**
     * @param segmentLength log segment bytes; larger segments move the segment roll (which allocates, once
     *                      per segment) out of a measured window.
     * @return running nodes, as {@link #launch(DriverProfile, int, boolean, QuorumPolicy)}.
     */
    public static ReplicatedCluster launch(final DriverProfile profile, final int replicas,
        final boolean driverPerNode, final QuorumPolicy quorum, final int segmentLength)
    {
        return new ReplicatedCluster(profile, replicas, driverPerNode, quorum, segmentLength);
    }

    private Node launchNode(final int id, final String members, final QuorumPolicy quorum, final int segmentLength,
        final EmbeddedDriver shared)
    {
        final Path dataDir = baseDir.resolve("node" + id);
        final Properties config = new Properties();
        config.setProperty(Configuration.NODE_ID_PROP, String.valueOf(id));
        config.setProperty(ClusterConfig.MEMBERS_PROP, members);
        config.setProperty(ClusterConfig.INITIAL_LEADER_PROP, String.valueOf(LEADER_ID));
        config.setProperty(ClusterConfig.LOGS_PROP, String.valueOf(LOG_ID));
        config.setProperty(ClusterLogConfig.SEGMENT_LENGTH_PROP, String.valueOf(segmentLength));
        config.setProperty("boomscooter.log." + LOG_ID + ".quorum", quorum.name().toLowerCase().replace('_', '-'));
        final ClusterConfig cluster = ClusterConfig.from(config);
        final Node.Context ctx = new Node.Context(config)
            .nodeId(id)
            .dataDir(dataDir.toFile())
            .threadingMode(ThreadingMode.SHARED)
            .driverProfile(profile)
            .embeddedDriver(null == shared);
        if (null != shared)
        {
            ctx.aeronDirectoryName(shared.aeronDirectoryName());
        }
        ctx.agent(n ->
        {
            final ClusterAgent agent = new ClusterAgent(n, cluster, dataDir, ClusterLogConfig.from(config));
            agents.add(agent);
            return agent;
        });
        return Node.launch(ctx);
    }

    /**
     * @return Aeron channels of the members, leader first: what a producer is given.
     */
    public List<String> memberChannels()
    {
        return Collections.unmodifiableList(memberChannels);
    }

    /**
     * @return the Aeron directory a producer (or subscriber) in this process should connect to.
     */
    public String clientAeronDirectoryName()
    {
        return null != sharedDriver ? sharedDriver.aeronDirectoryName() : producerDriver.aeronDirectoryName();
    }

    /**
     * @return the nodes, index 0 being node 1, the leader.
     */
    public List<Node> nodes()
    {
        return Collections.unmodifiableList(nodes);
    }

    /**
     * @param nodeId 1..N+1.
     * @return that node's log directory, for co-located readers.
     */
    public Path logDir(final int nodeId)
    {
        return baseDir.resolve("node" + nodeId).resolve("log-" + LOG_ID);
    }

    /**
     * @param nodeId 1..N+1.
     * @return the node's role for the log, read racily from another thread (for waits and reports only).
     */
    public Role role(final int nodeId)
    {
        return agents.get(nodeId - 1).role(LOG_ID);
    }

    /**
     * @param nodeId a node id.
     * @return the name of the thread running that node's agents (SHARED mode).
     */
    public static String nodeThreadName(final int nodeId)
    {
        return "boomscooter-node-" + nodeId;
    }

    public int nodeCount()
    {
        return nodes.size();
    }

    /**
     * @return how many media drivers run in this process for the cluster and its producer.
     */
    public int driverCount()
    {
        return null != sharedDriver ? 1 : nodes.size() + 1;
    }

    public DriverProfile profile()
    {
        return profile;
    }

    /**
     * @param aeron      client for the producer, connected to {@link #clientAeronDirectoryName()}.
     * @param producerId unique id.
     * @param listener   told of acks and commits.
     * @return a producer submitting to the leader first.
     */
    public ProducerClient newProducer(final Aeron aeron, final long producerId, final ProducerListener listener)
    {
        return new ProducerClient(aeron, memberChannels, LOG_ID, producerId, listener, "localhost");
    }

    public void close()
    {
        final List<Node> reversed = new ArrayList<>(nodes);
        Collections.reverse(reversed);
        CloseHelper.quietCloseAll(reversed);
        CloseHelper.quietCloseAll(sharedDriver, producerDriver);
        IoUtil.delete(baseDir.toFile(), true);
    }
}
