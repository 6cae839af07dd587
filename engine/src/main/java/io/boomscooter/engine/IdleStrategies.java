package io.boomscooter.engine;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Idle strategies by the names config files use.
 */
public final class IdleStrategies
{
    private IdleStrategies()
    {
    }

    /**
     * @param name one of {@code backoff}, {@code yielding}, {@code sleeping}, {@code busy-spin}, {@code noop}.
     * @return a new instance.
     * @throws IllegalArgumentException listing the valid names.
     */
    public static IdleStrategy parse(final String name)
    {
        switch (name.trim().toLowerCase(Locale.ROOT))
        {
            case "backoff":
                return new BackoffIdleStrategy(
                    10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
            case "yielding":
                return new YieldingIdleStrategy();
            case "sleeping":
                return new SleepingMillisIdleStrategy(1);
            case "busy-spin":
                return new BusySpinIdleStrategy();
            case "noop":
                return new NoOpIdleStrategy();
            default:
                throw new IllegalArgumentException(
                    "unknown idle strategy '" + name + "', expected backoff, yielding, sleeping, busy-spin or noop");
        }
    }
}
