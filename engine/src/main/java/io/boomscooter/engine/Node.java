package io.boomscooter.engine;

import io.aeron.Aeron;
import io.aeron.Counter;
import io.boomscooter.driver.DriverProfile;
import io.boomscooter.driver.EmbeddedDriver;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SystemEpochClock;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * A Boomscooter node: an Aeron client (and, by default, an embedded media driver), the node's counters
 * and error log, and its agents run in the chosen {@link ThreadingMode}.
 * <pre>
 * try (Node node = Node.launch(new Node.Context().nodeId(1).agent(n -> new MyAgent(n.aeron()))))
 * {
 *     ...
 * }
 * </pre>
 */
public final class Node implements AutoCloseable
{
    private final Context ctx;
    private final EmbeddedDriver embeddedDriver;
    private final ErrorLogFile errorLogFile;
    private final NodeErrorHandler errorHandler;
    private final Aeron aeron;
    private final NodeCounters counters;
    private final List<AgentRunner> runners = new ArrayList<>();
    private final AgentInvoker invoker;
    private volatile boolean closed;
    private volatile boolean clientClosed;

    private Node(final Context ctx)
    {
        this.ctx = ctx;
        EmbeddedDriver driver = null;
        ErrorLogFile errorLog = null;
        Aeron client = null;
        NodeCounters nodeCounters = null;
        try
        {
            errorLog = ErrorLogFile.create(ctx.dataDir(), ctx.errorLogLength());
            errorHandler = new NodeErrorHandler(errorLog.log(), System.err);
            String aeronDir = ctx.aeronDirectoryName();
            if (ctx.embeddedDriver())
            {
                driver = EmbeddedDriver.launch(ctx.driverProfile(), ctx::customiseDriver);
                aeronDir = driver.aeronDirectoryName();
            }
            final boolean ownClientThread = ctx.threadingMode() == ThreadingMode.DEDICATED;
            client = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(aeronDir)
                .errorHandler(errorHandler)
                .driverTimeoutMs(ctx.driverTimeoutMs())
                .closeHandler(this::onClientClosed)
                .useConductorAgentInvoker(!ownClientThread));
            nodeCounters = new NodeCounters(client, ctx.nodeId());

            // Assign before building agents: factories read aeron() and counters().
            this.embeddedDriver = driver;
            this.errorLogFile = errorLog;
            this.aeron = client;
            this.counters = nodeCounters;

            final Counter errors = nodeCounters.allocate(CounterTypes.NODE_ERRORS, "errors");
            errorHandler.errorCounter(errors);
            final List<Agent> agents = new ArrayList<>();
            if (!ownClientThread)
            {
                agents.add(new AeronClientAgent(client.conductorAgentInvoker(), this));
            }
            agents.add(new HeartbeatAgent(
                nodeCounters.allocate(CounterTypes.NODE_HEARTBEAT, "heartbeat ms"), SystemEpochClock.INSTANCE));
            for (final AgentFactory factory : ctx.agentFactories())
            {
                agents.add(factory.newAgent(this));
            }
            this.invoker = start(agents);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(runners);
            CloseHelper.quietCloseAll(nodeCounters, client, driver, errorLog);
            throw ex;
        }
    }

    /**
     * @param ctx settings; concluded here.
     * @return a running node.
     */
    public static Node launch(final Context ctx)
    {
        return new Node(ctx.conclude());
    }

    private AgentInvoker start(final List<Agent> agents)
    {
        switch (ctx.threadingMode())
        {
            case DEDICATED:
                for (final Agent agent : agents)
                {
                    final AgentRunner runner = new AgentRunner(
                        ctx.idleStrategySupplier().get(), errorHandler, null, named(agent));
                    runners.add(runner);
                    AgentRunner.startOnThread(runner);
                }
                return null;

            case SHARED:
            {
                final AgentRunner runner = new AgentRunner(
                    ctx.idleStrategySupplier().get(), errorHandler, null, composite(agents));
                runners.add(runner);
                AgentRunner.startOnThread(runner);
                return null;
            }

            case INVOKER:
            default:
            {
                final AgentInvoker agentInvoker = new AgentInvoker(errorHandler, null, composite(agents));
                agentInvoker.start();
                return agentInvoker;
            }
        }
    }

    private Agent composite(final List<Agent> agents)
    {
        return new CompositeAgent(agents)
        {
            public String roleName()
            {
                return "boomscooter-node-" + ctx.nodeId();
            }
        };
    }

    private Agent named(final Agent agent)
    {
        final String name = "boomscooter-node-" + ctx.nodeId() + "-" + agent.roleName();
        return new Agent()
        {
            public void onStart()
            {
                agent.onStart();
            }

            public int doWork() throws Exception
            {
                checkClientOpen();
                return agent.doWork();
            }

            public void onClose()
            {
                agent.onClose();
            }

            public String roleName()
            {
                return name;
            }
        };
    }

    private void onClientClosed()
    {
        clientClosed = true;
        if (!closed)
        {
            errorHandler.onError(new IllegalStateException("node " + ctx.nodeId() +
                ": Aeron client closed unexpectedly (media driver lost or unresponsive); agents stop"));
            ctx.clientLostHandler().run();
        }
    }

    /**
     * Stops the calling agent's duty cycle once the Aeron client has closed under it: the counters it
     * writes live in the client's mapping of the driver's files, which is gone.
     */
    void checkClientOpen()
    {
        if (clientClosed)
        {
            throw new AgentTerminationException("Aeron client closed: media driver lost");
        }
    }

    /**
     * @return true when the Aeron client closed while the node was running (driver lost).
     */
    public boolean clientLost()
    {
        return clientClosed && !closed;
    }

    /**
     * @return the invoker to call from the application's duty cycle; only in {@link ThreadingMode#INVOKER}.
     * @throws IllegalStateException in other modes.
     */
    public AgentInvoker invoker()
    {
        if (null == invoker)
        {
            throw new IllegalStateException("invoker() is only available in INVOKER mode, node runs " +
                ctx.threadingMode());
        }
        return invoker;
    }

    /**
     * @return the node's Aeron client.
     */
    public Aeron aeron()
    {
        return aeron;
    }

    /**
     * @return where the node allocates its counters.
     */
    public NodeCounters counters()
    {
        return counters;
    }

    /**
     * @return the handler agents report errors to.
     */
    public NodeErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * @return the settings the node was launched with.
     */
    public Context context()
    {
        return ctx;
    }

    /**
     * @return the Aeron directory the node's client uses.
     */
    public String aeronDirectoryName()
    {
        return aeron.context().aeronDirectoryName();
    }

    /**
     * Stops the agents (waiting for their threads), then releases counters, client, driver and error log.
     */
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        CloseHelper.closeAll(runners);
        if (clientClosed)
        {
            // the client is gone with its counters: release what is left without failing on it
            CloseHelper.quietCloseAll(invoker, counters, aeron);
            CloseHelper.closeAll(embeddedDriver, errorLogFile);
        }
        else
        {
            CloseHelper.closeAll(invoker, counters, aeron, embeddedDriver, errorLogFile);
        }
    }

    /**
     * Settings for a {@link Node}, defaulted from {@link Configuration} (system properties) and,
     * optionally, a config file.
     */
    public static final class Context
    {
        private int nodeId;
        private File dataDir;
        private ThreadingMode threadingMode;
        private DriverProfile driverProfile;
        private boolean embeddedDriver;
        private String aeronDirectoryName;
        private Supplier<IdleStrategy> idleStrategySupplier;
        private String idleStrategyName;
        private int errorLogLength;
        private double receiveLossRate;
        private long driverTimeoutMs;
        private Runnable clientLostHandler = () -> {};
        private final List<AgentFactory> agentFactories = new ArrayList<>();
        private boolean concluded;

        /**
         * Defaults from system properties.
         */
        public Context()
        {
            this(new Properties());
        }

        /**
         * @param file settings from a node config file; system properties still win.
         */
        public Context(final Properties file)
        {
            nodeId = Configuration.getInt(file, Configuration.NODE_ID_PROP, Configuration.NODE_ID_DEFAULT);
            dataDir = new File(Configuration.get(file, Configuration.DATA_DIR_PROP, Configuration.DATA_DIR_DEFAULT));
            threadingMode = parseThreadingMode(Configuration.get(
                file, Configuration.THREADING_MODE_PROP, Configuration.THREADING_MODE_DEFAULT.name()));
            driverProfile = DriverProfile.parse(Configuration.get(
                file, Configuration.DRIVER_PROFILE_PROP, Configuration.DRIVER_PROFILE_DEFAULT.cliName()));
            embeddedDriver = Boolean.parseBoolean(Configuration.get(
                file, Configuration.DRIVER_EMBEDDED_PROP, String.valueOf(Configuration.DRIVER_EMBEDDED_DEFAULT)));
            aeronDirectoryName = Configuration.get(
                file, Configuration.AERON_DIR_PROP, Configuration.defaultAeronDirectoryName());
            idleStrategyName = Configuration.get(file, Configuration.IDLE_STRATEGY_PROP, null);
            if (null != idleStrategyName)
            {
                IdleStrategies.parse(idleStrategyName);
            }
            errorLogLength = Configuration.getInt(
                file, Configuration.ERROR_LOG_LENGTH_PROP, Configuration.ERROR_LOG_LENGTH_DEFAULT);
            receiveLossRate = Double.parseDouble(Configuration.get(file, Configuration.RECEIVE_LOSS_RATE_PROP, "0"));
            driverTimeoutMs = Configuration.getInt(
                file, Configuration.DRIVER_TIMEOUT_MS_PROP, Configuration.DRIVER_TIMEOUT_MS_DEFAULT);
        }

        public long driverTimeoutMs()
        {
            return driverTimeoutMs;
        }

        /**
         * @param driverTimeoutMs how long the driver may be silent before the node's client gives up on it.
         * @return this.
         */
        public Context driverTimeoutMs(final long driverTimeoutMs)
        {
            this.driverTimeoutMs = driverTimeoutMs;
            return this;
        }

        public Runnable clientLostHandler()
        {
            return clientLostHandler;
        }

        /**
         * @param handler told (on an agent thread) when the Aeron client closed under the running node.
         * @return this.
         */
        public Context clientLostHandler(final Runnable handler)
        {
            this.clientLostHandler = handler;
            return this;
        }

        void customiseDriver(final io.aeron.driver.MediaDriver.Context driverCtx)
        {
            if (receiveLossRate > 0)
            {
                final io.aeron.driver.ext.LossGenerator dataLoss =
                    new io.aeron.driver.ext.RandomLossGenerator(receiveLossRate);
                driverCtx.receiveChannelEndpointSupplier((udpChannel, dispatcher, statusIndicator, context) ->
                    new io.aeron.driver.ext.DebugReceiveChannelEndpoint(
                    udpChannel, dispatcher, statusIndicator, context, dataLoss,
                    new io.aeron.driver.ext.RandomLossGenerator(0)));
            }
        }

        /**
         * @param rate share of received UDP data frames the embedded driver drops, for fault-injection tests.
         * @return this.
         */
        public Context receiveLossRate(final double rate)
        {
            this.receiveLossRate = rate;
            return this;
        }

        private static ThreadingMode parseThreadingMode(final String value)
        {
            try
            {
                return ThreadingMode.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(Configuration.THREADING_MODE_PROP + " must be DEDICATED, " +
                    "SHARED or INVOKER, was '" + value + "'");
            }
        }

        /**
         * Validates once; called by {@link Node#launch(Context)}.
         *
         * @return this.
         */
        public Context conclude()
        {
            if (concluded)
            {
                throw new IllegalStateException("context already concluded: a Context launches one node");
            }
            concluded = true;
            if (nodeId < 0)
            {
                throw new IllegalArgumentException("node id must be >= 0, was " + nodeId);
            }
            if (errorLogLength < 64 * 1024)
            {
                throw new IllegalArgumentException("error log length must be >= 65536, was " + errorLogLength);
            }
            if (null == idleStrategySupplier)
            {
                final String name = idleStrategyName;
                final DriverProfile profile = driverProfile;
                idleStrategySupplier = null != name ? () -> IdleStrategies.parse(name) : profile::newIdleStrategy;
            }
            return this;
        }

        public int nodeId()
        {
            return nodeId;
        }

        public Context nodeId(final int nodeId)
        {
            this.nodeId = nodeId;
            return this;
        }

        public File dataDir()
        {
            return dataDir;
        }

        public Context dataDir(final File dataDir)
        {
            this.dataDir = dataDir;
            return this;
        }

        public ThreadingMode threadingMode()
        {
            return threadingMode;
        }

        public Context threadingMode(final ThreadingMode threadingMode)
        {
            this.threadingMode = threadingMode;
            return this;
        }

        public DriverProfile driverProfile()
        {
            return driverProfile;
        }

        public Context driverProfile(final DriverProfile driverProfile)
        {
            this.driverProfile = driverProfile;
            return this;
        }

        public boolean embeddedDriver()
        {
            return embeddedDriver;
        }

        /**
         * @param embeddedDriver true to launch a driver inside the node, false to connect to
         *                       {@link #aeronDirectoryName()}.
         * @return this.
         */
        public Context embeddedDriver(final boolean embeddedDriver)
        {
            this.embeddedDriver = embeddedDriver;
            return this;
        }

        public String aeronDirectoryName()
        {
            return aeronDirectoryName;
        }

        public Context aeronDirectoryName(final String aeronDirectoryName)
        {
            this.aeronDirectoryName = aeronDirectoryName;
            return this;
        }

        public Supplier<IdleStrategy> idleStrategySupplier()
        {
            return idleStrategySupplier;
        }

        public Context idleStrategySupplier(final Supplier<IdleStrategy> idleStrategySupplier)
        {
            this.idleStrategySupplier = idleStrategySupplier;
            return this;
        }

        public int errorLogLength()
        {
            return errorLogLength;
        }

        public Context errorLogLength(final int errorLogLength)
        {
            this.errorLogLength = errorLogLength;
            return this;
        }

        public List<AgentFactory> agentFactories()
        {
            return agentFactories;
        }

        /**
         * @param factory builds an agent once the node's client exists.
         * @return this.
         */
        public Context agent(final AgentFactory factory)
        {
            agentFactories.add(factory);
            return this;
        }
    }
}
