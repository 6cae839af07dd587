package io.boomscooter.engine.cluster;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.boomscooter.client.ClusterStreams;
import io.boomscooter.client.SubscribeRequest;
import io.boomscooter.client.SubscriberAuthException;
import io.boomscooter.client.SubscriberClient;
import io.boomscooter.client.SubscriberListener;
import io.boomscooter.codecs.subscriber.SubscribeStatus;
import org.agrona.DirectBuffer;
import java.util.concurrent.atomic.AtomicReference;
import io.boomscooter.client.auth.ClientCredentials;
import io.boomscooter.codecs.replication.MemberProofEncoder;
import io.boomscooter.codecs.replication.MessageHeaderEncoder;
import io.boomscooter.codecs.replication.NewLeaderEncoder;
import io.boomscooter.codecs.replication.RequestVoteEncoder;
import io.boomscooter.driver.DriverProfile;
import io.boomscooter.driver.EmbeddedDriver;
import io.boomscooter.engine.ErrorLogFile;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Three node processes with authentication on: members prove themselves to each other before replicating, a
 * proven producer's entries commit on every node, a stranger sending member messages (no proof, or a proof with a
 * wrong key) is dropped and counted while replication goes on in the same epoch, a member's key is rotated by
 * editing the credentials file with no restart, and a member killed with -9 proves its new images when it comes back
 * and catches up; at a replica, subscribers without credentials or with a wrong key are refused while a proven
 * one reads every entry.
 */
class AuthProcessTest
{
    private static final String[] NODE_KEYS = {
        "11111111111111111111111111111111", "22222222222222222222222222222222", "33333333333333333333333333333333"};
    private static final String NODE2_NEW_KEY = "2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a";
    private static final String ALICE_KEY = "a11ce0a11ce0a11ce0a11ce0a11ce0a1";
    private static final String FEEDS_KEY = "feed5feed5feed5feed5feed5feed5fe";

    @TempDir
    Path tmp;

    @Test
    void membersAndProducersProveThemselvesStrangersAreDroppedAndKeysRotateLive() throws Exception
    {
        final Path credentials = tmp.resolve("cluster.credentials");
        writeCredentials(credentials, NODE_KEYS[1]);
        final long total = 30_000;
        try (ClusterHarness cluster = new ClusterHarness(tmp, 3,
            "boomscooter.auth.credentials=" + credentials + "\nboomscooter.auth.reload.ms=100\n" +
            "boomscooter.subscriber.tcp.host=127.0.0.1\n"))
        {
            final int subscriberPort = cluster.basePort + 502;
            Files.writeString(cluster.config(2), "boomscooter.subscriber.tcp.port=" + subscriberPort + "\n",
                java.nio.file.StandardOpenOption.APPEND);
            cluster.startAll();
            try (ClusterHarness.Producer producer = new ClusterHarness.Producer(cluster.channels(1, 2, 3), total, 3_000,
                "localhost", "test", null, new ClientCredentials("alice", HexFormat.of().parseHex(ALICE_KEY))))
            {
                producer.awaitCommitted(3_000, 60);

                forgeMemberMessages(cluster);
                producer.awaitCommitted(9_000, 60);

                // rotate node 2's key: list the new one first (node 2 signs with it, everyone accepts both) ...
                writeCredentials(credentials, NODE2_NEW_KEY + " " + NODE_KEYS[1]);
                producer.awaitCommitted(15_000, 60);
                // ... then drop the old one: the others ask node 2 again, and it proves itself with the new key
                writeCredentials(credentials, NODE2_NEW_KEY);
                awaitErrorLog(cluster, 1, "node 2 re-proves after the rotation", "key was removed");
                producer.awaitCommitted(20_000, 60);

                // a member killed and restarted has new images: it proves them again and catches up
                cluster.kill(3);
                producer.awaitCommitted(23_000, 60);
                cluster.start(3);
                producer.awaitCommitted(total, 120);

                // every ack came from the first leader's epoch: the forged NewLeader / RequestVote changed nothing
                final long firstEpoch = producer.ackedEpoch[0];
                for (int i = 0; i < producer.ackCount; i++)
                {
                    assertEquals(firstEpoch, producer.ackedEpoch[i], "ack " + i + " in the first epoch");
                }
            }
            cluster.awaitEqualLogs(total, 60);
            assertEquals(total, cluster.assertLogsIdentical());
            subscribers(subscriberPort, total);
            for (final String reason : new String[]{"no member has proven", "failed to prove principal 'node-3'"})
            {
                assertTrue(errorLog(cluster, 2).contains(reason), "node 2's error log says '" + reason + "':\n" +
                    errorLog(cluster, 2));
            }
        }
    }

    /**
     * At node 2 (a replica): a subscriber without credentials is refused its Subscribe, one with a wrong key its
     * proof, and a proven one reads every entry, in order.
     */
    private static void subscribers(final int port, final long total)
    {
        final AtomicReference<SubscribeStatus> anonymous = new AtomicReference<>();
        try (SubscriberClient none = SubscriberClient.tcp("127.0.0.1", port))
        {
            none.subscribe(new SubscribeRequest().logId(ClusterHarness.LOG_ID).startSeqno(1));
            final SubscriberListener listener = new SubscriberListener()
            {
                public void onSubscribeResponse(final long correlationId, final int logId, final SubscribeStatus status,
                    final long earliestSeqno, final long commitSeqno, final String message)
                {
                    anonymous.set(status);
                }
            };
            awaitTrue(() -> none.poll(listener) >= 0 && null != anonymous.get(), "anonymous subscriber answered");
            assertEquals(SubscribeStatus.BAD_CREDENTIALS, anonymous.get());
        }
        try (SubscriberClient wrong = SubscriberClient.tcp("127.0.0.1", port))
        {
            assertThrows(SubscriberAuthException.class, () -> wrong.authenticate(
                new ClientCredentials("feeds", HexFormat.of().parseHex(NODE_KEYS[0]))));
        }
        final long[] next = {1};
        try (SubscriberClient feeds = SubscriberClient.tcp("127.0.0.1", port).autoRefill(4096))
        {
            feeds.authenticate(new ClientCredentials("feeds", HexFormat.of().parseHex(FEEDS_KEY)));
            feeds.subscribe(new SubscribeRequest().logId(ClusterHarness.LOG_ID).startSeqno(1).endSeqno(total)
                .initialCredit(4096));
            final SubscriberListener reader = new SubscriberListener()
            {
                public void onEntry(final int logId, final long seqno, final long timestampNs, final long producerId,
                    final long producerSeqno, final DirectBuffer buffer, final int channelOffset, final int channelLength,
                    final int keyOffset, final int keyLength, final int payloadOffset, final int payloadLength)
                {
                    assertEquals(next[0], seqno, "entries in order");
                    assertEquals(producerSeqno, buffer.getLong(payloadOffset), "payload of entry " + seqno);
                    next[0]++;
                }
            };
            awaitTrue(() -> feeds.poll(reader) >= 0 && next[0] > total, "the proven subscriber reads all entries");
        }
    }

    /**
     * From this JVM (not a member): a NewLeader and a RequestVote of a far epoch, and a MemberProof claiming to be
     * member 3 made with a wrong key, all at node 2.
     */
    private void forgeMemberMessages(final ClusterHarness cluster)
    {
        final String node2 = cluster.channels(2).get(0);
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        try (EmbeddedDriver driver = EmbeddedDriver.launch(DriverProfile.SMALL);
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            ExclusivePublication control = aeron.addExclusivePublication(node2, ClusterStreams.CONTROL);
            ExclusivePublication replication = aeron.addExclusivePublication(node2, ClusterStreams.REPLICATION))
        {
            awaitTrue(() -> control.isConnected() && replication.isConnected(), "forger connects to node 2");
            final int newLeader = MessageHeaderEncoder.ENCODED_LENGTH + new NewLeaderEncoder()
                .wrapAndApplyHeader(buffer, 0, header).logId(1).leaderId(3).epoch(99).epochStartSeqno(1)
                .encodedLength();
            awaitTrue(() -> control.offer(buffer, 0, newLeader) > 0, "forged NewLeader sent");
            final int vote = MessageHeaderEncoder.ENCODED_LENGTH + new RequestVoteEncoder()
                .wrapAndApplyHeader(buffer, 0, header).logId(1).candidateId(3).epoch(100).lastSeqno(1_000_000)
                .lastEpoch(99).encodedLength();
            awaitTrue(() -> replication.offer(buffer, 0, vote) > 0, "forged RequestVote sent");
            final int proof = MessageHeaderEncoder.ENCODED_LENGTH + new MemberProofEncoder()
                .wrapAndApplyHeader(buffer, 0, header).memberId(3).challengerId(2).streamId(ClusterStreams.CONTROL)
                .sessionId(control.sessionId()).putMac(new byte[32], 0, 32).encodedLength();
            // re-sent until refused in the error log (which reports each kind of refusal at most once a second)
            awaitTrue(() ->
            {
                control.offer(buffer, 0, proof);
                return errorLog(cluster, 2).contains("failed to prove principal 'node-3'");
            }, "node 2 refuses the forged proof");
        }
    }

    private static void writeCredentials(final Path file, final String node2Keys) throws Exception
    {
        final Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp,
            "node-1 = " + NODE_KEYS[0] + "\n" +
            "node-2 = " + node2Keys + "\n" +
            "node-3 = " + NODE_KEYS[2] + "\n" +
            "alice = " + ALICE_KEY + " logs=1\n" +
            "feeds = " + FEEDS_KEY + "\n");
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String errorLog(final ClusterHarness cluster, final int nodeId)
    {
        final List<String> errors = new ArrayList<>();
        ErrorLogFile.read(cluster.dataDir(nodeId).toFile(), (count, first, last, text) -> errors.add(text));
        return String.join("\n", errors);
    }

    private static void awaitErrorLog(final ClusterHarness cluster, final int nodeId, final String what,
        final String text)
    {
        awaitTrue(() -> errorLog(cluster, nodeId).contains(text), what + " (error log of node " + nodeId + ")");
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
            Thread.onSpinWait();
            try
            {
                Thread.sleep(20);   // polling files and offers: pace it, the deadline bounds it
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }
}
