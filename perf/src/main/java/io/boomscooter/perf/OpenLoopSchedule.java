package io.boomscooter.perf;

/**
 * Intended send times of an open-loop load at a fixed rate: message n is due at
 * {@code start + n * 1e9 / rate}, whatever happened to earlier messages. Latency is measured from the
 * intended time, so a stall that delays sending counts against the system instead of vanishing
 * (coordinated omission).
 */
public final class OpenLoopSchedule
{
    private final long startNs;
    private final long ratePerSecond;
    private long index;
    private long nextNs;

    public OpenLoopSchedule(final long startNs, final long ratePerSecond)
    {
        this.startNs = startNs;
        this.ratePerSecond = ratePerSecond;
        this.nextNs = startNs;
    }

    public boolean isDue(final long nowNs)
    {
        return nowNs - nextNs >= 0;
    }

    /**
     * @return when the next message should go.
     */
    public long intendedNs()
    {
        return nextNs;
    }

    /**
     * The next message went: move to the one after.
     */
    public void advance()
    {
        index++;
        // multiply then divide, so a rate that does not divide a second accumulates no rounding drift
        nextNs = startNs + (long)((double)index * 1_000_000_000L / ratePerSecond);
    }
}
