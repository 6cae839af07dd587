package io.boomscooter.engine.subscriber;

import io.aeron.Aeron;
import io.boomscooter.client.SubscribeRequest;
import io.boomscooter.client.SubscriberAuthException;
import io.boomscooter.client.SubscriberClient;
import io.boomscooter.client.auth.ClientCredentials;
import io.boomscooter.client.auth.CredentialsException;
import io.boomscooter.codecs.subscriber.AuthStatus;
import io.boomscooter.codecs.subscriber.CompleteReason;
import io.boomscooter.codecs.subscriber.DropReason;
import io.boomscooter.codecs.subscriber.SubscribeStatus;
import io.boomscooter.driver.DriverProfile;
import io.boomscooter.driver.EmbeddedDriver;
import io.boomscooter.driver.tcp.TcpTransportPoller;
import io.boomscooter.engine.auth.CredentialsWatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.boomscooter.engine.subscriber.SubscriberTestSupport.LOG_ID;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.Recorder;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.Server;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.TestLog;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.assertSeqnos;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Subscribers prove a principal of the node's credentials file (challenge-response) before anything they send is
 * acted on: a fan-out over a real log with a {@link CredentialsWatcher}, real TCP and Aeron clients. Refusals carry
 * a reason and are counted while an authenticated subscriber keeps receiving; a rotation keeps sessions whose key
 * stays and drops those whose key or principal goes; a file others can read is refused.
 */
class SubscriberAuthTest
{
    static final byte[] KEY_1 = key(1);
    static final byte[] KEY_2 = key(2);
    static final byte[] KEY_3 = key(3);
    private static final long WAIT_S = 10;

    @TempDir
    Path tmp;

    private final List<Throwable> watcherErrors = new CopyOnWriteArrayList<>();

    @Test
    void onlyAnAuthenticatedSubscriberIsServedWhileRefusalsAreCountedWithReasons()
    {
        final Path file = credentials("alice = " + hex(KEY_1) + "\n");
        try (CredentialsWatcher watcher = watcher(file);
            TestLog log = new TestLog(tmp.resolve("log"), LOG_ID, 64 * 1024);
            Server server = new Server(tcp(watcher).logSource(log));
            SubscriberClient alice = server.client().credentials(new ClientCredentials("alice", KEY_1)))
        {
            final Recorder received = new Recorder();
            alice.subscribe(new SubscribeRequest().logId(LOG_ID).startSeqno(1).initialCredit(1000));
            assertTrue(alice.isAuthenticated());
            deliverOne(log, alice, received);
            assertEquals(SubscribeStatus.OK, received.status);

            // (b) no credentials: the Subscribe is refused with a reason and the connection closed
            try (SubscriberClient anonymous = server.client())
            {
                final Recorder refused = new Recorder();
                anonymous.subscribe(new SubscribeRequest().logId(LOG_ID).startSeqno(1));
                await(() -> refused.disconnected, () -> anonymous.poll(refused), WAIT_S, () -> "anonymous not closed");
                assertEquals(SubscribeStatus.BAD_CREDENTIALS, refused.status);
                assertTrue(refused.message.startsWith("not authenticated"), refused.message);
                assertEquals(0, refused.count);
            }
            assertEquals(1, server.counters.authFailures());
            deliverOne(log, alice, received);

            // a wrong key: BAD_PROOF, and the connection is closed
            try (SubscriberClient wrongKey = server.client())
            {
                final SubscriberAuthException ex = assertThrows(SubscriberAuthException.class,
                    () -> wrongKey.authenticate(new ClientCredentials("alice", KEY_2)));
                assertEquals(AuthStatus.BAD_PROOF, ex.status());
                assertTrue(ex.getMessage().contains("does not match a key of principal 'alice'"), ex.getMessage());
                awaitDisconnected(wrongKey);
            }
            assertEquals(2, server.counters.authFailures());
            deliverOne(log, alice, received);

            // an unknown principal: refused each time; the session may try again and is closed at the third failure
            try (SubscriberClient mallory = server.client())
            {
                for (int attempt = 1; attempt <= SubscriberAuthenticator.MAX_FAILURES; attempt++)
                {
                    final SubscriberAuthException ex = assertThrows(SubscriberAuthException.class,
                        () -> mallory.authenticate(new ClientCredentials("mallory", KEY_1)));
                    assertEquals(AuthStatus.UNKNOWN_PRINCIPAL, ex.status(), "attempt " + attempt);
                    assertTrue(ex.getMessage().contains("unknown principal 'mallory'"), ex.getMessage());
                    deliverOne(log, alice, received);
                }
                awaitDisconnected(mallory);
            }
            assertEquals(5, server.counters.authFailures());

            // one failure does not end a session: the same connection then proves alice and is served
            try (SubscriberClient retry = server.client())
            {
                assertThrows(SubscriberAuthException.class,
                    () -> retry.authenticate(new ClientCredentials("mallory", KEY_1)));
                retry.authenticate(new ClientCredentials("alice", KEY_1));
                final Recorder range = new Recorder();
                final long last = log.commit.get();
                retry.subscribe(new SubscribeRequest().logId(LOG_ID).startSeqno(1).endSeqno(last).initialCredit(1000));
                await(() -> null != range.completeReason, () -> retry.poll(range), WAIT_S, () -> "retry not complete");
                assertEquals(CompleteReason.END_SEQNO, range.completeReason);
                assertSeqnos(1, last, range.seqnos());
            }
            assertEquals(6, server.counters.authFailures());

            deliverOne(log, alice, received);
            assertSeqnos(1, log.commit.get(), received.seqnos());
            assertEquals(0, received.gaps);
            assertEquals(null, received.dropReason);
        }
        assertTrue(watcherErrors.isEmpty(), watcherErrors.toString());
    }

    @Test
    void rotationKeepsSessionsWhoseKeyStaysAndDropsThoseWhoseKeyOrPrincipalGoes()
    {
        final Path file = credentials("alice = " + hex(KEY_1) + "\nbob = " + hex(KEY_3) + "\n");
        try (CredentialsWatcher watcher = watcher(file);
            TestLog log = new TestLog(tmp.resolve("log"), LOG_ID, 64 * 1024);
            Server server = new Server(tcp(watcher).logSource(log));
            SubscriberClient aliceOld = server.client().credentials(new ClientCredentials("alice", KEY_1));
            SubscriberClient bob = server.client().credentials(new ClientCredentials("bob", KEY_3)))
        {
            final Recorder oldReceived = new Recorder();
            final Recorder bobReceived = new Recorder();
            aliceOld.subscribe(new SubscribeRequest().logId(LOG_ID).startSeqno(1).initialCredit(1000));
            bob.subscribe(new SubscribeRequest().logId(LOG_ID).startSeqno(1).initialCredit(1000));
            deliverOne(log, aliceOld, oldReceived, bob, bobReceived);

            // a new key beside the old one: both sessions keep going, a client with the new key is accepted
            rewrite(file, "alice = " + hex(KEY_1) + " " + hex(KEY_2) + "\nbob = " + hex(KEY_3) + "\n");
            assertTrue(watcher.reloadIfChanged());
            try (SubscriberClient aliceNew = server.client())
            {
                final Recorder newReceived = new Recorder();
                aliceNew.subscribe(new SubscribeRequest().logId(LOG_ID).startSeqno(1).initialCredit(1000)
                    .authenticate(new ClientCredentials("alice", KEY_2)));
                deliverOne(log, aliceOld, oldReceived, bob, bobReceived, aliceNew, newReceived);

                // the old key and bob are removed: their sessions are dropped with a reason, the new key's is not
                rewrite(file, "alice = " + hex(KEY_2) + "\n");
                assertTrue(watcher.reloadIfChanged());
                await(() -> oldReceived.disconnected && bobReceived.disconnected, () ->
                {
                    aliceOld.poll(oldReceived);
                    bob.poll(bobReceived);
                }, WAIT_S, () -> "revoked sessions not closed: " + oldReceived.events + " " + bobReceived.events);
                assertEquals(DropReason.REVOKED, oldReceived.dropReason);
                assertTrue(oldReceived.dropMessage.contains("the key principal 'alice' proved with was removed"),
                    oldReceived.dropMessage);
                assertEquals(AuthStatus.REVOKED, oldReceived.authStatus);
                assertEquals(DropReason.REVOKED, bobReceived.dropReason);
                assertTrue(bobReceived.dropMessage.contains("principal 'bob' was removed"), bobReceived.dropMessage);
                assertEquals(AuthStatus.REVOKED, bobReceived.authStatus);
                assertEquals(0, oldReceived.gaps);

                deliverOne(log, aliceNew, newReceived);
                assertSeqnos(1, log.commit.get(), newReceived.seqnos());
                assertEquals(null, newReceived.dropReason);
            }

            // a handshake with the removed key now fails
            try (SubscriberClient stale = server.client())
            {
                final SubscriberAuthException ex = assertThrows(SubscriberAuthException.class,
                    () -> stale.authenticate(new ClientCredentials("alice", KEY_1)));
                assertEquals(AuthStatus.BAD_PROOF, ex.status());
            }
            assertEquals(1, server.counters.authFailures());
        }
        assertTrue(watcherErrors.isEmpty(), watcherErrors.toString());
    }

    @Test
    void aFileOthersCanReadIsRefusedAtStartWithAClearMessage() throws IOException
    {
        final Path file = tmp.resolve("open.credentials");
        Files.writeString(file, "alice = " + hex(KEY_1) + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        final CredentialsException node = assertThrows(CredentialsException.class,
            () -> new CredentialsWatcher(file, 3_600_000, watcherErrors::add));
        assertTrue(node.getMessage().contains("accessible to group or others") &&
            node.getMessage().contains("chmod 600"), node.getMessage());
        final CredentialsException client = assertThrows(CredentialsException.class,
            () -> ClientCredentials.fromFile(file, "alice"));
        assertTrue(client.getMessage().contains("chmod 600"), client.getMessage());
    }

    @Test
    void aSessionThatDoesNotAuthenticateInTimeIsToldWhyAndClosed()
    {
        final Path file = credentials("alice = " + hex(KEY_1) + "\n");
        try (CredentialsWatcher watcher = watcher(file);
            TestLog log = new TestLog(tmp.resolve("log"), LOG_ID, 64 * 1024);
            Server server = new Server(tcp(watcher).logSource(log).lagTimeoutNs(300_000_000L));
            SubscriberClient idle = server.client())
        {
            final Recorder recorder = new Recorder();
            await(() -> recorder.disconnected, () -> idle.poll(recorder), WAIT_S, () -> "idle session not closed");
            assertEquals(SubscribeStatus.BAD_CREDENTIALS, recorder.status);
            assertEquals("not authenticated within 300 ms", recorder.message);
            assertEquals(1, server.counters.authFailures());
        }
    }

    @Test
    void anAeronSubscriberAuthenticatesBoundToItsSessionAndAWrongKeyIsRefused()
    {
        final Path file = credentials("alice = " + hex(KEY_1) + "\n");
        try (EmbeddedDriver driver = EmbeddedDriver.launch(DriverProfile.SMALL);
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            CredentialsWatcher watcher = watcher(file);
            TestLog log = new TestLog(tmp.resolve("log"), LOG_ID, 64 * 1024);
            Server server = new Server(new SubscriberAgent.Context().aeron(aeron, "aeron:ipc", 4001)
                .credentialsWatcher(watcher).logSource(log));
            SubscriberClient alice = SubscriberClient.aeron(aeron, "aeron:ipc", 4001, "aeron:ipc?term-length=64k", 4002)
                .credentials(new ClientCredentials("alice", KEY_1)).autoRefill(256))
        {
            log.appendAndCommit(500, 2);
            final Recorder received = new Recorder();
            alice.subscribe(new SubscribeRequest().logId(LOG_ID).startSeqno(1).endSeqno(500).initialCredit(256));
            await(() -> null != received.completeReason, () -> alice.poll(received), 30,
                () -> "aeron subscriber at " + received.lastSeqno);
            assertEquals(SubscribeStatus.OK, received.status);
            assertSeqnos(1, 500, received.seqnos());

            try (SubscriberClient wrongKey = SubscriberClient.aeron(aeron, "aeron:ipc", 4001, "aeron:ipc", 4003))
            {
                final SubscriberAuthException ex = assertThrows(SubscriberAuthException.class,
                    () -> wrongKey.authenticate(new ClientCredentials("alice", KEY_2)));
                assertEquals(AuthStatus.BAD_PROOF, ex.status());
            }
            try (SubscriberClient anonymous = SubscriberClient.aeron(aeron, "aeron:ipc", 4001, "aeron:ipc", 4004))
            {
                final Recorder refused = new Recorder();
                anonymous.subscribe(new SubscribeRequest().logId(LOG_ID).startSeqno(1));
                await(() -> null != refused.status, () -> anonymous.poll(refused), WAIT_S, () -> "no answer");
                assertEquals(SubscribeStatus.BAD_CREDENTIALS, refused.status);
            }
            assertEquals(2, server.counters.authFailures());
        }
    }

    @Test
    void theSharedSecretStillWorksAndCombinesWithTheHandshake()
    {
        final Path file = credentials("alice = " + hex(KEY_1) + "\n");
        try (CredentialsWatcher watcher = watcher(file);
            TestLog log = new TestLog(tmp.resolve("log"), LOG_ID, 64 * 1024);
            Server server = new Server(tcp(watcher).credentials("s3cret").logSource(log)))
        {
            log.appendAndCommit(10, 1);
            try (SubscriberClient both = server.client().credentials(new ClientCredentials("alice", KEY_1)))
            {
                final Recorder recorder = new Recorder();
                both.subscribe(new SubscribeRequest().logId(LOG_ID).endSeqno(10).credentials("s3cret"));
                await(() -> null != recorder.completeReason, () -> both.poll(recorder), WAIT_S, () -> "not complete");
                assertSeqnos(1, 10, recorder.seqnos());
            }
            try (SubscriberClient proofOnly = server.client().credentials(new ClientCredentials("alice", KEY_1)))
            {
                final Recorder recorder = new Recorder();
                proofOnly.subscribe(new SubscribeRequest().logId(LOG_ID).endSeqno(10).credentials("wrong"));
                await(() -> recorder.disconnected, () -> proofOnly.poll(recorder), WAIT_S, () -> "not refused");
                assertEquals(SubscribeStatus.BAD_CREDENTIALS, recorder.status);
                assertEquals("bad credentials", recorder.message);
            }
            assertEquals(1, server.counters.authFailures());
        }
    }

    @Test
    void aNodeWithoutCredentialsAcceptsAClientThatBringsThem()
    {
        try (TestLog log = new TestLog(tmp.resolve("log"), LOG_ID, 64 * 1024); Server server = Server.tcp(log);
            SubscriberClient client = server.client().credentials(new ClientCredentials("alice", KEY_1)))
        {
            log.appendAndCommit(5, 1);
            final Recorder recorder = new Recorder();
            client.subscribe(new SubscribeRequest().logId(LOG_ID).endSeqno(5));
            assertTrue(client.isAuthenticated());
            await(() -> null != recorder.completeReason, () -> client.poll(recorder), WAIT_S, () -> "not complete");
            assertSeqnos(1, 5, recorder.seqnos());
            assertEquals(0, server.counters.authFailures());
        }
    }

    // ---------------------------------------------------------------- fixtures

    private SubscriberAgent.Context tcp(final CredentialsWatcher watcher)
    {
        return new SubscriberAgent.Context()
            .tcp(new TcpTransportPoller.Context().host("127.0.0.1").port(0))
            .credentialsWatcher(watcher);
    }

    /** A watcher whose own thread never runs in a test: reloads are the test's reloadIfChanged calls. */
    private CredentialsWatcher watcher(final Path file)
    {
        return new CredentialsWatcher(file, 3_600_000, watcherErrors::add);
    }

    /** Appends and commits one entry and waits until every given client received it. */
    private static void deliverOne(final TestLog log, final Object... clientsAndRecorders)
    {
        final long seqno = log.appendAndCommit(1, 1);
        await(() ->
        {
            for (int i = 1; i < clientsAndRecorders.length; i += 2)
            {
                if (((Recorder)clientsAndRecorders[i]).lastSeqno < seqno)
                {
                    return false;
                }
            }
            return true;
        }, () ->
        {
            for (int i = 0; i < clientsAndRecorders.length; i += 2)
            {
                ((SubscriberClient)clientsAndRecorders[i]).poll((Recorder)clientsAndRecorders[i + 1]);
            }
        }, WAIT_S, () -> "entry " + seqno + " not received");
    }

    private static void awaitDisconnected(final SubscriberClient client)
    {
        final Recorder recorder = new Recorder();
        await(client::isDisconnected, () -> client.poll(recorder), WAIT_S, () -> "not closed by the node");
    }

    Path credentials(final String content)
    {
        final Path file = tmp.resolve("subscribers.credentials");
        try
        {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, content, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
        return file;
    }

    private static void rewrite(final Path file, final String content)
    {
        try
        {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    static byte[] key(final int seed)
    {
        final byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++)
        {
            key[i] = (byte)(seed * 31 + i);
        }
        return key;
    }

    static String hex(final byte[] bytes)
    {
        return HexFormat.of().formatHex(bytes);
    }
}
