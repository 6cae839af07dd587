package io.boomscooter.perf.cluster;

import io.aeron.Aeron;
import io.aeron.cluster.client.AeronCluster;
import io.boomscooter.perf.BenchSettings;
import io.boomscooter.perf.Deadlines;
import io.boomscooter.perf.RunResult;
import org.HdrHistogram.Histogram;

import java.io.File;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Aeron Cluster measured the way our replicated path is, in the same run and with the same settings: the
 * replicated log a trading team would otherwise pick. Three members in this process
 * ({@link AeronClusterMembers}), an echo service, and one open-loop client thread named
 * {@value #CLIENT_THREAD} ({@link ClusterClientLoop}) whose Aeron client runs its conductor through an
 * invoker, as our producer's does. Latency is the client's round trip: ingress to the leader, replication
 * to a majority, commit, the leader's service, egress back.
 * <pre>
 * RunResult rtt = new AeronClusterBaseline(settings).latency();    // open-loop at the rate
 * RunResult max = new AeronClusterBaseline(settings).throughput(); // echoes/s, saturated
 * </pre>
 */
public final class AeronClusterBaseline
{
    public static final String CLIENT_THREAD = "aeron-cluster-bench-client";

    private final BenchSettings settings;
    private RunResult sendLag;
    private int threads;
    private long backPressured;
    private long sent;
    private long received;
    private long outOfOrder;
    private int errors;
    private String firstError = "";
    private List<File> directories = List.of();

    public AeronClusterBaseline(final BenchSettings settings)
    {
        this.settings = settings.conclude();
    }

    /**
     * Open-loop at {@link BenchSettings#ratePerSecond()}: round trip from each message's intended send time to
     * its echo, corrected for coordinated omission.
     */
    public RunResult latency()
    {
        return run(false);
    }

    /**
     * The client offers as fast as ingress back-pressure and the in-flight bound
     * ({@link BenchSettings#maxInFlight()}) allow; counts echoes received in the window.
     */
    public RunResult throughput()
    {
        return run(true);
    }

    private RunResult run(final boolean saturate)
    {
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        try (AeronClusterMembers members = new AeronClusterMembers(settings))
        {
            directories = members.directories();
            members.awaitLeader();
            try (Aeron aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(members.clientAeronDirectoryName())
                .useConductorAgentInvoker(true)))
            {
                final ClusterClientLoop loop = new ClusterClientLoop(aeron.conductorAgentInvoker(),
                    settings.newIdleStrategy(), settings, saturate, histogram, members::driverBytesSent);
                try (AeronCluster client = AeronCluster.connect(new AeronCluster.Context()
                    .aeron(aeron)
                    .ownsAeronClient(false)
                    .ingressChannel(AeronClusterMembers.INGRESS_CHANNEL)
                    .ingressEndpoints(members.ingressEndpoints())
                    .egressChannel(AeronClusterMembers.EGRESS_CHANNEL)
                    .egressListener(loop)))
                {
                    loop.attach(client);
                    threads = members.threads() + 1;
                    final Thread thread = new Thread(loop, CLIENT_THREAD);
                    thread.start();
                    Deadlines.join(thread, TimeUnit.SECONDS.toNanos(settings.warmupSeconds() + settings.seconds()) +
                        settings.drainTimeoutNs() + TimeUnit.SECONDS.toNanos(30));
                    if (null != loop.failure)
                    {
                        throw new IllegalStateException("Aeron Cluster client failed: " + loop.failure, loop.failure);
                    }
                    backPressured = loop.backPressured;
                    outOfOrder = loop.outOfOrder;
                    sent = loop.sent();
                    received = loop.received();
                    sendLag = loop.sendLagResult();
                    errors = members.errors().size();
                    firstError = errors > 0 ? String.valueOf(members.errors().peek()) : "";
                    return loop.result();
                }
            }
        }
    }

    /**
     * @return exactly how the cluster was configured, for the report.
     */
    public String configuration()
    {
        final boolean perNode = settings.driverPerNode();
        return "Aeron Cluster " + io.aeron.cluster.ConsensusModuleVersion.VERSION +
            " (io.aeron:aeron-cluster): 3 members in this JVM, each an Archive (ArchiveThreadingMode.SHARED, " +
            "recording the log to a temp dir under /dev/shm, i.e. the page cache, no fsync: fileSyncLevel 0), " +
            "a ConsensusModule and a ClusteredServiceContainer running an echo service (echo on the leader " +
            "only, after commit); " + (perNode ? "4 media drivers (one per member + the client's)" :
            "1 media driver shared by the members and the client (cluster id and IPC stream ids per member)") +
            ", launched with our driver profile '" + settings.profile().cliName() + "' exactly as on our side; " +
            "term length " + AeronClusterMembers.TERM_LENGTH + " on log, ingress and " +
            "egress (UDP loopback; consensus channel at its default), Aeron's default timers (heartbeat, " +
            "election, session timeout), idle strategy " + settings.idleDescription() + " on every agent " +
            "(archive, consensus module, service, client); client: AeronCluster with its conductor invoked on " +
            "its one thread, offering " + settings.messageSize() + "-byte messages to the leader's ingress, " +
            "round trip = echo received - intended send time";
    }

    /**
     * @return busy threads of the last run: drivers, 3 per member, the client.
     */
    public int threads()
    {
        return threads;
    }

    /**
     * @return how late the client offered each message against its intended time, last run.
     */
    public RunResult sendLag()
    {
        return sendLag;
    }

    /**
     * @return offers the last run found back-pressured (or in an admin action).
     */
    public long backPressured()
    {
        return backPressured;
    }

    /**
     * @return messages the client sent in the last run, warm-up included.
     */
    public long sent()
    {
        return sent;
    }

    /**
     * @return echoes the client received in the last run, warm-up included.
     */
    public long received()
    {
        return received;
    }

    /**
     * @return echoes whose sequence was not the next expected one, last run (0 when once each, in order).
     */
    public long outOfOrder()
    {
        return outOfOrder;
    }

    /**
     * @return errors Aeron Cluster's components reported during the last run, before shutdown.
     */
    public int errors()
    {
        return errors;
    }

    /**
     * @return the directories the last run made (archives, cluster state, drivers), deleted when it ended.
     */
    public List<File> directories()
    {
        return directories;
    }

    public String firstError()
    {
        return firstError;
    }
}
