package io.boomscooter.perf;

import io.aeron.Aeron;
import io.boomscooter.codecs.ingress.SubmitStatus;
import io.boomscooter.driver.DriverProfile;
import io.boomscooter.engine.cluster.QuorumPolicy;
import io.boomscooter.client.ProducerClient;
import io.boomscooter.client.ProducerListener;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Zero garbage on the whole pipeline, measured: a leader and two replicas in this JVM (SHARED mode, one
 * agent thread per node running replication and the subscriber fan-out), a producer and a TCP subscriber
 * on replica 2, both on the test thread; after a warm-up, the bytes each node thread
 * and the producer thread allocate across a window of many more entries must stay below a small constant.
 * A one-off (JIT, Aeron) may spoil a window, so up to {@value #MAX_WINDOWS} are tried; a per-entry cost
 * spoils them all.
 */
class ClusterZeroAllocationTest
{
    private static final int WARMUP_ENTRIES = 200_000;
    private static final int WINDOW_ENTRIES = 100_000;
    private static final int MAX_WINDOWS = 4;
    private static final int IN_FLIGHT = 4096;
    private static final long ALLOWED_BYTES = 1024;
    // 600k entries of ~100 bytes stay far below half a segment, where the writer pre-allocates the next
    // one: segment creation allocates (file channel, mapping), once per segment, not per entry
    private static final int SEGMENT_LENGTH = 512 * 1024 * 1024;

    private final UnsafeBuffer payload = new UnsafeBuffer(ByteBuffer.allocateDirect(32));
    private SubscriberDeliveryPoint subscriber;
    private final UnsafeBuffer channel = new UnsafeBuffer(new byte[]{ 'z', 'g', 'c' });

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @TempDir
    java.nio.file.Path tmp;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void nodeProducerAndSubscriberThreadsAllocateNothingPerEntry()
    {
        run(new java.util.Properties(), null, null);
    }

    /**
     * The same with authentication on: every member-stream fragment passes the member gate, every entry the
     * producer's image check, and the subscriber proved itself first.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void withAuthenticationOnTooNothingIsAllocatedPerEntry() throws Exception
    {
        final java.nio.file.Path file = tmp.resolve("cluster.credentials");
        java.nio.file.Files.writeString(file, "node-1 = 11111111111111111111111111111111\n" +
            "node-2 = 22222222222222222222222222222222\nnode-3 = 33333333333333333333333333333333\n" +
            "zgc = 44444444444444444444444444444444\n");
        java.nio.file.Files.setPosixFilePermissions(file,
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        final java.util.Properties auth = new java.util.Properties();
        auth.setProperty(io.boomscooter.engine.auth.AuthSettings.CREDENTIALS_PROP, file.toString());
        final io.boomscooter.client.auth.ClientCredentials credentials = new io.boomscooter.client.auth.ClientCredentials(
            "zgc", java.util.HexFormat.of().parseHex("44444444444444444444444444444444"));
        run(auth, credentials, credentials);
    }

    private void run(final java.util.Properties extraConfig,
        final io.boomscooter.client.auth.ClientCredentials producerCredentials,
        final io.boomscooter.client.auth.ClientCredentials subscriberCredentials)
    {
        final CommitCounter listener = new CommitCounter();
        try (ReplicatedCluster cluster = ReplicatedCluster.launch(new ReplicatedCluster.Options()
            .profile(DriverProfile.SMALL).replicas(2).quorum(QuorumPolicy.MAJORITY).segmentLength(SEGMENT_LENGTH)
            .subscriberTcp(true).extraConfig(extraConfig));
            Aeron aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(cluster.clientAeronDirectoryName())
                .useConductorAgentInvoker(true));
            ProducerClient producer = cluster.newProducer(aeron, 42, listener).authenticate(producerCredentials);
            SubscriberDeliveryPoint subscriber = new SubscriberDeliveryPoint(cluster, 0, subscriberCredentials))
        {
            this.subscriber = subscriber;
            final AgentInvoker conductor = aeron.conductorAgentInvoker();
            Deadlines.await("producer connect", Deadlines.CONNECT_TIMEOUT_NS, () ->
            {
                producer.poll();
                return producer.isConnected();
            }, conductor);

            final long[] nodeThreadIds = nodeThreadIds(cluster.nodeCount());
            final long producerThreadId = Thread.currentThread().getId();
            produce(producer, conductor, WARMUP_ENTRIES);

            // A per-entry cost shows in every window; a one-off (JIT deoptimisation, a class loaded on a
            // rarely taken path, a reassembly buffer growing) shows in one. Steady state = a clean window.
            final StringBuilder report = new StringBuilder();
            boolean clean = false;
            for (int window = 1; window <= MAX_WINDOWS && !clean; window++)
            {
                final long[] before = allocated(nodeThreadIds);
                final long producerBefore = threads.getThreadAllocatedBytes(producerThreadId);
                produce(producer, conductor, WINDOW_ENTRIES);
                final long producerBytes = threads.getThreadAllocatedBytes(producerThreadId) - producerBefore;
                final long[] after = allocated(nodeThreadIds);

                long worst = producerBytes;
                report.append("window ").append(window).append(" (").append(WINDOW_ENTRIES).append(" entries): ")
                    .append("producer thread ").append(producerBytes).append(" B");
                for (int i = 0; i < nodeThreadIds.length; i++)
                {
                    final long bytes = after[i] - before[i];
                    worst = Math.max(worst, bytes);
                    report.append(", ").append(ReplicatedCluster.nodeThreadName(i + 1)).append(' ').append(bytes)
                        .append(" B");
                }
                report.append('\n');
                clean = worst < ALLOWED_BYTES;
            }
            System.out.print("ClusterZeroAllocationTest:\n" + report);
            assertTrue(clean, "every window allocated on a hot thread, so the cost is per entry:\n" + report);
        }
        assertEquals(0, listener.rejected);
    }

    private long[] nodeThreadIds(final int nodeCount)
    {
        final long[] ids = new long[nodeCount];
        final List<String> seen = new ArrayList<>();
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            seen.add(thread.getName());
            for (int id = 1; id <= nodeCount; id++)
            {
                if (thread.getName().equals(ReplicatedCluster.nodeThreadName(id)))
                {
                    ids[id - 1] = thread.getId();
                }
            }
        }
        for (int i = 0; i < nodeCount; i++)
        {
            assertTrue(ids[i] != 0, "no thread " + ReplicatedCluster.nodeThreadName(i + 1) + " among " + seen);
        }
        return ids;
    }

    private long[] allocated(final long[] ids)
    {
        final long[] bytes = new long[ids.length];
        for (int i = 0; i < ids.length; i++)
        {
            bytes[i] = threads.getThreadAllocatedBytes(ids[i]);
        }
        return bytes;
    }

    /**
     * Sends count entries with at most IN_FLIGHT uncommitted, then waits for all to commit. The loop
     * allocates nothing, so the producer thread's figure is the producer client's own.
     */
    private void produce(final ProducerClient producer, final AgentInvoker conductor, final int count)
    {
        final long first = producer.nextProducerSeqno();
        final long last = first + count - 1;
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long sent = first - 1;
        while (producer.commitSeqno() < last || subscriber.deliveredSeqno() < last)
        {
            if (sent < last && sent - producer.commitSeqno() < IN_FLIGHT)
            {
                final long result = producer.offer(channel, 0, channel.capacity(), channel, 0, 0, payload, 0, 32,
                    System.nanoTime());
                if (result > 0)
                {
                    sent = result;
                }
            }
            if (producer.poll() + subscriber.poll() + conductor.invoke() == 0)
            {
                Thread.onSpinWait();
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("entries not committed and delivered within 60 s: sent " + sent +
                    ", commit " + producer.commitSeqno() + ", subscriber " + subscriber.deliveredSeqno() + ", last " + last);
            }
        }
    }

    private static final class CommitCounter implements ProducerListener
    {
        long rejected;

        public void onAck(final int logId, final long producerSeqno, final long seqno, final long commitSeqno,
            final long timestampNs, final SubmitStatus status, final long epoch)
        {
        }

        public void onCommit(final int logId, final long commitSeqno, final long epoch)
        {
        }

        public void onReject(final int logId, final long producerSeqno, final long expected, final SubmitStatus status)
        {
            rejected++;
        }
    }
}
