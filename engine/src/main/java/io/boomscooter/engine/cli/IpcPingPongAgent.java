package io.boomscooter.engine.cli;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * Sends timestamps at a fixed rate on one IPC stream, echoes them back on another, and records the
 * round trip. Allocation-free in its duty cycle.
 */
final class IpcPingPongAgent implements Agent
{
    private static final String CHANNEL = "aeron:ipc";
    private static final int PING_STREAM = 1001;
    private static final int PONG_STREAM = 1002;

    private final Histogram histogram;
    private final long intervalNs;
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
    private final FragmentHandler echo = (b, offset, length, header) -> echo(b.getLong(offset));
    private final FragmentHandler record = (b, offset, length, header) -> record(b.getLong(offset));
    private Publication ping;
    private Publication pong;
    private Subscription pingSub;
    private Subscription pongSub;
    private long nextSendNs;
    private volatile long received;

    IpcPingPongAgent(final Histogram histogram, final int ratePerSecond)
    {
        this.histogram = histogram;
        this.intervalNs = 1_000_000_000L / ratePerSecond;
    }

    Agent connect(final Aeron aeron)
    {
        ping = aeron.addExclusivePublication(CHANNEL, PING_STREAM);
        pong = aeron.addExclusivePublication(CHANNEL, PONG_STREAM);
        pingSub = aeron.addSubscription(CHANNEL, PING_STREAM);
        pongSub = aeron.addSubscription(CHANNEL, PONG_STREAM);
        return this;
    }

    long received()
    {
        return received;
    }

    public int doWork()
    {
        int work = 0;
        final long nowNs = System.nanoTime();
        if (nowNs >= nextSendNs && ping.isConnected())
        {
            buffer.putLong(0, nowNs);
            if (ping.offer(buffer, 0, 8) > 0)
            {
                nextSendNs = (0 == nextSendNs ? nowNs : nextSendNs) + intervalNs;
                work++;
            }
        }
        work += pingSub.poll(echo, 10);
        work += pongSub.poll(record, 10);
        return work;
    }

    private void echo(final long timestampNs)
    {
        buffer.putLong(8, timestampNs);
        while (pong.offer(buffer, 8, 8) < 0 && pong.isConnected())
        {
            Thread.onSpinWait();
        }
    }

    private void record(final long timestampNs)
    {
        histogram.recordValue(Math.min(System.nanoTime() - timestampNs, histogram.getHighestTrackableValue()));
        received++;
    }

    public void onClose()
    {
        org.agrona.CloseHelper.closeAll(ping, pong, pingSub, pongSub);
    }

    public String roleName()
    {
        return "ipc-ping-pong";
    }
}
