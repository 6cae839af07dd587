package io.boomscooter.engine.cluster;

import io.boomscooter.codecs.subscriber.CompleteReason;
import io.boomscooter.driver.tcp.TcpClient;
import io.boomscooter.client.SubscribeRequest;
import io.boomscooter.client.SubscriberClient;
import io.boomscooter.client.SubscriberListener;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * 1,000 concurrent TCP subscribers on one replica of a real three-node cluster (node processes), each
 * receiving every entry in order while a producer runs: the first half from history, the rest live.
 */
class ThousandSubscribersProcessTest
{
    private static final int SUBSCRIBERS = 1000;
    private static final long ENTRIES = 2000;

    @TempDir
    Path tmp;

    @Test
    void thousandTcpSubscribersOnOneNodeReceiveEveryEntry() throws Exception
    {
        try (ClusterHarness cluster = new ClusterHarness(tmp, 3, "boomscooter.subscriber.tcp.host=127.0.0.1\n" +
            "boomscooter.subscriber.tcp.send.buffer.length=32768\n"))
        {
            final int port = cluster.basePort + 600;
            Files.writeString(cluster.config(2), "boomscooter.subscriber.tcp.port=" + port + "\n",
                StandardOpenOption.APPEND);
            cluster.startAll();
            final SubscriberClient[] clients = new SubscriberClient[SUBSCRIBERS];
            final Counter[] counters = new Counter[SUBSCRIBERS];
            try (ClusterHarness.Producer producer = new ClusterHarness.Producer(cluster.channels(1, 2, 3), ENTRIES, 1000))
            {
                producer.awaitCommitted(ENTRIES / 2, 60);
                for (int i = 0; i < SUBSCRIBERS; i++)
                {
                    clients[i] = SubscriberClient.over(new TcpClient(new InetSocketAddress("127.0.0.1", port), 4096,
                        16 * 1024, 0));
                    counters[i] = new Counter();
                    clients[i].subscribe(new SubscribeRequest().logId(ClusterHarness.LOG_ID).startSeqno(1)
                        .endSeqno(ENTRIES).initialCredit(ENTRIES));
                }
                producer.awaitTrue(() ->
                {
                    boolean all = true;
                    for (int i = 0; i < SUBSCRIBERS; i++)
                    {
                        clients[i].poll(counters[i]);
                        all &= counters[i].complete;
                    }
                    return all;
                }, 180, () -> "not every subscriber completed; first: " + counters[0]);
            }
            finally
            {
                CloseHelper.quietCloseAll(clients);
            }
            for (final Counter counter : counters)
            {
                assertEquals(ENTRIES, counter.received, counter.toString());
                assertEquals(0, counter.outOfOrder, counter.toString());
            }
        }
    }

    private static final class Counter implements SubscriberListener
    {
        long next = 1;
        long received;
        long outOfOrder;
        boolean complete;

        public void onEntry(final int logId, final long seqno, final long timestampNs, final long producerId,
            final long producerSeqno, final DirectBuffer buffer, final int channelOffset, final int channelLength,
            final int keyOffset, final int keyLength, final int payloadOffset, final int payloadLength)
        {
            if (seqno != next)
            {
                outOfOrder++;
            }
            next = seqno + 1;
            received++;
        }

        public void onComplete(final long correlationId, final int logId, final long lastSeqno, final long delivered,
            final CompleteReason reason)
        {
            complete = true;
        }

        public String toString()
        {
            return "received=" + received + " next=" + next + " outOfOrder=" + outOfOrder + " complete=" + complete;
        }
    }
}
