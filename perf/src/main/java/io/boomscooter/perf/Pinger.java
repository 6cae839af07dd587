package io.boomscooter.perf;

import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import org.HdrHistogram.Histogram;
import org.agrona.BufferUtil;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Open-loop side of the raw ping-pong: sends a ping at every intended time carrying that time, and
 * records round trip = pong arrival - intended send time. Pre-allocates everything; the loop never
 * allocates.
 */
final class Pinger implements Runnable
{
    private final ExclusivePublication pings;
    private final Subscription pongs;
    private final AgentInvoker conductor;
    private final IdleStrategy idle;
    private final BenchSettings settings;
    private final Histogram histogram;
    private final Histogram sendLag;
    private final UnsafeBuffer message;
    // messages past the MTU arrive in fragments: handle whole messages, as our path's receivers do
    private final FragmentHandler onPong = new io.aeron.FragmentAssembler(this::onPong);
    private long measureStartNs;
    private long sentMeasured;
    private long receivedMeasured;
    private long seconds;
    volatile Throwable failure;

    Pinger(final ExclusivePublication pings, final Subscription pongs, final AgentInvoker conductor,
        final IdleStrategy idle, final BenchSettings settings, final Histogram histogram)
    {
        this.pings = pings;
        this.pongs = pongs;
        this.conductor = conductor;
        this.idle = idle;
        this.settings = settings;
        this.histogram = histogram;
        this.sendLag = new Histogram(histogram.getHighestTrackableValue(), 3);
        this.message = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            org.agrona.BitUtil.align(settings.messageSize(), 64), 64));
    }

    public void run()
    {
        try
        {
            loop();
        }
        catch (final Throwable ex)
        {
            failure = ex;
        }
    }

    private void loop()
    {
        final long startNs = System.nanoTime();
        measureStartNs = startNs + settings.warmupSeconds() * 1_000_000_000L;
        final long endNs = measureStartNs + settings.seconds() * 1_000_000_000L;
        final long drainDeadlineNs = endNs + settings.drainTimeoutNs();
        final OpenLoopSchedule schedule = new OpenLoopSchedule(startNs, settings.ratePerSecond());
        final int size = settings.messageSize();
        long sequence = 0;
        while (true)
        {
            final long nowNs = System.nanoTime();
            int work = 0;
            if (nowNs - endNs < 0 && schedule.isDue(nowNs))
            {
                final long intendedNs = schedule.intendedNs();
                message.putLong(0, intendedNs);
                message.putLong(8, sequence);
                if (pings.offer(message, 0, size) > 0)
                {
                    sequence++;
                    if (intendedNs - measureStartNs >= 0)
                    {
                        sentMeasured++;
                        sendLag.recordValue(Math.min(Math.max(0, nowNs - intendedNs), sendLag.getHighestTrackableValue()));
                    }
                    schedule.advance();
                    work++;
                }
            }
            work += pongs.poll(onPong, 16);
            work += conductor.invoke();
            if (nowNs - endNs >= 0 && (receivedMeasured >= sentMeasured || nowNs - drainDeadlineNs > 0))
            {
                break;
            }
            idle.idle(work);
        }
        seconds = settings.seconds();
    }

    private void onPong(final org.agrona.DirectBuffer buffer, final int offset, final int length,
        final io.aeron.logbuffer.Header header)
    {
        final long intendedNs = buffer.getLong(offset);
        if (intendedNs - measureStartNs >= 0)
        {
            final long rttNs = System.nanoTime() - intendedNs;
            histogram.recordValue(Math.min(rttNs, histogram.getHighestTrackableValue()));
            receivedMeasured++;
        }
    }

    /**
     * @return how late each measured ping was offered against its intended time.
     */
    RunResult sendLagResult()
    {
        return new RunResult(sendLag.getTotalCount(), seconds, 0, sendLag);
    }

    RunResult result()
    {
        return new RunResult(receivedMeasured, seconds, sentMeasured - receivedMeasured, histogram);
    }
}
