package io.boomscooter.perf;

import io.boomscooter.driver.DriverProfile;

import java.util.concurrent.TimeUnit;

/**
 * What one benchmark run does: driver profile, message size, offered rate, durations, cluster shape.
 * Shared by {@link RawAeronBaseline} and {@link ReplicatedPathBenchmark} so both sides of a ratio are
 * measured with the same settings. Fluent setters; {@link #conclude()} validates once.
 */
public final class BenchSettings
{
    /**
     * Smallest message: the raw baseline carries its intended send time and a sequence number.
     */
    public static final int MIN_MESSAGE_SIZE = 16;

    private DriverProfile profile = DriverProfile.SMALL;
    private int messageSize = 32;
    private long ratePerSecond = 10_000;
    private int seconds = 5;
    private int warmupSeconds = 2;
    private int replicas = 2;
    private boolean driverPerNode;
    private int maxInFlight = 64 * 1024;
    private long drainTimeoutNs = TimeUnit.SECONDS.toNanos(5);

    public BenchSettings conclude()
    {
        if (messageSize < MIN_MESSAGE_SIZE || messageSize > 4096)
        {
            throw new IllegalArgumentException("message size must be in [" + MIN_MESSAGE_SIZE + ", 4096], was " +
                messageSize);
        }
        if (ratePerSecond <= 0 || ratePerSecond > 10_000_000)
        {
            throw new IllegalArgumentException("rate must be in [1, 10000000] per second, was " + ratePerSecond);
        }
        if (seconds <= 0 || warmupSeconds < 0)
        {
            throw new IllegalArgumentException("seconds must be > 0 and warm-up >= 0");
        }
        if (replicas < 0 || replicas > 6)
        {
            throw new IllegalArgumentException("replicas must be in [0, 6], was " + replicas);
        }
        if (maxInFlight <= 0 || Integer.bitCount(maxInFlight) != 1)
        {
            throw new IllegalArgumentException("max in flight must be a power of two, was " + maxInFlight);
        }
        return this;
    }

    public DriverProfile profile()
    {
        return profile;
    }

    public BenchSettings profile(final DriverProfile profile)
    {
        this.profile = profile;
        return this;
    }

    /**
     * @return bytes of payload per message: the whole Aeron message in the raw baseline, the entry
     * payload (before the ingress header, channel and key) on the replicated path.
     */
    public int messageSize()
    {
        return messageSize;
    }

    public BenchSettings messageSize(final int messageSize)
    {
        this.messageSize = messageSize;
        return this;
    }

    /**
     * @return messages per second offered open-loop in latency runs.
     */
    public long ratePerSecond()
    {
        return ratePerSecond;
    }

    public BenchSettings ratePerSecond(final long ratePerSecond)
    {
        this.ratePerSecond = ratePerSecond;
        return this;
    }

    public int seconds()
    {
        return seconds;
    }

    public BenchSettings seconds(final int seconds)
    {
        this.seconds = seconds;
        return this;
    }

    public int warmupSeconds()
    {
        return warmupSeconds;
    }

    public BenchSettings warmupSeconds(final int warmupSeconds)
    {
        this.warmupSeconds = warmupSeconds;
        return this;
    }

    /**
     * @return replicas beside the leader.
     */
    public int replicas()
    {
        return replicas;
    }

    public BenchSettings replicas(final int replicas)
    {
        this.replicas = replicas;
        return this;
    }

    /**
     * @return true to give every node (and the producer) its own media driver, as separate hosts would
     * have; false (default) for one driver shared by all, like the raw baseline.
     */
    public boolean driverPerNode()
    {
        return driverPerNode;
    }

    public BenchSettings driverPerNode(final boolean driverPerNode)
    {
        this.driverPerNode = driverPerNode;
        return this;
    }

    /**
     * @return entries the producer lets be sent but not yet delivered; bounds throughput runs, and
     * sizes the ring of intended send times (a power of two).
     */
    public int maxInFlight()
    {
        return maxInFlight;
    }

    public BenchSettings maxInFlight(final int maxInFlight)
    {
        this.maxInFlight = maxInFlight;
        return this;
    }

    /**
     * @return how long to wait after the last send for outstanding messages.
     */
    public long drainTimeoutNs()
    {
        return drainTimeoutNs;
    }

    public BenchSettings drainTimeoutNs(final long drainTimeoutNs)
    {
        this.drainTimeoutNs = drainTimeoutNs;
        return this;
    }

    public long intervalNs()
    {
        return Math.max(1, TimeUnit.SECONDS.toNanos(1) / ratePerSecond);
    }
}
