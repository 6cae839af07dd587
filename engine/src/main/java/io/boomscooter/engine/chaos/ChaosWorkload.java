package io.boomscooter.engine.chaos;

import io.aeron.Aeron;
import io.boomscooter.driver.DriverProfile;
import io.boomscooter.driver.EmbeddedDriver;
import io.boomscooter.client.ProducerClient;
import io.boomscooter.client.SubscribeRequest;
import io.boomscooter.client.SubscriberClient;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The client side of a chaos run, in this JVM: producers writing unique values (producer id, producer
 * seqno) at a steady rate through any member, and one subscriber per node reading committed entries from
 * the start, reconnecting from where it stopped whenever its node dies, freezes or is cut off. Each keeps a
 * record for the checker.
 */
final class ChaosWorkload implements AutoCloseable
{
    private static final long SUBSCRIBER_SILENCE_NS = TimeUnit.SECONDS.toNanos(5);
    private static final long CREDIT = 8192;
    private static final long RECONNECT_NS = TimeUnit.MILLISECONDS.toNanos(250);

    private final ChaosNodes nodes;
    private final long ratePerProducer;
    private final List<ProducerRecord> producers = new ArrayList<>();
    private final List<SubscriberRecord> subscribers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean producing = true;
    private volatile boolean running = true;
    private volatile boolean drained;
    private volatile Throwable failure;
    private EmbeddedDriver driver;
    private Aeron aeron;

    ChaosWorkload(final ChaosNodes nodes, final int producerCount, final long ratePerProducer, final long seed)
    {
        this.nodes = nodes;
        this.ratePerProducer = ratePerProducer;
        for (int i = 0; i < producerCount; i++)
        {
            producers.add(new ProducerRecord(seed * 1_000 + i + 1));
        }
        for (int node = 1; node <= nodes.count(); node++)
        {
            subscribers.add(new SubscriberRecord(node));
        }
    }

    void start()
    {
        driver = EmbeddedDriver.launch(DriverProfile.SMALL);
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        final Thread producerThread = new Thread(this::produce, "chaos-producers");
        threads.add(producerThread);
        for (final SubscriberRecord record : subscribers)
        {
            threads.add(new Thread(() -> subscribe(record), "chaos-subscriber-" + record.node));
        }
        threads.forEach(Thread::start);
    }

    List<ProducerRecord> producers()
    {
        return producers;
    }

    List<SubscriberRecord> subscribers()
    {
        return subscribers;
    }

    Throwable failure()
    {
        return failure;
    }

    /** Stops offering new entries; producers keep polling so what they sent gets committed. */
    void stopProducing()
    {
        producing = false;
    }

    private void produce()
    {
        final List<ProducerClient> clients = new ArrayList<>();
        try
        {
            for (int i = 0; i < producers.size(); i++)
            {
                final List<String> channels = new ArrayList<>();
                for (int n = 0; n < nodes.count(); n++)
                {
                    channels.add(nodes.memberChannel((i + n) % nodes.count() + 1));
                }
                clients.add(new ProducerClient(aeron, channels, ChaosNodes.LOG_ID, producers.get(i).producerId,
                    producers.get(i), nodes.clientHost()));
            }
            final UnsafeBuffer payload = new UnsafeBuffer(ByteBuffer.allocateDirect(16));
            final long startNs = System.nanoTime();
            final long[] sent = new long[clients.size()];
            while (running)
            {
                final long nowNs = System.nanoTime();
                int work = 0;
                boolean allIdle = true;
                for (int i = 0; i < clients.size(); i++)
                {
                    final ProducerClient client = clients.get(i);
                    final ProducerRecord record = producers.get(i);
                    if (producing && (nowNs - startNs) * ratePerProducer / 1_000_000_000L > sent[i])
                    {
                        final long producerSeqno = client.nextProducerSeqno();
                        payload.putLong(0, record.producerId);
                        payload.putLong(8, producerSeqno);
                        if (client.offer(payload, 0, 0, payload, 0, 0, payload, 0, 16, nowNs) > 0)
                        {
                            record.sent(producerSeqno, nowNs);
                            sent[i]++;
                            work++;
                        }
                    }
                    work += client.poll();
                    if (client.unacknowledgedBytes() > 0)
                    {
                        allIdle = false;
                        record.waiting(nowNs);
                    }
                    else
                    {
                        record.idle(nowNs);
                    }
                }
                drained = !producing && allIdle;
                if (0 == work)
                {
                    Thread.onSpinWait();
                    Thread.yield();
                }
            }
        }
        catch (final Throwable t)
        {
            failure = t;
        }
        finally
        {
            CloseHelper.closeAll(clients);
        }
    }

    /** @return true once producing stopped and no producer has entries waiting for a commit. */
    boolean drained()
    {
        return drained;
    }

    private void subscribe(final SubscriberRecord record)
    {
        SubscriberClient client = null;
        long lastConnectNs = 0;
        long lastCount = -1;
        long lastProgressNs = System.nanoTime();
        while (running)
        {
            final long nowNs = System.nanoTime();
            try
            {
                if (null == client)
                {
                    if (nowNs - lastConnectNs < RECONNECT_NS)
                    {
                        Thread.sleep(10);
                        continue;
                    }
                    lastConnectNs = nowNs;
                    client = SubscriberClient.tcp(nodes.host(record.node), nodes.subscriberPort(record.node))
                        .autoRefill(CREDIT);
                    record.restarted();
                    client.subscribe(new SubscribeRequest().logId(ChaosNodes.LOG_ID).startSeqno(record.nextSeqno())
                        .initialCredit(CREDIT));
                    lastProgressNs = nowNs;
                }
                if (client.poll(record) == 0)
                {
                    Thread.sleep(1);
                }
                if (record.count() != lastCount)
                {
                    lastCount = record.count();
                    lastProgressNs = nowNs;
                }
                if (record.ended() || nowNs - lastProgressNs > SUBSCRIBER_SILENCE_NS)
                {
                    if (!record.ended())
                    {
                        record.problem("silent for 5 s at seqno " + record.nextSeqno());
                    }
                    // the node died, was frozen or cut off, or dropped us: start again where we stopped
                    client.close();
                    client = null;
                }
            }
            catch (final InterruptedException ex)
            {
                break;
            }
            catch (final RuntimeException ex)
            {
                record.problem(ex.toString());
                CloseHelper.quietClose(client);
                client = null; // could not connect (node down or unreachable): retry
            }
        }
        CloseHelper.quietClose(client);
    }

    public void close()
    {
        running = false;
        for (final Thread thread : threads)
        {
            try
            {
                thread.join(30_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        CloseHelper.closeAll(aeron, driver);
    }
}
