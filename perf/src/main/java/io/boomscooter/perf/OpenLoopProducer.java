package io.boomscooter.perf;

import io.aeron.Aeron;
import io.boomscooter.codecs.ingress.SubmitStatus;
import io.boomscooter.client.ProducerClient;
import io.boomscooter.client.ProducerListener;
import org.HdrHistogram.Histogram;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

/**
 * The producer thread of {@link ReplicatedPathBenchmark}: offers entries open-loop at a fixed rate
 * (latency) or as fast as the in-flight bound allows (throughput), remembers each entry's intended send
 * time in a ring indexed by producer seqno, and records intended-to-delivered latency as the delivery
 * point advances. Everything is allocated up front; the duty cycle never allocates.
 */
final class OpenLoopProducer implements Runnable, ProducerListener
{
    private static final long UNKNOWN = Long.MIN_VALUE;
    private static final int MAX_RING = 1 << 22;

    private ProducerClient producer;
    private DeliveryPoint delivery;
    private final AgentInvoker conductor;
    /** The producer's own media driver when it runs in INVOKER mode (single-thread profile), else null. */
    private final AgentInvoker driver;
    private final IdleStrategy idle;
    private final BenchSettings settings;
    private final boolean saturate;
    private final Histogram histogram;
    private final long[] intendedNs;
    private final int mask;
    private final UnsafeBuffer channel = new UnsafeBuffer("bench".getBytes(StandardCharsets.US_ASCII));
    private final UnsafeBuffer payload;
    private final Histogram ackHistogram;
    private final Histogram sendLagHistogram;
    private final java.util.function.LongSupplier bytesSent;
    private long bytesAtStart = -1;
    private long bytesAtEnd = -1;
    private long acked;

    // log seqno - producer seqno; one producer on a fresh log makes it constant, learnt from the first ack
    private long seqnoOffset = UNKNOWN;
    private long measureStartNs;
    private long endNs;
    private long lastSent;
    private long delivered;
    private long sentMeasured;
    private long deliveredMeasured;
    private long deliveredInWindow;
    long backPressured;
    long rejected;
    long acks;
    volatile Throwable failure;

    OpenLoopProducer(final Aeron aeron, final IdleStrategy idle, final BenchSettings settings, final boolean saturate,
        final Histogram histogram, final Histogram ackHistogram, final java.util.function.LongSupplier bytesSent)
    {
        this.ackHistogram = ackHistogram;
        this.bytesSent = bytesSent;
        this.conductor = aeron.conductorAgentInvoker();
        this.driver = aeron.context().driverAgentInvoker();
        this.idle = idle;
        this.settings = settings;
        this.saturate = saturate;
        this.histogram = histogram;
        // big enough to keep every intended time of a latency run for the post-run breakdown (capped)
        final long total = saturate ? 0 : settings.ratePerSecond() *
            (settings.warmupSeconds() + settings.seconds() + 1);
        final int slots = (int)Math.min(MAX_RING, Math.max(settings.maxInFlight(),
            Long.highestOneBit(Math.max(1, total)) << 1));
        this.intendedNs = new long[slots];
        this.mask = slots - 1;
        this.sendLagHistogram = new Histogram(histogram.getHighestTrackableValue(), 3);
        this.payload = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            BitUtil.align(settings.messageSize(), 64), 64));
    }

    /**
     * The producer takes this object as its listener, so it is attached after both exist.
     */
    void attach(final ProducerClient producer, final DeliveryPoint delivery)
    {
        this.producer = producer;
        this.delivery = delivery;
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

    private void awaitConnected()
    {
        final long deadlineNs = System.nanoTime() + Deadlines.CONNECT_TIMEOUT_NS;
        while (!producer.isConnected())
        {
            final int work = producer.poll() + conductor.invoke() + (null == driver ? 0 : driver.invoke());
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("the leader did not answer the producer within " +
                    Deadlines.CONNECT_TIMEOUT_NS / 1_000_000 + " ms");
            }
            idle.idle(work);
        }
    }

    private void loop()
    {
        awaitConnected();
        final long startNs = System.nanoTime();
        measureStartNs = startNs + settings.warmupSeconds() * 1_000_000_000L;
        endNs = measureStartNs + settings.seconds() * 1_000_000_000L;
        final long drainDeadlineNs = endNs + settings.drainTimeoutNs();
        final OpenLoopSchedule schedule = new OpenLoopSchedule(startNs, settings.ratePerSecond());
        final int size = settings.messageSize();
        final long window = settings.maxInFlight();
        lastSent = producer.nextProducerSeqno() - 1;
        delivered = lastSent;
        acked = lastSent;
        while (true)
        {
            final long nowNs = System.nanoTime();
            int work = 0;
            if (nowNs - endNs < 0 && lastSent - delivered < window && (saturate || schedule.isDue(nowNs)))
            {
                final long intended = saturate ? nowNs : schedule.intendedNs();
                final long producerSeqno = producer.offer(channel, 0, channel.capacity(), channel, 0, 0,
                    payload, 0, size, intended);
                if (producerSeqno > 0)
                {
                    intendedNs[(int)(producerSeqno & mask)] = intended;
                    if (intended - measureStartNs >= 0)
                    {
                        // how late the load generator itself was: its own idle strategy's parks show here
                        sendLagHistogram.recordValue(Math.min(Math.max(0, nowNs - intended),
                            sendLagHistogram.getHighestTrackableValue()));
                    }
                    lastSent = producerSeqno;
                    if (intended - measureStartNs >= 0)
                    {
                        sentMeasured++;
                    }
                    schedule.advance();
                    work++;
                }
                else if (producerSeqno == ProducerClient.BACK_PRESSURED)
                {
                    backPressured++;
                }
            }
            work += producer.poll();
            work += delivery.poll();
            work += conductor.invoke() + (null == driver ? 0 : driver.invoke());
            work += recordDeliveries();
            if (bytesAtStart < 0 && nowNs - measureStartNs >= 0)
            {
                bytesAtStart = bytesSent.getAsLong();
            }
            if (bytesAtEnd < 0 && nowNs - endNs >= 0)
            {
                bytesAtEnd = bytesSent.getAsLong();
            }
            if (nowNs - endNs >= 0 && (delivered >= lastSent || nowNs - drainDeadlineNs > 0))
            {
                break;
            }
            idle.idle(work);
        }
    }

    private int recordDeliveries()
    {
        if (UNKNOWN == seqnoOffset)
        {
            return 0;
        }
        final long upTo = Math.min(delivery.deliveredSeqno() - seqnoOffset, lastSent);
        if (upTo <= delivered)
        {
            return 0;
        }
        final long nowNs = System.nanoTime();
        final long max = histogram.getHighestTrackableValue();
        final boolean inWindow = nowNs - measureStartNs >= 0 && nowNs - endNs < 0;
        for (long p = delivered + 1; p <= upTo; p++)
        {
            final long intended = intendedNs[(int)(p & mask)];
            if (intended - measureStartNs >= 0)
            {
                histogram.recordValue(Math.min(nowNs - intended, max));
                deliveredMeasured++;
            }
        }
        if (inWindow)
        {
            deliveredInWindow += upTo - delivered;
        }
        delivered = upTo;
        return 1;
    }

    public void onAck(final int logId, final long producerSeqno, final long seqno, final long commitSeqno,
        final long timestampNs, final SubmitStatus status, final long epoch)
    {
        acks++;
        if (status != SubmitStatus.APPENDED)
        {
            return;
        }
        if (UNKNOWN == seqnoOffset && seqno > 0)
        {
            seqnoOffset = seqno - producerSeqno;
        }
        // first hop of the path: the leader appended the entry and said so (acks are cumulative)
        final long upTo = Math.min(producerSeqno, lastSent);
        if (upTo > acked)
        {
            final long nowNs = System.nanoTime();
            final long max = ackHistogram.getHighestTrackableValue();
            for (long p = acked + 1; p <= upTo; p++)
            {
                final long intended = intendedNs[(int)(p & mask)];
                if (intended - measureStartNs >= 0)
                {
                    ackHistogram.recordValue(Math.min(nowNs - intended, max));
                }
            }
            acked = upTo;
        }
    }

    public void onCommit(final int logId, final long commitSeqno, final long epoch)
    {
        // read through the delivery point instead, which may be further down the path
    }

    public void onReject(final int logId, final long producerSeqno, final long expectedProducerSeqno,
        final SubmitStatus status)
    {
        rejected++;
    }

    RunResult result()
    {
        return new RunResult(deliveredInWindow, settings.seconds(), sentMeasured - deliveredMeasured, histogram,
            bytesAtStart >= 0 && bytesAtEnd >= 0 ? bytesAtEnd - bytesAtStart : -1);
    }

    RunResult sendLagResult()
    {
        return new RunResult(sendLagHistogram.getTotalCount(), settings.seconds(), 0, sendLagHistogram);
    }

    /**
     * @param producerSeqno an entry sent in the measured window of a latency run.
     * @return its intended send time, or {@link Long#MIN_VALUE} when unknown (ring overwritten, outside
     * the window, seqno mapping not learnt).
     */
    long intendedNsOfSeqno(final long seqno)
    {
        if (UNKNOWN == seqnoOffset)
        {
            return Long.MIN_VALUE;
        }
        final long producerSeqno = seqno - seqnoOffset;
        if (producerSeqno <= 0 || producerSeqno > lastSent || lastSent - producerSeqno >= intendedNs.length)
        {
            return Long.MIN_VALUE;
        }
        final long intended = intendedNs[(int)(producerSeqno & mask)];
        return intended - measureStartNs >= 0 ? intended : Long.MIN_VALUE;
    }

    RunResult ackResult()
    {
        return new RunResult(acked, settings.seconds(), 0, ackHistogram);
    }
}
