package io.boomscooter.perf;

import org.agrona.concurrent.AgentInvoker;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Bounded waits for set-up and tear-down: every wait in the harness has a deadline.
 */
public final class Deadlines
{
    public static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(20);

    private Deadlines()
    {
    }

    /**
     * Waits, invoking the given client conductors, until the condition holds.
     *
     * @throws IllegalStateException naming what did not happen in time.
     */
    public static void await(final String what, final long timeoutNs, final BooleanSupplier condition,
        final AgentInvoker... invokers)
    {
        final long deadline = System.nanoTime() + timeoutNs;
        while (!condition.getAsBoolean())
        {
            for (final AgentInvoker invoker : invokers)
            {
                if (null != invoker)
                {
                    invoker.invoke();
                }
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException(what + " did not happen within " +
                    TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms");
            }
            Thread.yield();
        }
    }

    public static void join(final Thread thread, final long timeoutNs)
    {
        try
        {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNs)));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive())
        {
            throw new IllegalStateException(thread.getName() + " did not finish within " +
                TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms");
        }
    }
}
