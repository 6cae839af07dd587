package io.boomscooter.perf;

import io.aeron.Aeron;
import io.boomscooter.engine.cluster.QuorumPolicy;
import io.boomscooter.engine.log.LogFrameHandler;
import io.boomscooter.engine.log.LogReader;
import io.boomscooter.client.ProducerClient;
import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;

/**
 * End-to-end figures of the replicated path, in one process: a {@link ReplicatedCluster} (leader +
 * {@link BenchSettings#replicas()} replicas, majority quorum) and one producer thread named
 * {@value #PRODUCER_THREAD}, measured up to a pluggable {@link DeliveryPoint}
 * (default {@link CommitDeliveryPoint}).
 * <pre>
 * RunResult latency = new ReplicatedPathBenchmark(settings).latency();    // open-loop at the rate
 * RunResult max = new ReplicatedPathBenchmark(settings).throughput();     // delivered/s, saturated
 * </pre>
 */
public final class ReplicatedPathBenchmark
{
    public static final String PRODUCER_THREAD = "boomscooter-bench-producer";

    private final BenchSettings settings;
    private final DeliveryPoint.Factory deliveryFactory;
    private final QuorumPolicy quorum;
    private String hops = "";
    private String deliveryDescription = "";
    private int threads;
    private long backPressured;
    private RunResult ackLatency;
    private RunResult sendLag;
    private RunResult leaderAppendLatency;

    /**
     * Measures producer-to-commit with a majority quorum.
     */
    public ReplicatedPathBenchmark(final BenchSettings settings)
    {
        this(settings, CommitDeliveryPoint.FACTORY, QuorumPolicy.MAJORITY);
    }

    /**
     * @param settings        what to run.
     * @param deliveryFactory where an entry counts as delivered.
     * @param quorum          the log's commit rule.
     */
    public ReplicatedPathBenchmark(final BenchSettings settings, final DeliveryPoint.Factory deliveryFactory,
        final QuorumPolicy quorum)
    {
        this.settings = settings.conclude();
        this.deliveryFactory = deliveryFactory;
        this.quorum = quorum;
    }

    /**
     * Open-loop at {@link BenchSettings#ratePerSecond()}: latency from each entry's intended send time to
     * its delivery, corrected for coordinated omission.
     */
    public RunResult latency()
    {
        return run(false);
    }

    /**
     * The producer offers as fast as the publication and the in-flight bound
     * ({@link BenchSettings#maxInFlight()}) allow; counts entries delivered in the window. Latencies are
     * recorded too, from the actual send time (queueing under saturation, not a latency figure).
     */
    public RunResult throughput()
    {
        return run(true);
    }

    private RunResult run(final boolean saturate)
    {
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final Histogram ackHistogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        try (ReplicatedCluster cluster = ReplicatedCluster.launch(new ReplicatedCluster.Options()
            .profile(settings.profile())
            .replicas(settings.replicas())
            .driverPerNode(settings.driverPerNode())
            .quorum(quorum)
            .subscriberTcp(deliveryFactory.needsSubscriberTcp())
            .logs(deliveryFactory.logs())
            .segmentLength(deliveryFactory.segmentLength() > 0 ? deliveryFactory.segmentLength() :
                io.boomscooter.engine.cluster.ClusterLogConfig.SEGMENT_LENGTH_DEFAULT)
            .idleStrategy(settings::newIdleStrategy)
            .driverCustomiser(settings::customiseDriver));
            Aeron aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(cluster.clientAeronDirectoryName())
                .driverAgentInvoker(cluster.clientDriverInvoker())
                .useConductorAgentInvoker(true)))
        {
            final OpenLoopProducer loop = new OpenLoopProducer(aeron, settings.newIdleStrategy(), settings,
                saturate, histogram, ackHistogram, cluster::driverBytesSent);
            try (ProducerClient producer = cluster.newProducer(aeron, System.nanoTime() & Long.MAX_VALUE, loop);
                DeliveryPoint delivery = deliveryFactory.create(cluster, aeron, producer))
            {
                loop.attach(producer, delivery);
                hops = delivery.hops();
                deliveryDescription = delivery.description();
                threads = (settings.profile().isInvoked() ? 0 : cluster.driverCount()) + cluster.nodeCount() + 1 +
                    delivery.extraThreads();
                final Thread thread = new Thread(loop, PRODUCER_THREAD);
                thread.start();
                Deadlines.join(thread, Deadlines.CONNECT_TIMEOUT_NS +
                    TimeUnit.SECONDS.toNanos(settings.warmupSeconds() + settings.seconds()) +
                    settings.drainTimeoutNs() + TimeUnit.SECONDS.toNanos(30));
                RawAeronBaseline.rethrow(loop.failure);
                backPressured = loop.backPressured;
                ackLatency = loop.ackResult();
                sendLag = loop.sendLagResult();
                leaderAppendLatency = saturate ? null : leaderAppendLatency(cluster, loop);
                return loop.result();
            }
        }
    }

    /**
     * Post-run (may allocate): the leader stamps each log frame with its clock at append, so the log can
     * tell how long the first hop took for every measured entry, provided the stamp is System.nanoTime(),
     * the clock of the intended send times. Engines that stamp wall-clock epoch nanoseconds (an
     * {@link org.agrona.concurrent.OffsetEpochNanoClock}, whose offset is only about a millisecond exact)
     * cannot be mapped back precisely enough: then there is no figure (null).
     */
    private static RunResult leaderAppendLatency(final ReplicatedCluster cluster, final OpenLoopProducer loop)
    {
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final long nanoTimeNow = System.nanoTime();
        final boolean[] otherClock = new boolean[1];
        try (LogReader reader = LogReader.open(cluster.logDir(ReplicatedCluster.LEADER_ID)))
        {
            reader.seek(1);
            final LogFrameHandler handler = (buffer, frameOffset, frameLength, seqno, epoch, timestampNs) ->
            {
                final long intended = loop.intendedNsOfSeqno(seqno);
                if (Long.MIN_VALUE != intended)
                {
                    if (Math.abs(timestampNs - nanoTimeNow) > TimeUnit.HOURS.toNanos(1))
                    {
                        otherClock[0] = true;
                    }
                    histogram.recordValue(Math.max(0, Math.min(timestampNs - intended,
                        histogram.getHighestTrackableValue())));
                }
            };
            while (reader.poll(handler, 4096) > 0)
            {
                // scan to the end
            }
        }
        return otherClock[0] ? null : new RunResult(histogram.getTotalCount(), 0, 0, histogram);
    }

    /**
     * @return the last latency run's time from intended send to the leader's append (first hop), or null
     * after a throughput run or when the leader's log stamps are not System.nanoTime().
     */
    public RunResult leaderAppendLatency()
    {
        return leaderAppendLatency;
    }

    /**
     * @return how late the producer thread offered each entry against its intended time, last run.
     */
    public RunResult sendLag()
    {
        return sendLag;
    }

    public BenchSettings settings()
    {
        return settings;
    }

    /**
     * @return the hops of the last run's delivery point.
     */
    public String hops()
    {
        return hops;
    }

    /**
     * @return what counted as delivered in the last run.
     */
    public String deliveryDescription()
    {
        return deliveryDescription;
    }

    /**
     * @return busy threads of the last run: drivers, node agents, producer, delivery point.
     */
    public int threads()
    {
        return threads;
    }

    /**
     * @return the last run's latency to the leader's ack (appended at the leader, one round trip), from
     * the same intended send times: the first part of the path, for locating where time goes.
     */
    public RunResult ackLatency()
    {
        return ackLatency;
    }

    /**
     * @return offers the last run found back-pressured.
     */
    public long backPressured()
    {
        return backPressured;
    }
}
