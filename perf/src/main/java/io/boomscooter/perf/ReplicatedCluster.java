package io.boomscooter.perf;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.boomscooter.driver.AeronDirectories;
import io.boomscooter.driver.DriverProfile;
import io.boomscooter.driver.EmbeddedDriver;
import io.boomscooter.engine.Configuration;
import io.boomscooter.engine.Node;
import io.boomscooter.engine.ThreadingMode;
import io.boomscooter.engine.cluster.ClusterAgent;
import io.boomscooter.engine.cluster.ClusterConfig;
import io.boomscooter.engine.cluster.ClusterLogConfig;
import io.boomscooter.engine.cluster.ClusterNodeAssembly;
import io.boomscooter.engine.cluster.QuorumPolicy;
import io.boomscooter.engine.cluster.Role;
import io.boomscooter.client.ProducerClient;
import io.boomscooter.client.ProducerListener;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.IdleStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A leader and N replicas of one log in this process, on loopback UDP with fresh ports and fresh data
 * directories (under /dev/shm when it exists, deleted on close): the replicated path the benchmarks and
 * the zero-GC test drive. Node ids run 1..N+1 and node 1 leads. Each node is a {@link Node} in SHARED
 * mode (one agent thread named {@code boomscooter-node-<id>}) running a {@link ClusterAgent}, added by
 * {@link ClusterNodeAssembly} from the same properties a node config file holds.
 * <p>
 * Drivers are launched here, not by the nodes: by default one embedded driver serves every node and
 * the producer, as in the raw baseline; with {@link Options#driverPerNode(boolean)} each node and the
 * producer get their own, as separate hosts would.
 * <pre>
 * try (ReplicatedCluster cluster = ReplicatedCluster.launch(new ReplicatedCluster.Options().replicas(2));
 *     Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(cluster.clientAeronDirectoryName()));
 *     ProducerClient producer = cluster.newProducer(aeron, 1, listener))
 * {
 *     ...
 * }
 * </pre>
 */
public final class ReplicatedCluster implements AutoCloseable
{
    public static final int LOG_ID = 1;
    public static final int LEADER_ID = 1;

    private final Options options;
    private final Path baseDir;
    private final List<EmbeddedDriver> drivers = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<ClusterNodeAssembly> assemblies = new ArrayList<>();
    private final List<String> memberChannels = new ArrayList<>();
    private final String clientAeronDirectoryName;

    private ReplicatedCluster(final Options options)
    {
        this.options = options;
        try
        {
            baseDir = Files.createTempDirectory(AeronDirectories.baseDirectory().toPath(), "boomscooter-bench-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        try
        {
            final int nodeCount = options.replicas + 1;
            // index 0 serves the producer (and every node when shared); 1..N+1 the nodes when per node
            if (options.profile.isInvoked() && !options.driverPerNode)
            {
                throw new IllegalArgumentException("the " + options.profile + " profile runs each driver inside " +
                    "its node's thread: it needs one driver per node (--driver-per-node)");
            }
            final int driverCount = options.driverPerNode ? nodeCount + 1 : 1;
            for (int i = 0; i < driverCount; i++)
            {
                drivers.add(EmbeddedDriver.launch(options.profile, options.driverCustomiser));
            }
            clientAeronDirectoryName = drivers.get(0).aeronDirectoryName();
            final StringBuilder members = new StringBuilder();
            for (int id = 1; id <= nodeCount; id++)
            {
                final String endpoint = "localhost:" + LoopbackPorts.freeUdpPort();
                members.append(id == 1 ? "" : ",").append(id).append('@').append(endpoint);
                memberChannels.add("aeron:udp?endpoint=" + endpoint);
            }
            for (int id = 1; id <= nodeCount; id++)
            {
                final EmbeddedDriver driver = drivers.get(options.driverPerNode ? id : 0);
                nodes.add(launchNode(id, members.toString(), driver));
            }
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    /**
     * @param options what to launch.
     * @return running nodes; the leader may still be syncing its replicas.
     */
    public static ReplicatedCluster launch(final Options options)
    {
        return new ReplicatedCluster(options);
    }

    private Node launchNode(final int id, final String members, final EmbeddedDriver driver)
    {
        final Path dataDir = baseDir.resolve("node" + id);
        final Properties config = new Properties();
        config.setProperty(Configuration.NODE_ID_PROP, String.valueOf(id));
        config.setProperty(ClusterConfig.MEMBERS_PROP, members);
        config.setProperty(ClusterConfig.INITIAL_LEADER_PROP, String.valueOf(LEADER_ID));
        final StringBuilder logs = new StringBuilder();
        for (int logId = LOG_ID; logId < LOG_ID + options.logs; logId++)
        {
            logs.append(logId == LOG_ID ? "" : ",").append(logId);
            config.setProperty("boomscooter.log." + logId + ".quorum",
                options.quorum.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        config.setProperty(ClusterConfig.LOGS_PROP, logs.toString());
        config.setProperty(ClusterLogConfig.SEGMENT_LENGTH_PROP, String.valueOf(options.segmentLength));
        config.putAll(options.extraConfig);
        if (options.subscriberTcp)
        {
            config.setProperty("boomscooter.subscriber.tcp.port", "0");
            config.setProperty("boomscooter.subscriber.tcp.host", "localhost");
        }
        final Node.Context ctx = new Node.Context(config)
            .nodeId(id)
            .dataDir(dataDir.toFile())
            .threadingMode(ThreadingMode.SHARED)
            .driverProfile(options.profile)
            .embeddedDriver(false)
            .aeronDirectoryName(driver.aeronDirectoryName())
            .driverAgentInvoker(driver.agentInvoker()) // single-thread profile: the node drives its driver
            .events(System.err); // standard output carries the benchmark's JSON only
        if (null != options.idleStrategy)
        {
            ctx.idleStrategySupplier(options.idleStrategy);
        }
        // the same assembly as 'boomscooter node --config', so the benchmark runs the node users run
        assemblies.add(ClusterNodeAssembly.configure(ctx, config));
        return Node.launch(ctx);
    }

    /**
     * Waits until every node has opened its log (each node's agent creates it when it starts, after
     * {@link #launch} returns): co-located readers can then open the segment files.
     *
     * @param timeoutNs how long to wait.
     */
    public void awaitLogsCreated(final long timeoutNs)
    {
        final long deadlineNs = System.nanoTime() + timeoutNs;
        for (int id = 1; id <= nodes.size(); id++)
        {
            final java.io.File dir = logDir(id).toFile();
            while (true)
            {
                final String[] segments = dir.list((d, name) -> name.endsWith(".seg"));
                if (null != segments && segments.length > 0)
                {
                    break;
                }
                if (System.nanoTime() - deadlineNs > 0)
                {
                    throw new IllegalStateException("node " + id + " did not create its log at " + dir);
                }
                Thread.yield();
            }
        }
    }

    /**
     * @param nodeId 1 (the leader) .. replicas + 1.
     * @return the node's subscriber TCP port, or -1 without {@link Options#subscriberTcp(boolean)}.
     */
    public int subscriberTcpPort(final int nodeId)
    {
        return assemblies.get(nodeId - 1).subscriberTcpPort();
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
    /**
     * @return the producer's driver invoker when the profile runs drivers in INVOKER mode: the producer's duty
     * cycle must invoke it (and pass it to its Aeron client as {@code driverAgentInvoker}); else null.
     */
    public org.agrona.concurrent.AgentInvoker clientDriverInvoker()
    {
        return drivers.get(0).agentInvoker();
    }

    public String clientAeronDirectoryName()
    {
        return clientAeronDirectoryName;
    }

    /**
     * @return the nodes, index 0 being node 1, the leader.
     */
    public List<Node> nodes()
    {
        return Collections.unmodifiableList(nodes);
    }

    public int nodeCount()
    {
        return nodes.size();
    }

    /**
     * @return media drivers running in this process for the cluster and its producer.
     */
    public int driverCount()
    {
        return drivers.size();
    }

    /**
     * @return UDP bytes sent so far by every driver of the cluster and its producer.
     */
    public long driverBytesSent()
    {
        return DriverTraffic.bytesSent(drivers);
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
        return assemblies.get(nodeId - 1).clusterAgent().role(LOG_ID);
    }

    /**
     * @param nodeId a node id.
     * @return the name of the thread running that node's agents (SHARED mode).
     */
    public static String nodeThreadName(final int nodeId)
    {
        return "boomscooter-node-" + nodeId;
    }

    public Options options()
    {
        return options;
    }

    /**
     * @param aeron      client for the producer, connected to {@link #clientAeronDirectoryName()}.
     * @param producerId unique id.
     * @param listener   told of acks and commits.
     * @return a producer submitting to the leader first.
     */
    public ProducerClient newProducer(final Aeron aeron, final long producerId, final ProducerListener listener)
    {
        return newProducer(aeron, producerId, listener, LOG_ID);
    }

    /**
     * @param logId one of the cluster's logs ({@link Options#logs}: LOG_ID and the ids after it).
     * @return a producer of that log, submitting to the leader first.
     */
    public ProducerClient newProducer(final Aeron aeron, final long producerId, final ProducerListener listener,
        final int logId)
    {
        return new ProducerClient(aeron, memberChannels, logId, producerId, listener, "localhost");
    }

    public void close()
    {
        final List<Node> reversed = new ArrayList<>(nodes);
        Collections.reverse(reversed);
        CloseHelper.quietCloseAll(reversed);
        CloseHelper.quietCloseAll(drivers);
        IoUtil.delete(baseDir.toFile(), true);
    }

    /**
     * What to launch; fluent setters.
     */
    public static final class Options
    {
        private DriverProfile profile = DriverProfile.SMALL;
        private int replicas = 2;
        private boolean driverPerNode;
        private QuorumPolicy quorum = QuorumPolicy.MAJORITY;
        private int segmentLength = ClusterLogConfig.SEGMENT_LENGTH_DEFAULT;
        private Supplier<IdleStrategy> idleStrategy;
        private Consumer<MediaDriver.Context> driverCustomiser = ctx -> {};
        private boolean subscriberTcp;
        private int logs = 1;
        private final Properties extraConfig = new Properties();

        /**
         * @param logs how many logs every node hosts: ids LOG_ID, LOG_ID + 1, ... (1 by default).
         * @return this.
         */
        public Options logs(final int logs)
        {
            if (logs < 1)
            {
                throw new IllegalArgumentException("logs must be at least 1: " + logs);
            }
            this.logs = logs;
            return this;
        }

        /**
         * @param extraConfig node settings added to every node's (e.g. {@code boomscooter.services}).
         * @return this.
         */
        public Options extraConfig(final Properties extraConfig)
        {
            this.extraConfig.putAll(extraConfig);
            return this;
        }

        /**
         * @param subscriberTcp serve subscribers over TCP on every node (ephemeral loopback ports).
         * @return this.
         */
        public Options subscriberTcp(final boolean subscriberTcp)
        {
            this.subscriberTcp = subscriberTcp;
            return this;
        }

        /**
         * @param profile of every driver, and the node threads' idle strategy unless overridden.
         */
        public Options profile(final DriverProfile profile)
        {
            this.profile = profile;
            return this;
        }

        public Options replicas(final int replicas)
        {
            this.replicas = replicas;
            return this;
        }

        /**
         * @param driverPerNode false: one driver for all; true: one per node plus one for the producer.
         */
        public Options driverPerNode(final boolean driverPerNode)
        {
            this.driverPerNode = driverPerNode;
            return this;
        }

        public Options quorum(final QuorumPolicy quorum)
        {
            this.quorum = quorum;
            return this;
        }

        /**
         * @param segmentLength log segment bytes; larger segments move the segment roll (which allocates,
         *                      once per segment) out of a measured window.
         */
        public Options segmentLength(final int segmentLength)
        {
            this.segmentLength = segmentLength;
            return this;
        }

        /**
         * @param idleStrategy node threads' idle strategy instead of the profile's.
         */
        public Options idleStrategy(final Supplier<IdleStrategy> idleStrategy)
        {
            this.idleStrategy = idleStrategy;
            return this;
        }

        /**
         * @param driverCustomiser last word on every driver's context, after the profile.
         */
        public Options driverCustomiser(final Consumer<MediaDriver.Context> driverCustomiser)
        {
            this.driverCustomiser = driverCustomiser;
            return this;
        }

        public DriverProfile profile()
        {
            return profile;
        }

        public int replicas()
        {
            return replicas;
        }

        public boolean driverPerNode()
        {
            return driverPerNode;
        }
    }
}
