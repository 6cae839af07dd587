package io.boomscooter.engine.cluster;

import io.boomscooter.client.ClusterStreams;

import io.aeron.Aeron;
import io.boomscooter.codecs.ingress.SubmitStatus;
import io.boomscooter.engine.Node;
import io.boomscooter.engine.NodeCounters;
import io.boomscooter.client.ProducerClient;
import io.boomscooter.client.ProducerListener;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The leader's producer sessions on a one-node cluster in this JVM: a producer that comes back with the
 * same id and a new response channel is answered on the new one (issue 10 item 5), and sessions of
 * producers that went away expire, closing their publications, while their ids stay deduplicated
 * (issue 9 item 6).
 */
class ProducerSessionTest
{
    private static final long IDLE_MS = 400;

    @TempDir
    Path tmp;

    private Node node;
    private Aeron client;
    private String channel;
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[8]);

    @BeforeEach
    void startNode()
    {
        final int port = 22000 + ThreadLocalRandom.current().nextInt(0, 5000);
        channel = "aeron:udp?endpoint=localhost:" + port;
        final Properties props = new Properties();
        props.setProperty("boomscooter.node.id", "1");
        props.setProperty(ClusterConfig.MEMBERS_PROP, "1@localhost:" + port);
        props.setProperty("boomscooter.log.1.quorum", "leader-only");
        props.setProperty("boomscooter.log.segment.length", "1048576");
        props.setProperty(ClusterConfig.PRODUCER_IDLE_TIMEOUT_PROP, Long.toString(IDLE_MS));
        final ClusterConfig config = ClusterConfig.from(props);
        node = Node.launch(new Node.Context(props).dataDir(tmp.toFile())
            .agent(n -> new ClusterAgent(n, config, tmp, ClusterLogConfig.from(props))));
        client = Aeron.connect(new Aeron.Context().aeronDirectoryName(node.aeronDirectoryName()));
    }

    @AfterEach
    void stop()
    {
        CloseHelper.closeAll(client, node);
    }

    @Test
    void producerRestartedWithTheSameIdAndANewResponseChannelGetsAcksAndCommits()
    {
        final long producerId = 77;
        final Recorder first = new Recorder();
        try (ProducerClient producer = producer(producerId, first))
        {
            produce(producer, first, 5);
        }
        // a new client: a new response subscription on another port, while the old session is alive
        final Recorder second = new Recorder();
        try (ProducerClient producer = producer(producerId, second))
        {
            producer.nextProducerSeqno(6);
            produce(producer, second, 5);
            assertEquals(10, second.ackedProducerSeqno);
            assertEquals(10, second.commitSeqno);
        }
    }

    @Test
    void idleProducerSessionsExpireAndTheirIdsStayDeduplicated()
    {
        final int producers = 20;
        for (int i = 1; i <= producers; i++)
        {
            final Recorder recorder = new Recorder();
            try (ProducerClient producer = producer(i, recorder))
            {
                produce(producer, recorder, 3);
                if (1 == i)
                {
                    // the probe below sees a live producer's response publication
                    assertTrue(responsePublications() >= 1, "a live producer has a response publication");
                }
            }
        }
        awaitTrue(() -> counter(NodeCounters.label(1, "log 1 producer sessions")) == 0,
            "producer sessions expire after " + IDLE_MS + " ms idle");
        awaitTrue(() -> responsePublications() == 0, "the node closed every producer response publication");
        assertEquals(producers * 3L, counter(NodeCounters.label(1, "log 1 commit seqno")));

        // producer 1 comes back from scratch and re-sends its three entries: acknowledged, not appended
        final Recorder returning = new Recorder();
        try (ProducerClient producer = producer(1, returning))
        {
            produce(producer, returning, 3);
            assertEquals(3, returning.ackedProducerSeqno);
            assertEquals(3, returning.ackedSeqno, "the seqno of its third entry, appended the first time");
            produce(producer, returning, 1);
            assertEquals(producers * 3L + 1, returning.ackedSeqno);
        }
        assertEquals(producers * 3L + 1, counter(NodeCounters.label(1, "log 1 commit seqno")));
    }

    private ProducerClient producer(final long producerId, final ProducerListener listener)
    {
        return new ProducerClient(client, List.of(channel), 1, producerId, listener, "localhost");
    }

    /**
     * Offers {@code count} entries and polls until all of them are acknowledged and committed.
     */
    private void produce(final ProducerClient producer, final Recorder recorder, final int count)
    {
        awaitTrue(() -> producer.poll() >= 0 && producer.isConnected(), "producer connects");
        final long last = producer.nextProducerSeqno() + count - 1;
        int sent = 0;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (sent < count || recorder.ackedProducerSeqno < last || recorder.commitSeqno < recorder.ackedSeqno)
        {
            if (sent < count && producer.offer(payload, 0, 1, payload, 0, 0, payload, 0, 8, 0) > 0)
            {
                sent++;
            }
            producer.poll();
            if (System.nanoTime() > deadline)
            {
                fail("entries up to " + last + " acked and committed: " + recorder + " " + producer);
            }
        }
    }

    private long counter(final String label)
    {
        final CountersReader counters = client.countersReader();
        final long[] value = {-1};
        counters.forEach((id, type, key, l) ->
        {
            if (l.equals(label))
            {
                value[0] = counters.getCounterValue(id);
            }
        });
        return value[0];
    }

    /**
     * @return publications the driver holds on the producer response stream (their limit counters).
     */
    private int responsePublications()
    {
        final int[] count = {0};
        client.countersReader().forEach((id, type, key, l) ->
        {
            if (l.startsWith("pub-lmt") && l.contains(" " + ClusterStreams.PRODUCER_RESPONSE + " aeron:udp"))
            {
                count[0]++;
            }
        });
        return count[0];
    }

    private static void awaitTrue(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("timed out waiting for: " + what);
            }
            Thread.yield();
        }
    }

    private static final class Recorder implements ProducerListener
    {
        long ackedProducerSeqno;
        long ackedSeqno;
        long commitSeqno;

        public void onAck(final int logId, final long producerSeqno, final long seqno, final long commitSeqno,
            final long timestampNs, final SubmitStatus status, final long epoch)
        {
            ackedProducerSeqno = Math.max(ackedProducerSeqno, producerSeqno);
            ackedSeqno = Math.max(ackedSeqno, seqno);
        }

        public void onCommit(final int logId, final long commitSeqno, final long epoch)
        {
            this.commitSeqno = Math.max(this.commitSeqno, commitSeqno);
        }

        public void onReject(final int logId, final long producerSeqno, final long expected, final SubmitStatus status)
        {
        }

        public String toString()
        {
            return "acked=" + ackedProducerSeqno + " seqno=" + ackedSeqno + " commit=" + commitSeqno;
        }
    }
}
