package io.boomscooter.perf;

import io.aeron.Aeron;
import io.boomscooter.client.ProducerClient;
import io.boomscooter.client.ProducerListener;
import io.boomscooter.codecs.ingress.SubmitStatus;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Producers of the other logs of a many-logs point: one per log (ids after ReplicatedCluster.LOG_ID), each
 * offering at a fixed rate (open loop; an offer refused for back-pressure is retried, never skipped), all on one
 * thread of their own with an Aeron client of their own (backoff idle, as the small profile), so the nodes
 * replicate and commit every log while the benchmark measures one.
 */
final class LoadProducers implements AutoCloseable, Runnable, ProducerListener
{
    private final Aeron aeron;
    private final List<ProducerClient> producers = new ArrayList<>();
    private final long[] sent;
    private final long ratePerLog;
    private final int payloadBytes;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long committed;
    private final long[] commitByLog;

    LoadProducers(final ReplicatedCluster cluster, final int logs, final long ratePerLog, final int payloadBytes)
    {
        this.ratePerLog = ratePerLog;
        this.payloadBytes = payloadBytes;
        this.aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(cluster.clientAeronDirectoryName()));
        for (int i = 1; i <= logs; i++)
        {
            producers.add(cluster.newProducer(aeron, (System.nanoTime() + i) & Long.MAX_VALUE, this,
                ReplicatedCluster.LOG_ID + i));
        }
        sent = new long[logs];
        commitByLog = new long[logs + 2];
        thread = new Thread(this, "boomscooter-bench-load-producers");
        thread.setDaemon(true);
        thread.start();
    }

    public void run()
    {
        final IdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 1_000_000);
        final UnsafeBuffer channel = new UnsafeBuffer("load".getBytes(StandardCharsets.US_ASCII));
        final UnsafeBuffer payload = new UnsafeBuffer(ByteBuffer.allocateDirect(Math.max(8, payloadBytes)));
        final long startNs = System.nanoTime();
        while (running)
        {
            int work = 0;
            final long due = (System.nanoTime() - startNs) * ratePerLog / 1_000_000_000L;
            for (int i = 0, n = producers.size(); i < n; i++)
            {
                final ProducerClient producer = producers.get(i);
                work += producer.poll();
                if (producer.isConnected() && sent[i] < due &&
                    producer.offer(channel, 0, channel.capacity(), payload, 0, 0, payload, 0, payloadBytes,
                    System.nanoTime()) > 0)
                {
                    sent[i]++;
                    work++;
                }
            }
            idle.idle(work);
        }
    }

    /**
     * @return the sum over the other logs of the commit seqno their producers heard.
     */
    long committed()
    {
        return committed;
    }

    public void onAck(final int logId, final long producerSeqno, final long seqno, final long commitSeqno,
        final long timestampNs, final SubmitStatus status, final long epoch)
    {
        onCommit(logId, commitSeqno, epoch);
    }

    public void onCommit(final int logId, final long commitSeqno, final long epoch)
    {
        final int index = logId - ReplicatedCluster.LOG_ID;
        if (index > 0 && index < commitByLog.length && commitSeqno > commitByLog[index])
        {
            committed += commitSeqno - commitByLog[index];
            commitByLog[index] = commitSeqno;
        }
    }

    public void onReject(final int logId, final long producerSeqno, final long expected, final SubmitStatus status)
    {
    }

    public void close()
    {
        running = false;
        try
        {
            thread.join(10_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        CloseHelper.quietCloseAll(producers);
        CloseHelper.quietClose(aeron);
        System.err.println("bench: the " + producers.size() + " other logs committed " + committed + " entries");
    }
}
