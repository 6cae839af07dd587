package io.boomscooter.driver;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Named Aeron media driver settings. {@link #SMALL} is the default and suits a 2-core machine;
 * {@link #LOW_LATENCY} busy-spins dedicated threads and needs cores to spare.
 */
public enum DriverProfile
{
    /**
     * SHARED driver thread, backoff idle (spin, yield, then park up to 1 ms), sparse 4 MiB terms.
     */
    SMALL("small")
    {
        public void applyTo(final MediaDriver.Context ctx)
        {
            ctx.threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(newIdleStrategy())
                .termBufferSparseFile(true)
                .publicationTermBufferLength(SMALL_TERM_LENGTH)
                .ipcTermBufferLength(SMALL_TERM_LENGTH);
        }

        public IdleStrategy newIdleStrategy()
        {
            return new BackoffIdleStrategy(
                10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
        }
    },

    /**
     * The media driver in INVOKER mode: no thread of its own, its conductor, sender and receiver run inside the
     * duty cycle of whoever drives it (a node drives its embedded driver in its own duty cycle), so a node is one
     * thread with no hand-off between driver and agents. Backoff idle and sparse 4 MiB terms as {@link #SMALL}.
     * Whoever launches such a driver must invoke {@link EmbeddedDriver#agentInvoker()} in a duty cycle.
     */
    SINGLE_THREAD("single-thread")
    {
        public void applyTo(final MediaDriver.Context ctx)
        {
            ctx.threadingMode(ThreadingMode.INVOKER)
                .termBufferSparseFile(true)
                .publicationTermBufferLength(SMALL_TERM_LENGTH)
                .ipcTermBufferLength(SMALL_TERM_LENGTH);
        }

        public IdleStrategy newIdleStrategy()
        {
            return SMALL.newIdleStrategy();
        }
    },

    /**
     * DEDICATED conductor, sender and receiver threads that busy-spin; term buffers are not sparse, so
     * the driver pre-touches every page when it maps them and the first messages never page-fault.
     */
    LOW_LATENCY("low-latency")
    {
        public void applyTo(final MediaDriver.Context ctx)
        {
            ctx.threadingMode(ThreadingMode.DEDICATED)
                .conductorIdleStrategy(new BusySpinIdleStrategy())
                .senderIdleStrategy(new NoOpIdleStrategy())
                .receiverIdleStrategy(new NoOpIdleStrategy())
                .termBufferSparseFile(false)
                .publicationTermBufferLength(LOW_LATENCY_TERM_LENGTH)
                .ipcTermBufferLength(LOW_LATENCY_TERM_LENGTH);
        }

        public IdleStrategy newIdleStrategy()
        {
            return new BusySpinIdleStrategy();
        }
    };

    static final int SMALL_TERM_LENGTH = 4 * 1024 * 1024;
    static final int LOW_LATENCY_TERM_LENGTH = 16 * 1024 * 1024;

    private final String cliName;

    DriverProfile(final String cliName)
    {
        this.cliName = cliName;
    }

    /**
     * @param ctx driver context to configure for this profile.
     */
    public abstract void applyTo(MediaDriver.Context ctx);

    /**
     * @return the idle strategy engine agents should use beside a driver of this profile.
     */
    public abstract IdleStrategy newIdleStrategy();

    /**
     * @return the name used on the command line and in config files.
     */
    public String cliName()
    {
        return cliName;
    }

    /**
     * @param name {@code small}, {@code single-thread} or {@code low-latency}, case-insensitive; {@code _} is read
     *             as {@code -}.
     * @return the matching profile.
     * @throws IllegalArgumentException naming the valid choices when none matches.
     */
    public static DriverProfile parse(final String name)
    {
        final String normalised = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (final DriverProfile profile : values())
        {
            if (profile.cliName.equals(normalised))
            {
                return profile;
            }
        }
        throw new IllegalArgumentException("unknown driver profile '" + name + "', expected small, single-thread or low-latency");
    }

    /** @return true when the driver has no thread of its own and must be invoked from a duty cycle. */
    public boolean isInvoked()
    {
        return this == SINGLE_THREAD;
    }

    public String toString()
    {
        return cliName;
    }
}
