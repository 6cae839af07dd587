package io.boomscooter.perf;

import io.boomscooter.client.SubscribeRequest;
import io.boomscooter.client.SubscriberClient;
import io.boomscooter.client.SubscriberListener;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.ArrayList;
import java.util.List;

/**
 * Extra full subscribers on a replica, for the cost of each one more: they subscribe from seqno 1 with
 * auto-refilled credit and are polled on one thread of their own (backoff idle, as the small profile), so the
 * node fans every entry out to all of them while one more subscriber measures delivery.
 */
final class LoadSubscribers implements AutoCloseable, Runnable, SubscriberListener
{
    private final List<SubscriberClient> clients = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private long entries;

    LoadSubscribers(final ReplicatedCluster cluster, final int nodeId, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final SubscriberClient client = SubscriberClient.tcp("localhost", cluster.subscriberTcpPort(nodeId))
                .autoRefill(8192);
            client.subscribe(new SubscribeRequest().logId(ReplicatedCluster.LOG_ID).startSeqno(1).initialCredit(8192));
            clients.add(client);
        }
        thread = new Thread(this, "boomscooter-bench-load-subscribers");
        thread.setDaemon(true);
        thread.start();
    }

    public void run()
    {
        final IdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 1_000_000);
        while (running)
        {
            int work = 0;
            for (int i = 0, n = clients.size(); i < n; i++)
            {
                work += clients.get(i).poll(this);
            }
            idle.idle(work);
        }
    }

    public void onEntry(final int logId, final long seqno, final long timestampNs, final long producerId,
        final long producerSeqno, final DirectBuffer buffer, final int channelOffset, final int channelLength,
        final int keyOffset, final int keyLength, final int payloadOffset, final int payloadLength)
    {
        entries++;
    }

    public void close()
    {
        running = false;
        Deadlines.join(thread, java.util.concurrent.TimeUnit.SECONDS.toNanos(10));
        CloseHelper.closeAll(clients);
    }
}
