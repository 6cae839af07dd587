package io.boomscooter.engine.cluster;

import io.boomscooter.client.ClusterStreams;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.boomscooter.codecs.ingress.SubmitStatus;
import io.boomscooter.codecs.replication.AppendFramesEncoder;
import io.boomscooter.codecs.replication.RejectCode;
import io.boomscooter.codecs.replication.ReplicationRejectEncoder;
import io.boomscooter.codecs.replication.VoteEncoder;
import io.boomscooter.engine.ErrorLogFile;
import io.boomscooter.engine.Node;
import io.boomscooter.engine.NodeCounters;
import io.boomscooter.client.ProducerClient;
import io.boomscooter.client.ProducerListener;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Malformed, truncated, foreign, stale and out-of-sequence messages sent straight at a node's ports are
 * each refused with a reason and counted, and the node keeps serving a well-behaved producer.
 */
class ClusterBadInputTest
{
    @TempDir
    Path tmp;

    private Node node;
    private Aeron client;
    private String channel;
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));

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
        final ClusterConfig config = ClusterConfig.from(props);
        node = Node.launch(new Node.Context(props).dataDir(tmp.toFile())
            .agent(n -> new ClusterAgent(n, config, tmp, ClusterLogConfig.from(props))));
        client = Aeron.connect(new Aeron.Context().aeronDirectoryName(node.aeronDirectoryName()));
    }

    @AfterEach
    void stop()
    {
        org.agrona.CloseHelper.closeAll(client, node);
    }

    @Test
    void badMessagesAreRefusedCountedAndExplainedWhileTheNodeKeepsServing() throws Exception
    {
        try (ExclusivePublication ingress = client.addExclusivePublication(channel, ClusterStreams.INGRESS);
            ExclusivePublication replication = client.addExclusivePublication(channel, ClusterStreams.REPLICATION))
        {
            awaitTrue(() -> ingress.isConnected() && replication.isConnected(), "publications connect");

            send(ingress, 4);                                           // shorter than a header
            header(103, 2, 99, 28);                                     // wrong schema version
            send(ingress, 8);
            header(999, 2, 1, 28);                                      // foreign schema id
            send(ingress, 8);
            header(103, 77, 1, 0);                                      // unknown template
            send(ingress, 8);
            submitEntry(1, 1, 10, 5000);                                // payload length past the end
            send(ingress, 46 + 10);
            submitEntry(42, 7, 1, 3);                                   // a log the node does not host
            send(ingress, 46 + 3);
            awaitCounter("cluster malformed messages", 6);

            new AppendFramesEncoder()
                .wrapAndApplyHeader(buffer, 0, new io.boomscooter.codecs.replication.MessageHeaderEncoder())
                .logId(1).leaderId(2).epoch(0).firstSeqno(1).lastSeqno(1).commitSeqno(1)
                .putFrames(new byte[0], 0, 0);                          // from an older epoch
            send(replication, 8 + AppendFramesEncoder.BLOCK_LENGTH + 4);
            awaitCounter("log 1 rejected messages", 1);

            // enum and flag values outside the schema: counted malformed, never an exception
            final io.boomscooter.codecs.replication.MessageHeaderEncoder replicationHeader =
                new io.boomscooter.codecs.replication.MessageHeaderEncoder();
            new ReplicationRejectEncoder().wrapAndApplyHeader(buffer, 0, replicationHeader)
                .logId(1).nodeId(1).epoch(1).code(RejectCode.STALE_EPOCH).reason("x");
            buffer.putByte(8 + ReplicationRejectEncoder.codeEncodingOffset(), (byte)9);
            send(replication, 8 + ReplicationRejectEncoder.BLOCK_LENGTH + 1 + 1);
            new VoteEncoder().wrapAndApplyHeader(buffer, 0, replicationHeader)
                .logId(1).voterId(1).epoch(1).granted((short)7).lastSeqno(0).lastEpoch(0);
            send(replication, 8 + VoteEncoder.BLOCK_LENGTH);
            awaitCounter("cluster malformed messages", 8);
        }

        final List<String> errors = new ArrayList<>();
        ErrorLogFile.read(tmp.toFile(), (count, first, last, text) -> errors.add(text));
        final String all = String.join("\n", errors);
        for (final String reason : new String[]{"shorter than an SBE message header", "unsupported schema version",
            "wrong schema id", "unknown template id", "variable-length field runs past the end",
            "log this node does not host", "message from an older epoch", "unknown reject code",
            "vote granted flag neither 0 nor 1"})
        {
            assertTrue(all.contains(reason), "error log explains '" + reason + "':\n" + all);
        }

        // a producer whose first entry skips seqnos is told what was expected
        final AtomicLong expected = new AtomicLong();
        try (ProducerClient gappy = producer(new Listener()
        {
            public void onReject(final int logId, final long producerSeqno, final long expectedSeqno,
                final SubmitStatus status)
            {
                if (status == SubmitStatus.GAP)
                {
                    expected.set(expectedSeqno);
                }
            }
        }))
        {
            gappy.nextProducerSeqno(5);
            awaitConnected(gappy);
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[8]);
            assertEquals(5, gappy.offer(payload, 0, 1, payload, 0, 0, payload, 0, 8, 0));
            awaitTrue(() -> gappy.poll() >= 0 && expected.get() == 1, "gap reject names expected seqno 1");
        }

        // and a well-behaved producer is served as if nothing happened
        final AtomicLong commit = new AtomicLong();
        try (ProducerClient good = producer(new Listener()
        {
            public void onCommit(final int logId, final long commitSeqno, final long epoch)
            {
                commit.set(commitSeqno);
            }
        }))
        {
            awaitConnected(good);
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[8]);
            int sent = 0;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (sent < 1000 || commit.get() < 1000)
            {
                if (sent < 1000 && good.offer(payload, 0, 1, payload, 0, 0, payload, 0, 8, 0) > 0)
                {
                    sent++;
                }
                good.poll();
                assertTrue(System.nanoTime() < deadline, "1000 entries committed; commit=" + commit.get());
            }
        }
    }

    @Test
    void anEntryLongerThanTheLogsMaximumFrameIsRefusedTooLargeAndTheLogGoesOn()
    {
        final AtomicLong tooLarge = new AtomicLong();
        final AtomicLong commit = new AtomicLong();
        try (ProducerClient big = producer(new Listener()
        {
            public void onReject(final int logId, final long producerSeqno, final long expectedSeqno,
                final SubmitStatus status)
            {
                if (status == SubmitStatus.TOO_LARGE)
                {
                    tooLarge.set(producerSeqno);
                }
            }
        });
            ProducerClient good = producer(new Listener()
            {
                public void onCommit(final int logId, final long commitSeqno, final long epoch)
                {
                    commit.set(commitSeqno);
                }
            }))
        {
            awaitConnected(big);
            awaitConnected(good);
            // 65,536 payload bytes + channel + header > the default 64 KiB frame: was an exception in the append,
            // the producer never told why and stuck re-sending
            final UnsafeBuffer payload = new UnsafeBuffer(ByteBuffer.allocateDirect(65_536));
            assertEquals(1, big.offer(payload, 0, 1, payload, 0, 0, payload, 0, 65_536, 0));
            awaitTrue(() -> big.poll() >= 0 && tooLarge.get() == 1, "TOO_LARGE for producer seqno 1");
            final UnsafeBuffer small = new UnsafeBuffer(new byte[8]);
            awaitTrue(() -> good.offer(small, 0, 1, small, 0, 0, small, 0, 8, 0) > 0, "a small entry offered");
            awaitTrue(() -> good.poll() >= 0 && commit.get() >= 1, "the log goes on");
        }
        final List<String> errors = new ArrayList<>();
        ErrorLogFile.read(tmp.toFile(), (count, first, last, text) -> errors.add(text));
        assertTrue(errors.stream().noneMatch(e -> e.contains("out of range")), String.join("\n", errors));
    }

    private ProducerClient producer(final ProducerListener listener)
    {
        return new ProducerClient(client, List.of(channel), 1, ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE),
            listener, "localhost");
    }

    private void awaitConnected(final ProducerClient producer)
    {
        awaitTrue(() -> producer.poll() >= 0 && producer.isConnected(), "producer connects");
    }

    private void header(final int schemaId, final int templateId, final int version, final int blockLength)
    {
        buffer.putShort(0, (short)blockLength, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(2, (short)templateId, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(4, (short)schemaId, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(6, (short)version, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * SubmitEntry laid out by hand: header, block (logId, producerId, producerSeqno, timestampNs),
     * channel "x", empty key, and a payload length that may lie.
     */
    private void submitEntry(final int logId, final long producerSeqno, final int actualPayload, final int claimedPayload)
    {
        header(103, 2, 1, 28);
        buffer.putInt(8, logId, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(12, 99, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(20, producerSeqno, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(28, 0, ByteOrder.LITTLE_ENDIAN);
        buffer.putByte(36, (byte)1);
        buffer.putByte(37, (byte)'x');
        buffer.putInt(38, 0, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(42, claimedPayload, ByteOrder.LITTLE_ENDIAN);
        buffer.setMemory(46, actualPayload, (byte)7);
    }

    private void send(final ExclusivePublication publication, final int length)
    {
        awaitTrue(() -> publication.offer(buffer, 0, length) > 0, "offer");
    }

    private void awaitCounter(final String what, final long atLeast)
    {
        final String label = NodeCounters.label(1, what);
        awaitTrue(() -> counter(label) >= atLeast, "counter '" + label + "' >= " + atLeast);
    }

    private long counter(final String label)
    {
        final long[] value = {-1};
        client.countersReader().forEach((id, type, key, l) ->
        {
            if (l.equals(label))
            {
                value[0] = client.countersReader().getCounterValue(id);
            }
        });
        return value[0];
    }

    private static void awaitTrue(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("timed out waiting for: " + what);
            }
            Thread.yield();
        }
    }

    private static class Listener implements ProducerListener
    {
        public void onAck(final int logId, final long producerSeqno, final long seqno, final long commitSeqno,
            final long timestampNs, final SubmitStatus status, final long epoch)
        {
        }

        public void onCommit(final int logId, final long commitSeqno, final long epoch)
        {
        }

        public void onReject(final int logId, final long producerSeqno, final long expected, final SubmitStatus status)
        {
        }
    }
}
