package io.boomscooter.engine;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.Counter;
import io.boomscooter.driver.AeronDirectories;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
 * Launch fails fast: when an agent cannot be built or its {@code onStart} throws, the node closes and
 * {@link #launch} throws with that cause; a node is never left half-running.
 * <p>
 * A paused host (SIGSTOP, a VM stall) longer than the Aeron liveness timeouts closes the node's Aeron
 * client under it. In DEDICATED and SHARED modes the node then recovers off any duty cycle: it stops its
 * agents, waits for the driver to be alive again, connects a new client and rebuilds every agent from its
 * {@link AgentFactory} (their state is on disk), and only when the driver stays unreachable past
 * {@link Context#driverReconnectTimeoutMs()} does it give up and tell {@link Context#clientLostHandler()}.
 * (Longer than 400 lines: the context's settings are most of it.)
 * Why one file of this length: {@link Context} is nested, as Aeron's {@code MediaDriver.Context} is, and is
 * about 320 lines of settings; the node's own start, stop and driver-loss recovery share its fields.
 */
public final class Node implements AutoCloseable
{
    /** Record, in the data directory, of the embedded driver's Aeron directory and the process owning it. */
    public static final String EMBEDDED_DRIVER_RECORD = "embedded-driver.dir";
    private static final long RECONNECT_POLL_MS = 100;

    private final Context ctx;
    private final EmbeddedDriver embeddedDriver;
    private final org.agrona.concurrent.AgentInvoker driverInvoker;
    private final ErrorLogFile errorLogFile;
    private final NodeErrorHandler errorHandler;
    private final String aeronDirectoryName;
    private final Object lifecycleLock = new Object();
    private final List<AgentRunner> runners = new ArrayList<>();
    private volatile Aeron aeron;
    private volatile NodeCounters counters;
    private AgentInvoker invoker;
    private volatile boolean closed;
    private volatile boolean clientClosed;
    private volatile boolean gaveUp;
    private volatile int recoveries;
    // each client's close handler carries its generation: only the running generation's client closing
    // under the node is a loss; closes the node does itself (failed start, recovery, close) are not
    private int generation;
    private volatile int liveGeneration;

    private Node(final Context ctx)
    {
        this.ctx = ctx;
        EmbeddedDriver driver = null;
        ErrorLogFile errorLog = null;
        NodeErrorHandler handler = null;
        try
        {
            errorLog = ErrorLogFile.create(ctx.dataDir(), ctx.errorLogLength());
            handler = new NodeErrorHandler(errorLog.log(), System.err);
            String aeronDir = ctx.aeronDirectoryName();
            if (ctx.embeddedDriver())
            {
                final File record = new File(ctx.dataDir(), EMBEDDED_DRIVER_RECORD);
                AeronDirectories.deleteAbandoned(record);
                driver = EmbeddedDriver.launch(ctx.driverProfile(), ctx::customiseDriver);
                aeronDir = driver.aeronDirectoryName();
                AeronDirectories.recordOwner(record, aeronDir);
            }
            this.embeddedDriver = driver;
            this.driverInvoker = null != driver && driver.profile().isInvoked() ? driver.agentInvoker() :
                ctx.driverAgentInvoker();
            this.errorLogFile = errorLog;
            this.errorHandler = handler;
            this.aeronDirectoryName = aeronDir;
            synchronized (lifecycleLock)
            {
                startAgents();
            }
        }
        catch (final IOException ex)
        {
            CloseHelper.quietCloseAll(driver, errorLog);
            deleteDriverRecord(ctx, driver);
            throw new UncheckedIOException(ex);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(driver, errorLog);
            deleteDriverRecord(ctx, driver);
            throw ex;
        }
    }

    private static void deleteDriverRecord(final Context ctx, final EmbeddedDriver driver)
    {
        if (null != driver)
        {
            final File record = new File(ctx.dataDir(), EMBEDDED_DRIVER_RECORD);
            if (!record.delete() && record.exists())
            {
                System.err.println("boomscooter: could not delete " + record);
            }
        }
    }

    /**
     * @param ctx settings; concluded here.
     * @return a running node.
     * @throws NodeStartException when an agent could not be built or started; the node is closed by then.
     */
    public static Node launch(final Context ctx)
    {
        return new Node(ctx.conclude());
    }

    /**
     * Connects a client, allocates the node's counters and builds and starts every agent, waiting until each
     * has run its onStart. On failure everything this started is closed again before the exception leaves.
     */
    private void startAgents()
    {
        Aeron client = null;
        NodeCounters nodeCounters = null;
        try
        {
            final boolean ownClientThread = ctx.threadingMode() == ThreadingMode.DEDICATED;
            final int thisGeneration = ++generation;
            liveGeneration = thisGeneration;
            client = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(aeronDirectoryName)
                .errorHandler(errorHandler)
                .driverTimeoutMs(ctx.driverTimeoutMs())
                .closeHandler(() -> onClientClosed(thisGeneration))
                .driverAgentInvoker(driverInvoker)
                .useConductorAgentInvoker(!ownClientThread));
            clientClosed = false;
            nodeCounters = new NodeCounters(client, ctx.nodeId());

            // Assign before building agents: factories read aeron() and counters().
            this.aeron = client;
            this.counters = nodeCounters;

            final Counter errors = nodeCounters.allocate(CounterTypes.NODE_ERRORS, "errors");
            errorHandler.errorCounter(errors);
            final List<Agent> agents = new ArrayList<>();
            if (null != driverInvoker)
            {
                // single-thread node: the media driver's conductor, sender and receiver run in this duty cycle
                agents.add(new DriverInvokerAgent(driverInvoker));
            }
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
            final StartLatch latch = new StartLatch(agents.size());
            final List<Agent> guarded = new ArrayList<>(agents.size());
            for (final Agent agent : agents)
            {
                guarded.add(new GuardedAgent(agent, latch));
            }
            this.invoker = start(guarded);
            latch.await(ctx.agentStartTimeoutMs(), ctx.nodeId());
        }
        catch (final RuntimeException ex)
        {
            liveGeneration = 0;
            CloseHelper.quietCloseAll(runners);
            runners.clear();
            CloseHelper.quietCloseAll(invoker, nodeCounters, client);
            invoker = null;
            this.counters = null;
            this.aeron = null;
            throw ex;
        }
    }

    private AgentInvoker start(final List<Agent> agents)
    {
        switch (ctx.threadingMode())
        {
            case DEDICATED:
                for (final Agent agent : agents)
                {
                    final AgentRunner runner = new AgentRunner(
                        ctx.idleStrategySupplier().get(), errorHandler, null, agent);
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

    /**
     * Counts agents through onStart and keeps the first failure, so launch can wait for all of them and
     * fail with the cause instead of printing "running" over dead agents.
     */
    private static final class StartLatch
    {
        private final CountDownLatch latch;
        private volatile Throwable failure;

        StartLatch(final int agents)
        {
            latch = new CountDownLatch(agents);
        }

        void started()
        {
            latch.countDown();
        }

        void failed(final Throwable t)
        {
            if (null == failure)
            {
                failure = t;
            }
            latch.countDown();
        }

        void await(final long timeoutMs, final int nodeId)
        {
            try
            {
                if (!latch.await(timeoutMs, TimeUnit.MILLISECONDS))
                {
                    throw new NodeStartException("node " + nodeId + ": agents did not finish starting within " +
                        timeoutMs + " ms", null);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new NodeStartException("node " + nodeId + ": interrupted while agents were starting", ex);
            }
            final Throwable cause = failure;
            if (null != cause)
            {
                throw new NodeStartException("node " + nodeId + ": an agent failed to start: " + cause, cause);
            }
        }
    }

    /**
     * Names the agent for its thread, reports its start to the latch, and stops its duty cycle once the
     * Aeron client has closed under it.
     */
    private final class GuardedAgent implements Agent
    {
        private final Agent agent;
        private final StartLatch latch;
        private final String name;

        GuardedAgent(final Agent agent, final StartLatch latch)
        {
            this.agent = agent;
            this.latch = latch;
            this.name = "boomscooter-node-" + ctx.nodeId() + "-" + agent.roleName();
        }

        public void onStart()
        {
            try
            {
                agent.onStart();
            }
            catch (final RuntimeException | Error ex)
            {
                latch.failed(ex);
                throw ex;
            }
            latch.started();
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
    }

    private void onClientClosed(final int clientGeneration)
    {
        if (clientGeneration != liveGeneration)
        {
            return;
        }
        clientClosed = true;
        liveGeneration = 0;
        if (closed)
        {
            return;
        }
        errorHandler.onError(new IllegalStateException("node " + ctx.nodeId() +
            ": Aeron client closed unexpectedly (media driver lost or unresponsive, or the process was paused)"));
        if (ctx.threadingMode() == ThreadingMode.INVOKER)
        {
            // the application owns the duty cycle: it must decide what to do
            gaveUp = true;
            ctx.clientLostHandler().run();
            return;
        }
        final Thread recovery = new Thread(this::recover, "boomscooter-node-" + ctx.nodeId() + "-recovery");
        recovery.setDaemon(true);
        recovery.start();
    }

    /**
     * Off any duty cycle: stop the agents of the lost client, wait for the driver, start them all again.
     */
    private void recover()
    {
        synchronized (lifecycleLock)
        {
            if (closed)
            {
                return;
            }
            // the agents stop on their own (checkClientOpen); closing the runners waits for their threads
            CloseHelper.quietCloseAll(runners);
            runners.clear();
            CloseHelper.quietCloseAll(counters, aeron);
        }
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ctx.driverReconnectTimeoutMs());
        Throwable lastFailure = null;
        while (!closed)
        {
            if (CommonContext.isDriverActive(new File(aeronDirectoryName), ctx.driverTimeoutMs(), msg -> {}))
            {
                try
                {
                    synchronized (lifecycleLock)
                    {
                        if (closed)
                        {
                            return;
                        }
                        startAgents();
                    }
                    recoveries++;
                    errorHandler.onError(new IllegalStateException("node " + ctx.nodeId() +
                        ": reconnected to the media driver and restarted its agents (recovery " + recoveries + ")"));
                    return;
                }
                catch (final RuntimeException ex)
                {
                    lastFailure = ex;
                    errorHandler.onError(ex);
                }
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                gaveUp = true;
                errorHandler.onError(new IllegalStateException("node " + ctx.nodeId() +
                    ": media driver unreachable for " + ctx.driverReconnectTimeoutMs() + " ms, giving up" +
                    (null == lastFailure ? "" : "; last failure: " + lastFailure)));
                ctx.clientLostHandler().run();
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(RECONNECT_POLL_MS));
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
     * @return true when the node lost its Aeron client for good: the driver stayed unreachable past the
     *         reconnect timeout (or, in INVOKER mode, the client closed).
     */
    public boolean clientLost()
    {
        return gaveUp && !closed;
    }

    /**
     * @return how many times the node reconnected to its driver and restarted its agents.
     */
    public int recoveries()
    {
        return recoveries;
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
     * @return the node's Aeron client (a new one after a recovery).
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
     * @return where the node prints rare events a operator watches for (elections, step-downs, promotions).
     */
    public java.io.PrintStream events()
    {
        return ctx.events();
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
        return aeronDirectoryName;
    }

    /**
     * Stops the agents (waiting for their threads), then releases counters, client, driver and error log.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        synchronized (lifecycleLock)
        {
            liveGeneration = 0;
            CloseHelper.closeAll(runners);
            runners.clear();
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
            deleteDriverRecord(ctx, embeddedDriver);
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
        private org.agrona.concurrent.AgentInvoker driverAgentInvoker;
        private Supplier<IdleStrategy> idleStrategySupplier;
        private String idleStrategyName;
        private int errorLogLength;
        private double receiveLossRate;
        private long driverTimeoutMs;
        private long clientLivenessTimeoutMs;
        private long driverReconnectTimeoutMs;
        private long agentStartTimeoutMs;
        private java.io.PrintStream events = System.out;
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
            clientLivenessTimeoutMs = Configuration.getInt(
                file, CLIENT_LIVENESS_TIMEOUT_MS_PROP, CLIENT_LIVENESS_TIMEOUT_MS_DEFAULT);
            driverReconnectTimeoutMs = Configuration.getInt(
                file, DRIVER_RECONNECT_TIMEOUT_MS_PROP, DRIVER_RECONNECT_TIMEOUT_MS_DEFAULT);
            agentStartTimeoutMs = Configuration.getInt(
                file, AGENT_START_TIMEOUT_MS_PROP, AGENT_START_TIMEOUT_MS_DEFAULT);
        }

        /** How long the embedded driver keeps a silent client (a paused process) before timing it out. */
        public static final String CLIENT_LIVENESS_TIMEOUT_MS_PROP = "boomscooter.driver.client.liveness.timeout.ms";
        public static final int CLIENT_LIVENESS_TIMEOUT_MS_DEFAULT = 30_000;
        /** How long a node whose client was closed waits for its driver before it gives up and exits. */
        public static final String DRIVER_RECONNECT_TIMEOUT_MS_PROP = "boomscooter.driver.reconnect.timeout.ms";
        public static final int DRIVER_RECONNECT_TIMEOUT_MS_DEFAULT = 60_000;
        /** How long launch waits for every agent's onStart (log recovery runs there). */
        public static final String AGENT_START_TIMEOUT_MS_PROP = "boomscooter.agent.start.timeout.ms";
        public static final int AGENT_START_TIMEOUT_MS_DEFAULT = 300_000;

        public long clientLivenessTimeoutMs()
        {
            return clientLivenessTimeoutMs;
        }

        /**
         * @param clientLivenessTimeoutMs how long the embedded driver keeps a silent client.
         * @return this.
         */
        public Context clientLivenessTimeoutMs(final long clientLivenessTimeoutMs)
        {
            this.clientLivenessTimeoutMs = clientLivenessTimeoutMs;
            return this;
        }

        public long driverReconnectTimeoutMs()
        {
            return driverReconnectTimeoutMs;
        }

        /**
         * @param driverReconnectTimeoutMs how long a node whose Aeron client closed waits for the driver to
         *                                 be alive again before giving up.
         * @return this.
         */
        public Context driverReconnectTimeoutMs(final long driverReconnectTimeoutMs)
        {
            this.driverReconnectTimeoutMs = driverReconnectTimeoutMs;
            return this;
        }

        public long agentStartTimeoutMs()
        {
            return agentStartTimeoutMs;
        }

        /**
         * @param agentStartTimeoutMs how long launch waits for the agents' onStart.
         * @return this.
         */
        public Context agentStartTimeoutMs(final long agentStartTimeoutMs)
        {
            this.agentStartTimeoutMs = agentStartTimeoutMs;
            return this;
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

        public java.io.PrintStream events()
        {
            return events;
        }

        /**
         * @param events where rare events (elections, step-downs, promotions) are printed: standard output by
         *               default, where 'boomscooter node' shows them; an embedding program whose standard
         *               output is data (the benchmark's JSON) sends them elsewhere.
         * @return this.
         */
        public Context events(final java.io.PrintStream events)
        {
            this.events = java.util.Objects.requireNonNull(events, "events");
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
            driverCtx.clientLivenessTimeoutNs(TimeUnit.MILLISECONDS.toNanos(clientLivenessTimeoutMs));
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

        /**
         * @param invoker an external media driver in INVOKER mode ({@code single-thread} profile) that this node
         *                drives in its own duty cycle; an embedded single-thread driver is driven without this.
         */
        public Context driverAgentInvoker(final org.agrona.concurrent.AgentInvoker invoker)
        {
            this.driverAgentInvoker = invoker;
            return this;
        }

        public org.agrona.concurrent.AgentInvoker driverAgentInvoker()
        {
            return driverAgentInvoker;
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
