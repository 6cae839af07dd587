package io.boomscooter.perf;

import org.HdrHistogram.Histogram;

/**
 * What one measured window yielded: messages completed in it, its length, and (for latency runs) the
 * latency histogram in nanoseconds. Built after the run, so it may allocate.
 */
public final class RunResult
{
    private final long messages;
    private final double seconds;
    private final long lost;
    private final Histogram histogram;
    private final long driverBytesSent;

    /**
     * @param messages  messages that completed inside the window.
     * @param seconds   length of the window.
     * @param lost      messages sent inside the window that never completed before the drain deadline.
     * @param histogram latencies in ns (copied), or null when the run measured no latency.
     */
    public RunResult(final long messages, final double seconds, final long lost, final Histogram histogram)
    {
        this(messages, seconds, lost, histogram, -1);
    }

    /**
     * @param driverBytesSent bytes the media driver(s) sent over UDP during the window, or -1 if unknown.
     */
    public RunResult(final long messages, final double seconds, final long lost, final Histogram histogram,
        final long driverBytesSent)
    {
        this.driverBytesSent = driverBytesSent;
        this.messages = messages;
        this.seconds = seconds;
        this.lost = lost;
        this.histogram = null == histogram ? null : histogram.copy();
    }

    public long messages()
    {
        return messages;
    }

    public double seconds()
    {
        return seconds;
    }

    public long lost()
    {
        return lost;
    }

    public double throughputPerSecond()
    {
        return seconds > 0 ? messages / seconds : 0;
    }

    /**
     * @return latencies in nanoseconds, or null.
     */
    public Histogram histogram()
    {
        return histogram;
    }

    public boolean hasLatency()
    {
        return null != histogram && histogram.getTotalCount() > 0;
    }

    /**
     * @param percentile 0..100.
     * @return latency at that percentile in microseconds, NaN without a histogram.
     */
    public double percentileUs(final double percentile)
    {
        return hasLatency() ? histogram.getValueAtPercentile(percentile) / 1000.0 : Double.NaN;
    }

    /**
     * @return UDP bytes the driver(s) sent per message completed in the window, NaN if unknown: how much
     * network work one message costs (the small profile's single driver thread is the bottleneck).
     */
    public double driverBytesPerMessage()
    {
        return driverBytesSent >= 0 && messages > 0 ? (double)driverBytesSent / messages : Double.NaN;
    }

    public double maxUs()
    {
        return hasLatency() ? histogram.getMaxValue() / 1000.0 : Double.NaN;
    }
}
