package io.boomscooter.engine.cluster;

import io.boomscooter.codecs.subscriber.DropReason;
import io.boomscooter.codecs.subscriber.SubscribeStatus;
import io.boomscooter.driver.tcp.TcpClient;
import io.boomscooter.client.SubscribeRequest;
import io.boomscooter.client.SubscriberClient;
import io.boomscooter.client.SubscriberListener;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Subscribers against three real node processes with a producer running: history then live from the
 * leader and from a replica with no gap or duplicate, while a frozen subscriber on the leader neither
 * slows the producer's commits nor the other subscribers, and is dropped with a reason.
 */
class SubscriberClusterProcessTest
{
    @TempDir
    Path tmp;

    @Test
    void historyThenLiveFromLeaderAndReplicaWhileAFrozenSubscriberIsDropped() throws Exception
    {
        final long total = 120_000;
        final long rate = 20_000;
        try (ClusterHarness cluster = new ClusterHarness(tmp, 3, "boomscooter.subscriber.tcp.host=127.0.0.1\n" +
            "boomscooter.subscriber.lag.timeout.ms=1000\n"))
        {
            for (int i = 1; i <= 3; i++)
            {
                Files.writeString(cluster.config(i), "boomscooter.subscriber.tcp.port=" + port(cluster, i) + "\n",
                    StandardOpenOption.APPEND);
            }
            cluster.startAll();
            try (ClusterHarness.Producer producer = new ClusterHarness.Producer(cluster.channels(1, 2, 3), total, rate);
                TcpClient frozenConnection = new TcpClient(new InetSocketAddress("127.0.0.1", port(cluster, 1)), 65536,
                    0, 8192);
                SubscriberClient leader = SubscriberClient.tcp("127.0.0.1", port(cluster, 1)).autoRefill(2048);
                SubscriberClient replica = SubscriberClient.tcp("127.0.0.1", port(cluster, 2)).autoRefill(2048))
            {
                producer.awaitCommitted(20_000, 60);
                final SubscriberClient frozen = SubscriberClient.over(frozenConnection);
                frozen.subscribe(new SubscribeRequest().logId(ClusterHarness.LOG_ID).initialCredit(Long.MAX_VALUE / 2));
                final Checker fromLeader = new Checker();
                final Checker fromReplica = new Checker();
                leader.subscribe(new SubscribeRequest().logId(ClusterHarness.LOG_ID).startSeqno(1).endSeqno(total)
                    .initialCredit(2048));
                replica.subscribe(new SubscribeRequest().logId(ClusterHarness.LOG_ID).startSeqno(1).endSeqno(total)
                    .initialCredit(2048));

                final long startNs = System.nanoTime();
                producer.awaitTrue(() ->
                {
                    leader.poll(fromLeader);
                    replica.poll(fromReplica);
                    return fromLeader.complete && fromReplica.complete;
                }, 120, () -> "subscribers at " + fromLeader.next + " / " + fromReplica.next + ", producer committed " +
                    producer.committedUpTo());
                final double seconds = (System.nanoTime() - startNs) / 1e9;

                assertEquals(0, fromLeader.errors, fromLeader.firstError);
                assertEquals(0, fromReplica.errors, fromReplica.firstError);
                assertEquals(total + 1, fromLeader.next);
                assertEquals(total + 1, fromReplica.next);
                // at the producer's rate the commit never fell behind: nothing waited on the frozen subscriber
                producer.awaitCommitted(total, 10);
                assertTrue(seconds < (total / (double)rate) + 20, "took " + seconds + " s");

                // the frozen one was dropped; once it thaws it reads what was queued and then the reason
                final Checker thawed = new Checker();
                producer.awaitTrue(() ->
                {
                    frozen.poll(thawed);
                    return frozen.isDisconnected();
                }, 30, () -> "frozen subscriber never closed; read to " + thawed.next);
                assertEquals(DropReason.LAGGING, thawed.dropReason);
                assertTrue(thawed.next < total, "it was behind when dropped: " + thawed.next);
            }
        }
    }

    private static int port(final ClusterHarness cluster, final int nodeId)
    {
        return cluster.basePort + 500 + nodeId;
    }

    /** Checks seqnos arrive contiguous from 1, and the payload (the producer's own counter) matches. */
    private static final class Checker implements SubscriberListener
    {
        long next = 1;
        int errors;
        String firstError = "";
        boolean complete;
        DropReason dropReason;

        public void onSubscribeResponse(final long correlationId, final int logId, final SubscribeStatus status,
            final long earliestSeqno, final long commitSeqno, final String message)
        {
            if (SubscribeStatus.OK != status)
            {
                error("refused: " + status + " " + message);
            }
        }

        public void onEntry(final int logId, final long seqno, final long timestampNs, final long producerId,
            final long producerSeqno, final DirectBuffer buffer, final int channelOffset, final int channelLength,
            final int keyOffset, final int keyLength, final int payloadOffset, final int payloadLength)
        {
            if (seqno != next || buffer.getLong(payloadOffset) != producerSeqno)
            {
                error("expected " + next + " got " + seqno);
            }
            next = seqno + 1;
        }

        public void onComplete(final long correlationId, final int logId, final long lastSeqno, final long delivered,
            final io.boomscooter.codecs.subscriber.CompleteReason reason)
        {
            complete = true;
        }

        public void onDropped(final long correlationId, final int logId, final DropReason reason, final long lastSeqno,
            final String message)
        {
            dropReason = reason;
        }

        private void error(final String what)
        {
            if (0 == errors++)
            {
                firstError = what;
            }
        }
    }

    static long unusedTimeout()
    {
        return TimeUnit.SECONDS.toNanos(1);
    }
}
