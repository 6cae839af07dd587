package io.boomscooter.perf.cluster;

import io.aeron.Publication;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.logbuffer.Header;
import io.boomscooter.perf.BenchSettings;
import io.boomscooter.perf.OpenLoopSchedule;
import io.boomscooter.perf.RunResult;
import org.HdrHistogram.Histogram;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.function.LongSupplier;

/**
 * The open-loop Aeron Cluster client thread, the counterpart of our producer and the raw pinger: offers a
 * message at every intended time of a fixed-rate schedule (latency) or as fast as the in-flight bound allows
 * (throughput), each carrying its intended send time and a sequence number, and records round trip =
 * echo arrival - intended send time, so coordinated omission is corrected as on our side. It also checks
 * that echoes come back once each and in order. Everything is allocated up front; the loop never allocates.
 */
final class ClusterClientLoop implements Runnable, EgressListener
{
    private static final int INTENDED_OFFSET = 0;
    private static final int SEQUENCE_OFFSET = 8;

    private AeronCluster client;
    private final AgentInvoker conductor;
    private final IdleStrategy idle;
    private final BenchSettings settings;
    private final boolean saturate;
    private final Histogram histogram;
    private final Histogram sendLag;
    private final UnsafeBuffer message;
    private final LongSupplier bytesSent;
    private long measureStartNs;
    private long endNs;
    private long sent;
    private long received;
    private long sentMeasured;
    private long receivedMeasured;
    private long receivedInWindow;
    private long bytesAtStart = -1;
    private long bytesAtEnd = -1;
    long outOfOrder;
    long backPressured;
    volatile Throwable failure;

    ClusterClientLoop(final AgentInvoker conductor, final IdleStrategy idle, final BenchSettings settings,
        final boolean saturate, final Histogram histogram, final LongSupplier bytesSent)
    {
        this.conductor = conductor;
        this.idle = idle;
        this.settings = settings;
        this.saturate = saturate;
        this.histogram = histogram;
        this.bytesSent = bytesSent;
        this.sendLag = new Histogram(histogram.getHighestTrackableValue(), 3);
        this.message = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            BitUtil.align(settings.messageSize(), 64), 64));
    }

    /**
     * The client takes this object as its egress listener, so it is attached after both exist.
     */
    void attach(final AeronCluster client)
    {
        this.client = client;
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
        endNs = measureStartNs + settings.seconds() * 1_000_000_000L;
        final long drainDeadlineNs = endNs + settings.drainTimeoutNs();
        final OpenLoopSchedule schedule = new OpenLoopSchedule(startNs, settings.ratePerSecond());
        final int size = settings.messageSize();
        final long window = settings.maxInFlight();
        while (true)
        {
            final long nowNs = System.nanoTime();
            int work = 0;
            if (nowNs - endNs < 0 && sent - received < window && (saturate || schedule.isDue(nowNs)))
            {
                final long intendedNs = saturate ? nowNs : schedule.intendedNs();
                message.putLong(INTENDED_OFFSET, intendedNs);
                message.putLong(SEQUENCE_OFFSET, sent);
                final long result = client.offer(message, 0, size);
                if (result > 0)
                {
                    sent++;
                    if (intendedNs - measureStartNs >= 0)
                    {
                        sentMeasured++;
                        sendLag.recordValue(Math.min(Math.max(0, nowNs - intendedNs),
                            sendLag.getHighestTrackableValue()));
                    }
                    schedule.advance();
                    work++;
                }
                else if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
                {
                    backPressured++;
                }
                else
                {
                    throw new IllegalStateException("Aeron Cluster ingress offer failed: " +
                        Publication.errorString(result));
                }
            }
            work += client.pollEgress();
            work += conductor.invoke();
            if (bytesAtStart < 0 && nowNs - measureStartNs >= 0)
            {
                bytesAtStart = bytesSent.getAsLong();
            }
            if (bytesAtEnd < 0 && nowNs - endNs >= 0)
            {
                bytesAtEnd = bytesSent.getAsLong();
            }
            if (nowNs - endNs >= 0 && (received >= sent || nowNs - drainDeadlineNs > 0))
            {
                break;
            }
            idle.idle(work);
        }
    }

    public void onMessage(final long clusterSessionId, final long timestamp, final DirectBuffer buffer,
        final int offset, final int length, final Header header)
    {
        final long nowNs = System.nanoTime();
        final long intendedNs = buffer.getLong(offset + INTENDED_OFFSET);
        final long sequence = buffer.getLong(offset + SEQUENCE_OFFSET);
        if (sequence != received)
        {
            outOfOrder++;
        }
        received++;
        if (intendedNs - measureStartNs >= 0)
        {
            histogram.recordValue(Math.min(nowNs - intendedNs, histogram.getHighestTrackableValue()));
            receivedMeasured++;
        }
        if (nowNs - measureStartNs >= 0 && nowNs - endNs < 0)
        {
            receivedInWindow++;
        }
    }

    long sent()
    {
        return sent;
    }

    long received()
    {
        return received;
    }

    RunResult result()
    {
        return new RunResult(receivedInWindow, settings.seconds(), sentMeasured - receivedMeasured, histogram,
            bytesAtStart >= 0 && bytesAtEnd >= 0 ? bytesAtEnd - bytesAtStart : -1);
    }

    RunResult sendLagResult()
    {
        return new RunResult(sendLag.getTotalCount(), settings.seconds(), 0, sendLag);
    }
}
