package io.boomscooter.perf;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.boomscooter.driver.EmbeddedDriver;
import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;

/**
 * Plain Aeron over UDP loopback with nothing of ours on the path: the yardstick every end-to-end figure
 * is divided by. One embedded driver of the settings' profile per measurement; every thread (pinger,
 * ponger, sender, receiver) idles with {@link BenchSettings#newIdleStrategy()} (the profile's),
 * as engine agents do, and
 * runs its own Aeron client conductor through an invoker, so no extra client threads exist.
 * <pre>
 * RunResult rtt = new RawAeronBaseline(settings).roundTrip();       // open-loop ping-pong at the rate
 * RunResult max = new RawAeronBaseline(settings).oneWayThroughput(); // msgs/s after warm-up
 * </pre>
 */
public final class RawAeronBaseline
{
    static final int PING_STREAM = 1001;
    static final int PONG_STREAM = 1002;
    static final int DATA_STREAM = 1003;

    private final BenchSettings settings;
    private RunResult lastSendLag;

    public RawAeronBaseline(final BenchSettings settings)
    {
        this.settings = settings.conclude();
    }

    public BenchSettings settings()
    {
        return settings;
    }

    /**
     * Ping-pong over two unicast UDP channels, open-loop at {@link BenchSettings#ratePerSecond()}, latency
     * from each ping's intended send time to its pong's arrival. Threads: driver, pinger, ponger.
     *
     * @return round trips completed in the window, and their latencies.
     */
    public RunResult roundTrip()
    {
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final String pingChannel = LoopbackPorts.freeUdpChannel();
        final String pongChannel = LoopbackPorts.freeUdpChannel();
        try (EmbeddedDriver driver = EmbeddedDriver.launch(threadedProfile(settings), settings::customiseDriver);
            Aeron pingClient = connect(driver);
            Aeron pongClient = connect(driver))
        {
            final ExclusivePublication pings = pingClient.addExclusivePublication(pingChannel, PING_STREAM);
            final Subscription pongsIn = pingClient.addSubscription(pongChannel, PONG_STREAM);
            final Subscription pingsIn = pongClient.addSubscription(pingChannel, PING_STREAM);
            final ExclusivePublication pongs = pongClient.addExclusivePublication(pongChannel, PONG_STREAM);
            Deadlines.await("raw ping-pong connect", Deadlines.CONNECT_TIMEOUT_NS,
                () -> pings.isConnected() && pongs.isConnected(),
                pingClient.conductorAgentInvoker(), pongClient.conductorAgentInvoker());

            final Ponger ponger = new Ponger(pingsIn, pongs, pongClient.conductorAgentInvoker(),
                settings.newIdleStrategy());
            final Pinger pinger = new Pinger(pings, pongsIn, pingClient.conductorAgentInvoker(),
                settings.newIdleStrategy(), settings, histogram);
            final Thread pongThread = new Thread(ponger, "raw-aeron-ponger");
            final Thread pingThread = new Thread(pinger, "raw-aeron-pinger");
            pongThread.start();
            pingThread.start();
            try
            {
                Deadlines.join(pingThread, runNs() + settings.drainTimeoutNs() + TimeUnit.SECONDS.toNanos(30));
            }
            finally
            {
                ponger.running = false;
                Deadlines.join(pongThread, TimeUnit.SECONDS.toNanos(10));
            }
            rethrow(pinger.failure);
            rethrow(ponger.failure);
            lastSendLag = pinger.sendLagResult();
            return pinger.result();
        }
    }

    /**
     * @return how late the pinger offered each ping in the last {@link #roundTrip()}, or null before one.
     */
    public RunResult roundTripSendLag()
    {
        return lastSendLag;
    }

    /**
     * One publication to one subscription over UDP loopback, the sender offering as fast as it is let;
     * counts what the receiver gets in the window after warm-up. Threads: driver, sender, receiver.
     *
     * @return messages received in the window.
     */
    public RunResult oneWayThroughput()
    {
        final String channel = LoopbackPorts.freeUdpChannel();
        try (EmbeddedDriver driver = EmbeddedDriver.launch(threadedProfile(settings), settings::customiseDriver);
            Aeron sendClient = connect(driver);
            Aeron receiveClient = connect(driver))
        {
            final Subscription in = receiveClient.addSubscription(channel, DATA_STREAM);
            final ExclusivePublication out = sendClient.addExclusivePublication(channel, DATA_STREAM);
            Deadlines.await("raw one-way connect", Deadlines.CONNECT_TIMEOUT_NS, out::isConnected,
                sendClient.conductorAgentInvoker(), receiveClient.conductorAgentInvoker());

            final long startNs = System.nanoTime();
            final long measureStartNs = startNs + TimeUnit.SECONDS.toNanos(settings.warmupSeconds());
            final long endNs = measureStartNs + TimeUnit.SECONDS.toNanos(settings.seconds());
            final OneWaySender sender = new OneWaySender(out, sendClient.conductorAgentInvoker(),
                settings.newIdleStrategy(), settings.messageSize());
            final OneWayReceiver receiver = new OneWayReceiver(in, receiveClient.conductorAgentInvoker(),
                settings.newIdleStrategy(), measureStartNs, endNs, () -> DriverTraffic.bytesSent(driver));
            final Thread receiveThread = new Thread(receiver, "raw-aeron-receiver");
            final Thread sendThread = new Thread(sender, "raw-aeron-sender");
            receiveThread.start();
            sendThread.start();
            try
            {
                Deadlines.join(receiveThread, runNs() + TimeUnit.SECONDS.toNanos(30));
            }
            finally
            {
                sender.running = false;
                Deadlines.join(sendThread, TimeUnit.SECONDS.toNanos(10));
            }
            rethrow(receiver.failure);
            rethrow(sender.failure);
            return receiver.result();
        }
    }

    /**
     * The baselines keep a driver thread: with the single-thread profile (a driver per node run in the node's
     * thread) the raw baseline and Aeron Cluster run the small profile, whose thread settings it shares.
     */
    public static io.boomscooter.driver.DriverProfile threadedProfile(final BenchSettings settings)
    {
        return settings.profile().isInvoked() ? io.boomscooter.driver.DriverProfile.SMALL : settings.profile();
    }

    private long runNs()
    {
        return TimeUnit.SECONDS.toNanos(settings.warmupSeconds() + settings.seconds());
    }

    private static Aeron connect(final EmbeddedDriver driver)
    {
        return Aeron.connect(new Aeron.Context()
            .aeronDirectoryName(driver.aeronDirectoryName())
            .useConductorAgentInvoker(true));
    }

    static void rethrow(final Throwable failure)
    {
        if (null != failure)
        {
            throw new IllegalStateException("benchmark thread failed: " + failure, failure);
        }
    }
}
