package io.boomscooter.engine.cluster;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.boomscooter.client.ClusterStreams;
import io.boomscooter.client.ProducerClient;
import io.boomscooter.client.ProducerListener;
import io.boomscooter.client.auth.ClientCredentials;
import io.boomscooter.codecs.ingress.MessageHeaderEncoder;
import io.boomscooter.codecs.ingress.SubmitEntryEncoder;
import io.boomscooter.codecs.ingress.SubmitStatus;
import io.boomscooter.engine.ErrorLogFile;
import io.boomscooter.engine.Node;
import io.boomscooter.engine.NodeCounters;
import io.boomscooter.engine.auth.AuthSettings;
import io.boomscooter.engine.auth.CredentialsWatcher;
import io.boomscooter.engine.log.LogReader;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A node with producer authentication on: producers without credentials, with a wrong key, with an unknown
 * principal, writing a log their principal may not, or forging entries under an authenticated producer's id from
 * another publication are refused, told why and counted, while an authenticated producer's entries are committed
 * entry by entry; keys rotate by editing the credentials file, with no restart.
 */
class ProducerAuthTest
{
    private static final String ALICE_KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final String ALICE_NEW_KEY = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
    private static final String BOB_KEY = "0123456789abcdef0123456789abcdef";
    private static final String WRONG_KEY = "deadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeef";

    @TempDir
    Path tmp;

    private Node node;
    private Aeron client;
    private String channel;
    private Path credentialsFile;
    private CredentialsWatcher watcher;

    @BeforeEach
    void startNode() throws Exception
    {
        credentialsFile = writeCredentials("alice = " + ALICE_KEY + " logs=1\nbob = " + BOB_KEY + " logs=2\n");
        final int port = 22000 + ThreadLocalRandom.current().nextInt(0, 5000);
        channel = "aeron:udp?endpoint=localhost:" + port;
        final Properties props = new Properties();
        props.setProperty("boomscooter.node.id", "1");
        props.setProperty(ClusterConfig.MEMBERS_PROP, "1@localhost:" + port);
        props.setProperty(ClusterConfig.LOGS_PROP, "1,2");
        props.setProperty("boomscooter.log.1.quorum", "leader-only");
        props.setProperty("boomscooter.log.2.quorum", "leader-only");
        props.setProperty("boomscooter.log.segment.length", "1048576");
        props.setProperty(AuthSettings.CREDENTIALS_PROP, credentialsFile.toString());
        props.setProperty(AuthSettings.RELOAD_MS_PROP, "3600000");     // the test re-reads the file itself
        final ClusterConfig config = ClusterConfig.from(props);
        final AuthSettings auth = AuthSettings.from(props);
        node = Node.launch(new Node.Context(props).dataDir(tmp.resolve("node").toFile())
            .agent(n ->
            {
                watcher = auth.watcher(n.errorHandler());
                return new ClusterAgent(n, config, tmp.resolve("node"), ClusterLogConfig.from(props))
                    .authentication(auth, watcher);
            }));
        client = Aeron.connect(new Aeron.Context().aeronDirectoryName(node.aeronDirectoryName()));
    }

    @AfterEach
    void stop()
    {
        CloseHelper.closeAll(client, node);
    }

    @Test
    void onlyProvenProducersWriteAndKeysRotateWithoutARestart() throws Exception
    {
        final Recorder aliceRecorder = new Recorder();
        final long aliceId = 1001;
        try (ProducerClient alice = producer(1, aliceId, aliceRecorder, credentials("alice", ALICE_KEY)))
        {
            awaitTrue(() -> alice.poll() >= 0 && alice.isConnected(), "alice proves herself and is answered");
            final int[] aliceSent = {0};
            sendSome(alice, aliceRecorder, aliceSent, 500);

            // no credentials: told once that the cluster authenticates, never answered
            final Recorder anonymous = new Recorder();
            try (ProducerClient none = producer(1, 2001, anonymous, null))
            {
                awaitTrue(() -> pollBoth(alice, none) && anonymous.has(SubmitStatus.UNAUTHENTICATED),
                    "a producer without credentials hears UNAUTHENTICATED");
                assertFalse(none.isConnected());
            }
            // a wrong key, and a principal the file does not know: each proof refused and counted
            final long before = refusals();
            final Recorder wrong = new Recorder();
            final Recorder unknown = new Recorder();
            try (ProducerClient bad = producer(1, 2002, wrong, credentials("alice", WRONG_KEY));
                ProducerClient stranger = producer(1, 2003, unknown, credentials("mallory", WRONG_KEY)))
            {
                awaitTrue(() -> pollBoth(alice, bad) && pollBoth(stranger, stranger) && refusals() >= before + 2 &&
                    wrong.has(SubmitStatus.UNAUTHENTICATED) && unknown.has(SubmitStatus.UNAUTHENTICATED),
                    "wrong key and unknown principal refused");
                assertFalse(bad.isConnected() || stranger.isConnected());
            }
            // bob may write log 2 only
            final Recorder bobRecorder = new Recorder();
            try (ProducerClient bob = producer(1, 3001, bobRecorder, credentials("bob", BOB_KEY)))
            {
                awaitTrue(() -> pollBoth(alice, bob) && bobRecorder.has(SubmitStatus.FORBIDDEN),
                    "bob is forbidden log 1");
            }
            final Recorder bob2 = new Recorder();
            final int[] bobSent = {0};
            try (ProducerClient bob = producer(2, 3002, bob2, credentials("bob", BOB_KEY)))
            {
                awaitTrue(() -> bob.poll() >= 0 && bob.isConnected(), "bob writes log 2");
                sendSome(bob, bob2, bobSent, 100);
            }
            // a forged entry under alice's id from another publication is refused (bound to her image)
            final long beforeForgery = refusals();
            try (ExclusivePublication forger = client.addExclusivePublication(channel, ClusterStreams.INGRESS))
            {
                awaitTrue(forger::isConnected, "forger connects");
                final UnsafeBuffer forged = submitEntry(1, aliceId, aliceSent[0] + 1);
                awaitTrue(() -> forger.offer(forged, 0, forged.capacity()) > 0, "forged entry sent");
                // and a never-connected producer id
                final UnsafeBuffer stray = submitEntry(1, 4242, 1);
                awaitTrue(() -> forger.offer(stray, 0, stray.capacity()) > 0, "stray entry sent");
                awaitTrue(() -> alice.poll() >= 0 && refusals() >= beforeForgery + 2, "forgeries counted");
            }
            sendSome(alice, aliceRecorder, aliceSent, 500);

            // rotation: alice's new key is added beside the old, a producer with the new key joins ...
            writeCredentials("alice = " + ALICE_NEW_KEY + " " + ALICE_KEY + " logs=1\nbob = " + BOB_KEY + " logs=2\n");
            assertTrue(watcher.reloadIfChanged(), "the edited file is taken");
            final Recorder newRecorder = new Recorder();
            final int[] newSent = {0};
            try (ProducerClient aliceNew = producer(1, 1002, newRecorder, credentials("alice", ALICE_NEW_KEY)))
            {
                awaitTrue(() -> pollBoth(alice, aliceNew) && aliceNew.isConnected(), "the new key is accepted");
                sendSome(aliceNew, newRecorder, newSent, 300);
                sendSome(alice, aliceRecorder, aliceSent, 200);      // the old key still works meanwhile

                // ... then the old key is removed: the producer that proved with it must prove again, and fails
                final long beforeRemoval = refusals();
                writeCredentials("alice = " + ALICE_NEW_KEY + " logs=1\nbob = " + BOB_KEY + " logs=2\n");
                assertTrue(watcher.reloadIfChanged(), "the edited file is taken");
                awaitTrue(() -> pollBoth(alice, aliceNew) && refusals() >= beforeRemoval + 2,
                    "the old key's session is asked again and its proof refused");
                sendSome(aliceNew, newRecorder, newSent, 300);       // the new key's producer never noticed
            }

            // a malformed proof (principal with a space) is refused as malformed, not a crash
            final List<String> errors = new ArrayList<>();
            ErrorLogFile.read(tmp.resolve("node").toFile(), (count, first, last, text) -> errors.add(text));
            final String all = String.join("\n", errors);
            assertTrue(all.contains("failed to prove principal 'alice'"), all);
            assertTrue(all.contains("unknown principal 'mallory'"), all);
            assertTrue(all.contains("may not write log 1"), all);
            assertTrue(all.contains("lost its key"), all);

            // the logs hold exactly the proven producers' entries, in order
            assertLog(1, List.of(aliceId, 1002L), aliceSent[0] + newSent[0]);
            assertLog(2, List.of(3002L), bobSent[0]);
        }
    }

    @Test
    void aCredentialsFileOthersCanReadIsRefusedAtStart() throws Exception
    {
        final Path open = tmp.resolve("open.credentials");
        Files.writeString(open, "alice = " + ALICE_KEY + "\n");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        final Exception ex = org.junit.jupiter.api.Assertions.assertThrows(
            io.boomscooter.client.auth.CredentialsException.class,
            () -> new CredentialsWatcher(open, 1000, Throwable::printStackTrace).close());
        assertTrue(ex.getMessage().contains("accessible to group or others"), ex.getMessage());
    }

    private void assertLog(final int logId, final List<Long> producers, final int expected) throws Exception
    {
        final Path dir = tmp.resolve("node").resolve("log-" + logId);
        final ConcurrentHashMap<Long, Long> lastSeqno = new ConcurrentHashMap<>();
        final AtomicLong count = new AtomicLong();
        awaitTrue(() -> readLog(dir, producers, lastSeqno, count) == expected, "log " + logId + " holds " + expected);
    }

    private static int readLog(final Path dir, final List<Long> producers, final ConcurrentHashMap<Long, Long> last,
        final AtomicLong count)
    {
        last.clear();
        count.set(0);
        try (LogReader reader = LogReader.open(dir))
        {
            reader.seek(1);
            final io.boomscooter.engine.log.LogEntryView entry = new io.boomscooter.engine.log.LogEntryView();
            while (reader.poll((buffer, frameOffset, frameLength, seqno, epoch, timestampNs) ->
            {
                assertTrue(entry.wrap(buffer, frameOffset, frameLength), "entry " + seqno + ": " + entry.error());
                final long producerId = entry.producerId();
                assertTrue(producers.contains(producerId), "entry " + seqno + " from unproven producer " + producerId);
                final long previous = last.getOrDefault(producerId, 0L);
                assertEquals(previous + 1, entry.producerSeqno(), "producer " + producerId + " in order at " + seqno);
                assertEquals(entry.producerSeqno(), buffer.getLong(entry.payloadOffset()), "payload of entry " + seqno);
                last.put(producerId, entry.producerSeqno());
                count.incrementAndGet();
            }, 1000) > 0)
            {
                Thread.onSpinWait();
            }
        }
        return (int)count.get();
    }

    private void sendSome(final ProducerClient producer, final Recorder recorder, final int[] sent, final int n)
    {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[8]);
        final int target = sent[0] + n;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (sent[0] < target || recorder.committed.get() < recorder.appendedSeqno.get() ||
            recorder.lastAppendedProducerSeqno.get() < target)
        {
            if (sent[0] < target)
            {
                payload.putLong(0, sent[0] + 1);
                if (producer.offer(payload, 0, 1, payload, 0, 0, payload, 0, 8, 0) > 0)
                {
                    sent[0]++;
                }
            }
            producer.poll();
            assertTrue(System.nanoTime() < deadline, "entries committed: sent=" + sent[0] + " " + recorder);
        }
    }

    private ProducerClient producer(final int logId, final long id, final ProducerListener listener,
        final ClientCredentials credentials)
    {
        return new ProducerClient(client, List.of(channel), logId, id, listener, "localhost").authenticate(credentials);
    }

    private static ClientCredentials credentials(final String principal, final String hexKey)
    {
        return new ClientCredentials(principal, HexFormat.of().parseHex(hexKey));
    }

    private Path writeCredentials(final String text) throws Exception
    {
        final Path file = tmp.resolve("node.credentials");
        final Path temp = tmp.resolve("node.credentials.tmp");
        Files.writeString(temp, text);
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        // a re-read must see a change even within the file system's timestamp granularity
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() +
            ThreadLocalRandom.current().nextInt(1, 1_000_000)));
        return file;
    }

    private UnsafeBuffer submitEntry(final int logId, final long producerId, final long producerSeqno)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
        final SubmitEntryEncoder encoder = new SubmitEntryEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .logId(logId).producerId(producerId).producerSeqno(producerSeqno).timestampNs(0);
        encoder.channel("x");
        encoder.putKey(new byte[0], 0, 0);
        encoder.putPayload(new byte[8], 0, 8);
        return new UnsafeBuffer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    private long refusals()
    {
        final String label = NodeCounters.label(1, "producer auth refusals");
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

    private static boolean pollBoth(final ProducerClient a, final ProducerClient b)
    {
        a.poll();
        b.poll();
        return true;
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

    /**
     * What a producer was told.
     */
    private static final class Recorder implements ProducerListener
    {
        final AtomicLong committed = new AtomicLong();
        final AtomicLong appendedSeqno = new AtomicLong();
        final AtomicLong lastAppendedProducerSeqno = new AtomicLong();
        final ConcurrentHashMap<SubmitStatus, AtomicLong> rejects = new ConcurrentHashMap<>();

        public void onAck(final int logId, final long producerSeqno, final long seqno, final long commitSeqno,
            final long timestampNs, final SubmitStatus status, final long epoch)
        {
            appendedSeqno.accumulateAndGet(seqno, Math::max);
            lastAppendedProducerSeqno.accumulateAndGet(producerSeqno, Math::max);
            committed.accumulateAndGet(commitSeqno, Math::max);
        }

        public void onCommit(final int logId, final long commitSeqno, final long epoch)
        {
            committed.accumulateAndGet(commitSeqno, Math::max);
        }

        public void onReject(final int logId, final long producerSeqno, final long expected, final SubmitStatus status)
        {
            rejects.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        }

        boolean has(final SubmitStatus status)
        {
            return count(status) > 0;
        }

        long count(final SubmitStatus status)
        {
            final AtomicLong n = rejects.get(status);
            return null == n ? 0 : n.get();
        }

        public String toString()
        {
            return "committed=" + committed + " appended=" + appendedSeqno + " lastProducerSeqno=" +
                lastAppendedProducerSeqno + " rejects=" + rejects;
        }
    }
}
