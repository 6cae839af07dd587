package io.boomscooter.perf;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.boomscooter.driver.DriverProfile;
import io.boomscooter.engine.IdleStrategies;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

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
    /** 60 KiB: an entry with its ingress header stays under 64 KiB, where a payload of 65,536 bytes was
     * refused on the way (found by the payload sweep; not yet pinned down). */
    public static final int MAX_MESSAGE_SIZE = 60 * 1024;

    private DriverProfile profile = DriverProfile.SMALL;
    private int messageSize = 32;
    private long ratePerSecond = 10_000;
    private int seconds = 5;
    private int warmupSeconds = 2;
    private int replicas = 2;
    private boolean driverPerNode;
    private int maxInFlight = 64 * 1024;
    private long drainTimeoutNs = TimeUnit.SECONDS.toNanos(5);
    private Supplier<IdleStrategy> idleOverride;
    private String idleOverrideName;

    /**
     * @return a new settings object with the same values (for sweeps that vary one of them).
     */
    public BenchSettings copy()
    {
        final BenchSettings copy = new BenchSettings();
        copy.profile = profile;
        copy.messageSize = messageSize;
        copy.ratePerSecond = ratePerSecond;
        copy.seconds = seconds;
        copy.warmupSeconds = warmupSeconds;
        copy.replicas = replicas;
        copy.driverPerNode = driverPerNode;
        copy.maxInFlight = maxInFlight;
        copy.drainTimeoutNs = drainTimeoutNs;
        copy.idleOverride = idleOverride;
        copy.idleOverrideName = idleOverrideName;
        return copy;
    }

    public BenchSettings conclude()
    {
        if (messageSize < MIN_MESSAGE_SIZE || messageSize > MAX_MESSAGE_SIZE)
        {
            throw new IllegalArgumentException("message size must be in [" + MIN_MESSAGE_SIZE + ", " +
                MAX_MESSAGE_SIZE + "], was " +
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

    /**
     * Replaces the profile's idle strategy on every thread of both sides (driver, nodes, producer,
     * pinger, ponger), to test where park time goes.
     *
     * @param name any {@code boomscooter.idle.strategy} name: backoff, yielding, sleeping, busy-spin, noop.
     * @return this.
     */
    public BenchSettings idleStrategy(final String name)
    {
        IdleStrategies.parse(name);
        idleOverrideName = name;
        idleOverride = () -> IdleStrategies.parse(name);
        return this;
    }

    /**
     * The profile's backoff (10 spins, 20 yields, parks from 1 us) but parking at most this long.
     *
     * @return this.
     */
    public BenchSettings maxParkMicros(final long maxParkUs)
    {
        if (maxParkUs < 1)
        {
            throw new IllegalArgumentException("max park must be >= 1 us, was " + maxParkUs);
        }
        idleOverrideName = "backoff(max park " + maxParkUs + " us)";
        idleOverride = () -> new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1),
            TimeUnit.MICROSECONDS.toNanos(maxParkUs));
        return this;
    }

    /**
     * @return a new idle strategy for one thread: the profile's unless overridden.
     */
    public IdleStrategy newIdleStrategy()
    {
        return null != idleOverride ? idleOverride.get() : profile.newIdleStrategy();
    }

    /**
     * @return a description of the idle strategy every thread uses.
     */
    public String idleDescription()
    {
        return null != idleOverride ? idleOverrideName + " (overrides the profile's)" :
            profile.newIdleStrategy().toString();
    }

    /**
     * Gives the driver's threads the overriding idle strategy, if any; the profile is applied first.
     */
    public void customiseDriver(final MediaDriver.Context ctx)
    {
        if (null == idleOverride)
        {
            return;
        }
        if (ctx.threadingMode() == ThreadingMode.SHARED)
        {
            ctx.sharedIdleStrategy(idleOverride.get());
        }
        else
        {
            ctx.conductorIdleStrategy(idleOverride.get())
                .senderIdleStrategy(idleOverride.get())
                .receiverIdleStrategy(idleOverride.get())
                .sharedNetworkIdleStrategy(idleOverride.get());
        }
    }
}
