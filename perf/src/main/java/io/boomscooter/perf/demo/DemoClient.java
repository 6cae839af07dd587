package io.boomscooter.perf.demo;

import io.aeron.Aeron;
import io.boomscooter.codecs.ingress.SubmitStatus;
import io.boomscooter.client.ProducerClient;
import io.boomscooter.client.ProducerListener;
import io.boomscooter.engine.subscriber.NotifiedLogSubscriber;
import io.boomscooter.client.SubscribeRequest;
import io.boomscooter.client.SubscriberClient;
import io.boomscooter.perf.OpenLoopSchedule;
import io.boomscooter.perf.ReplicatedCluster;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The demo's client side on one thread: a producer at a steady rate, a full subscriber on one replica
 * (TCP) and a notification-only reader of another replica's segment files, all polled in one duty cycle.
 * Each entry's intended send time is kept by producer seqno, so commit, subscriber and file-reader
 * latencies are measured from when the entry should have been sent (corrected for coordinated omission).
 * The duty cycle does not allocate.
 */
final class DemoClient implements Runnable, ProducerListener
{
    static final int LOG_ID = ReplicatedCluster.LOG_ID;
    private static final long UNKNOWN = Long.MIN_VALUE;
    private static final int RING = 1 << 20;
    private static final long HIGHEST_NS = TimeUnit.SECONDS.toNanos(60);

    final Histogram commitLatency = new Histogram(HIGHEST_NS, 3);
    final Histogram subscriberLatency = new Histogram(HIGHEST_NS, 3);
    final Histogram notifiedLatency = new Histogram(HIGHEST_NS, 3);
    final ContiguousSeqnoListener subscribed = new ContiguousSeqnoListener(1);
    final ContiguousSeqnoListener notified = new ContiguousSeqnoListener(1);

    private final ReplicatedCluster cluster;
    private final Aeron aeron;
    private final DemoSettings settings;
    private final long[] intendedNs = new long[RING];
    private final UnsafeBuffer channel = new UnsafeBuffer("demo.ticks".getBytes(StandardCharsets.US_ASCII));
    private final UnsafeBuffer payload;
    private final IdleStrategy idle;
    private final org.agrona.concurrent.AgentInvoker conductor;

    private long seqnoOffset = UNKNOWN;
    private long measureFromSeqno = Long.MAX_VALUE;
    private long commitRecorded;
    private long subscriberRecorded;
    private long notifiedRecorded;
    volatile long sent;
    volatile long committed;
    volatile boolean stop;
    volatile boolean done;
    volatile long measureStartNs;
    volatile long measureEndNs;
    volatile Throwable failure;

    DemoClient(final ReplicatedCluster cluster, final Aeron aeron, final DemoSettings settings)
    {
        this.cluster = cluster;
        this.aeron = aeron;
        this.settings = settings;
        this.payload = new UnsafeBuffer(ByteBuffer.allocateDirect(Math.max(8, settings.size)));
        // the same idle strategy as every other thread of the profile: on 2 cores a client that spins
        // harder than the nodes takes the CPU they need
        this.idle = settings.profile.newIdleStrategy();
        this.conductor = aeron.conductorAgentInvoker();
    }

    public void run()
    {
        try
        {
            cluster.awaitLogsCreated(TimeUnit.SECONDS.toNanos(30));
        }
        catch (final RuntimeException ex)
        {
            failure = ex;
            done = true;
            return;
        }
        try (ProducerClient producer = new ProducerClient(aeron, cluster.memberChannels(), LOG_ID,
            ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE), this, "localhost");
            SubscriberClient subscriber = SubscriberClient.tcp("localhost", cluster.subscriberTcpPort(2)).autoRefill(8192);
            NotifiedLogSubscriber reader = new NotifiedLogSubscriber(
                SubscriberClient.tcp("localhost", cluster.subscriberTcpPort(3)), cluster.logDir(3), LOG_ID, 1))
        {
            subscriber.subscribe(new SubscribeRequest().logId(LOG_ID).startSeqno(1).initialCredit(8192));
            reader.subscribe(0, null);
            loop(producer, subscriber, reader);
        }
        catch (final Throwable ex)
        {
            failure = ex;
        }
        finally
        {
            done = true;
        }
    }

    private void loop(final ProducerClient producer, final SubscriberClient subscriber,
        final NotifiedLogSubscriber reader)
    {
        final long connectDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!producer.isConnected() && !stop)
        {
            idle.idle(producer.poll() + invokeConductor());
            if (System.nanoTime() > connectDeadline)
            {
                throw new IllegalStateException("the leader did not answer the producer within 30 s");
            }
        }
        final long startNs = System.nanoTime();
        measureStartNs = startNs + TimeUnit.SECONDS.toNanos(settings.warmupSeconds);
        final long produceUntilNs = settings.count > 0 ? Long.MAX_VALUE :
            startNs + TimeUnit.SECONDS.toNanos(settings.warmupSeconds + settings.seconds);
        final OpenLoopSchedule schedule = new OpenLoopSchedule(startNs, settings.rate);
        long drainDeadlineNs = Long.MAX_VALUE;
        long lastSent = 0;
        while (!stop)
        {
            final long nowNs = System.nanoTime();
            int work = 0;
            final boolean producing = settings.count > 0 ? lastSent < settings.count : nowNs - produceUntilNs < 0;
            if (producing && schedule.isDue(nowNs) && lastSent - subscribed.lastSeqno() < RING / 2)
            {
                final long intended = schedule.intendedNs();
                payload.putLong(0, intended);
                final long producerSeqno = producer.offer(channel, 0, channel.capacity(), channel, 0, 0,
                    payload, 0, settings.size, intended);
                if (producerSeqno > 0)
                {
                    intendedNs[(int)(producerSeqno & (RING - 1))] = intended;
                    if (intended - measureStartNs >= 0 && measureFromSeqno == Long.MAX_VALUE)
                    {
                        measureFromSeqno = producerSeqno;
                    }
                    lastSent = producerSeqno;
                    sent = lastSent;
                    schedule.advance();
                    work++;
                }
            }
            else if (!producing && drainDeadlineNs == Long.MAX_VALUE)
            {
                measureEndNs = nowNs;
                drainDeadlineNs = nowNs + TimeUnit.SECONDS.toNanos(15);
            }
            work += producer.poll();
            work += invokeConductor();
            work += subscriber.poll(subscribed);
            work += reader.poll(notified, 256);
            work += record(producer.commitSeqno(), commitLatency, 0, nowNs);
            work += record(subscribed.lastSeqno(), subscriberLatency, 1, nowNs);
            work += record(notified.lastSeqno(), notifiedLatency, 2, nowNs);
            if (!producing && ((committed >= lastSent && subscribed.lastSeqno() >= lastSent + offset() &&
                notified.lastSeqno() >= lastSent + offset()) || nowNs - drainDeadlineNs > 0))
            {
                break;
            }
            idle.idle(work);
        }
        if (0 == measureEndNs)
        {
            measureEndNs = System.nanoTime();
        }
    }

    private int invokeConductor()
    {
        return null == conductor ? 0 : conductor.invoke();
    }

    long ratePerSecond()
    {
        return settings.rate;
    }

    private long offset()
    {
        return UNKNOWN == seqnoOffset ? 0 : seqnoOffset;
    }

    /**
     * Records latency for every producer seqno newly covered by a delivered log seqno.
     */
    private int record(final long deliveredSeqno, final Histogram histogram, final int which, final long nowNs)
    {
        if (UNKNOWN == seqnoOffset)
        {
            return 0;
        }
        final long upTo = Math.min(deliveredSeqno - seqnoOffset, sent);
        long from = 0 == which ? commitRecorded : 1 == which ? subscriberRecorded : notifiedRecorded;
        if (upTo <= from)
        {
            return 0;
        }
        for (long p = Math.max(from + 1, upTo - RING + 1); p <= upTo; p++)
        {
            if (p >= measureFromSeqno)
            {
                histogram.recordValue(Math.min(Math.max(0, nowNs - intendedNs[(int)(p & (RING - 1))]), HIGHEST_NS));
            }
        }
        if (0 == which)
        {
            commitRecorded = upTo;
            committed = upTo;
        }
        else if (1 == which)
        {
            subscriberRecorded = upTo;
        }
        else
        {
            notifiedRecorded = upTo;
        }
        return 1;
    }

    public void onAck(final int logId, final long producerSeqno, final long seqno, final long commitSeqno,
        final long timestampNs, final SubmitStatus status, final long epoch)
    {
        if (UNKNOWN == seqnoOffset && status == SubmitStatus.APPENDED)
        {
            // one producer on a fresh log: log seqno and producer seqno differ by a constant
            seqnoOffset = seqno - producerSeqno;
        }
    }

    public void onCommit(final int logId, final long commitSeqno, final long epoch)
    {
    }

    public void onReject(final int logId, final long producerSeqno, final long expected, final SubmitStatus status)
    {
    }
}
