package io.boomscooter.engine.subscriber;

import io.boomscooter.client.SubscriberClient;
import io.boomscooter.client.SubscribeRequest;
import io.boomscooter.client.auth.ClientCredentials;

import io.aeron.Aeron;
import io.boomscooter.codecs.subscriber.CompleteReason;
import io.boomscooter.codecs.subscriber.SubscribeStatus;
import io.boomscooter.driver.DriverProfile;
import io.boomscooter.driver.EmbeddedDriver;
import io.boomscooter.driver.tcp.TcpClient;
import io.boomscooter.driver.tcp.TcpTransportPoller;
import io.boomscooter.engine.auth.CredentialsWatcher;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static io.boomscooter.engine.subscriber.SubscriberTestSupport.LOG_ID;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.Recorder;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.Server;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.TestLog;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.await;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.pollFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fan-out at scale and on the other paths: 1,000 concurrent TCP subscribers, zero allocation per entry on
 * the agent thread, notification-only subscribers reading the files, and the Aeron transport.
 */
class SubscriberFanOutTest
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @TempDir
    Path tmp;

    @Test
    void thousandConcurrentTcpSubscribersEachReceiveEveryEntry()
    {
        final int subscribers = 1000;
        final int entries = 1000;
        try (TestLog log = new TestLog(tmp, LOG_ID, 1024 * 1024);
            Server server = new Server(new SubscriberAgent.Context()
                .tcp(new TcpTransportPoller.Context().host("127.0.0.1").port(0).maxMessageLength(4096)
                    .sendBufferLength(32 * 1024).receiveBufferLength(8 * 1024))
                .logSource(log)))
        {
            log.appendAndCommit(entries / 2, 4);
            final SubscriberClient[] clients = new SubscriberClient[subscribers];
            final Recorder[] recorders = new Recorder[subscribers];
            final long startNs = System.nanoTime();
            try
            {
                for (int i = 0; i < subscribers; i++)
                {
                    clients[i] = SubscriberClient.over(new TcpClient(
                        new InetSocketAddress("127.0.0.1", server.agent.tcpPort()), 4096, 16 * 1024, 0));
                    recorders[i] = new Recorder();
                    recorders[i].keepChannels = false;
                    clients[i].subscribe(new SubscribeRequest().logId(LOG_ID).startSeqno(1).endSeqno(entries)
                        .initialCredit(entries));
                }
                log.appendAndCommit(entries / 2, 4); // the rest arrives live
                await(() ->
                {
                    for (final Recorder recorder : recorders)
                    {
                        if (null == recorder.completeReason)
                        {
                            return false;
                        }
                    }
                    return true;
                }, () ->
                {
                    for (int i = 0; i < subscribers; i++)
                    {
                        clients[i].poll(recorders[i]);
                    }
                }, 120, () -> "not all complete");
                final double seconds = (System.nanoTime() - startNs) / 1e9;
                for (final Recorder recorder : recorders)
                {
                    assertEquals(SubscribeStatus.OK, recorder.status);
                    assertEquals(entries, recorder.count);
                    assertEquals(0, recorder.gaps);
                    assertEquals(entries, recorder.lastSeqno);
                }
                System.out.printf("1,000 TCP subscribers x %d entries: %.2f s, %.0f entries/s fanned out%n",
                    entries, seconds, subscribers * (double)entries / seconds);
            }
            finally
            {
                CloseHelper.quietCloseAll(clients);
            }
        }
    }

    @Test
    void fanOutAgentAllocatesNothingPerEntryAfterWarmUp()
    {
        try (TestLog log = new TestLog(tmp, LOG_ID, 64 * 1024 * 1024); Server server = Server.tcp(log))
        {
            assertNoAllocationPerEntry(log, server, null);
        }
    }

    @Test
    void fanOutAgentAllocatesNothingPerEntryForAuthenticatedSubscribers() throws IOException
    {
        final Path file = tmp.resolve("credentials");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, "alice = " + SubscriberAuthTest.hex(SubscriberAuthTest.KEY_1) + "\n");
        try (CredentialsWatcher watcher =
                new CredentialsWatcher(file, 3_600_000, Throwable::printStackTrace);
            TestLog log = new TestLog(tmp.resolve("log"), LOG_ID, 64 * 1024 * 1024);
            Server server = new Server(new SubscriberAgent.Context()
                .tcp(new TcpTransportPoller.Context().host("127.0.0.1").port(0))
                .credentialsWatcher(watcher).logSource(log)))
        {
            assertNoAllocationPerEntry(log, server,
                new ClientCredentials("alice", SubscriberAuthTest.KEY_1));
        }
    }

    private static void assertNoAllocationPerEntry(final TestLog log, final Server server,
        final ClientCredentials credentials)
    {
        final int warmUp = 20_000;
        final int measured = 100_000;
        final int subscribers = 4;
        final SubscriberClient[] clients = new SubscriberClient[subscribers];
        final Recorder[] recorders = new Recorder[subscribers];
        try
        {
            for (int i = 0; i < subscribers; i++)
            {
                clients[i] = server.client().autoRefill(1024).credentials(credentials);
                recorders[i] = new Recorder();
                recorders[i].keepChannels = false;
                clients[i].subscribe(new SubscribeRequest().logId(LOG_ID).startSeqno(1).initialCredit(1024)
                    .channelPrefix(i == 0 ? "c." : ""));
            }
            // warm up with the same stepped pattern as the measurement, twice, so the JIT and the selector's
            // internal queues have settled
            for (int step = 0; step < 20; step++)
            {
                log.appendAndCommit(warmUp / 10, 2);
            }
            awaitAll(clients, recorders, 2 * warmUp);
            final long before = THREADS.getThreadAllocatedBytes(server.threadId());
            final long startNs = System.nanoTime();
            // commit in steps so the agent works history and live alike while the bytes are counted
            for (int step = 0; step < 10; step++)
            {
                log.appendAndCommit(measured / 10, 2);
            }
            awaitAll(clients, recorders, 2 * warmUp + measured);
            final long after = THREADS.getThreadAllocatedBytes(server.threadId());
            final double seconds = (System.nanoTime() - startNs) / 1e9;
            for (final Recorder recorder : recorders)
            {
                assertEquals(0, recorder.gaps);
            }
            System.out.printf("fan-out: %d entries x %d subscribers in %.2f s (%.0f entries/s); agent allocated %d bytes%n",
                measured, subscribers, seconds, measured * subscribers / seconds, after - before);
            // Per entry this is 0. A one-off of a few hundred bytes can come from the JDK's epoll selector growing
            // its key-update queue when write interest first toggles under load; it does not scale with entries.
            assertTrue(after - before < 1024,
                "bytes allocated on the fan-out thread for " + measured + " entries: " + (after - before));
        }
        finally
        {
            CloseHelper.quietCloseAll(clients);
        }
    }

    private static void awaitAll(final SubscriberClient[] clients, final Recorder[] recorders, final long seqno)
    {
        await(() ->
        {
            for (final Recorder recorder : recorders)
            {
                if (recorder.lastSeqno < seqno)
                {
                    return false;
                }
            }
            return true;
        }, () ->
        {
            for (int i = 0; i < clients.length; i++)
            {
                clients[i].poll(recorders[i]);
            }
        }, 60, () -> "subscribers did not reach " + seqno);
    }

    @Test
    void notificationOnlySubscriberReadsEveryCommittedEntryFromTheFiles() throws Exception
    {
        try (TestLog log = new TestLog(tmp, LOG_ID, 64 * 1024); Server server = Server.tcp(log);
            NotifiedLogSubscriber subscriber = new NotifiedLogSubscriber(server.client(), tmp, LOG_ID, 1))
        {
            log.appendAndCommit(500, 1);
            final Recorder recorder = new Recorder();
            recorder.keepChannels = false;
            subscriber.subscribe(0, "");
            final int total = 8000;
            final Thread producer = new Thread(() ->
            {
                while (log.writer.lastSeqno() < total)
                {
                    log.appendAndCommit(5, 1);
                    Thread.yield();
                }
            });
            producer.start();
            await(() -> recorder.lastSeqno >= total, () -> subscriber.poll(recorder, 256), 60,
                () -> "notified reader at " + recorder.lastSeqno);
            producer.join(10_000);
            assertEquals(0, recorder.gaps);
            assertEquals(recorder.lastSeqno, recorder.count);
            assertTrue(recorder.segmentsCreated > 0, "segment notifications");

            // written but not committed: the reader must not pass the commit seqno
            final long committed = log.commit.get();
            await(() -> recorder.lastSeqno == committed, () -> subscriber.poll(recorder, 256), 10, () -> "caught up");
            for (int i = 0; i < 50; i++)
            {
                log.append("c.0", 8);
            }
            final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            while (System.nanoTime() - end < 0)
            {
                subscriber.poll(recorder, 256);
            }
            assertEquals(committed, recorder.lastSeqno);
            log.commit.set(committed + 50);
            await(() -> recorder.lastSeqno == committed + 50, () -> subscriber.poll(recorder, 256), 10,
                () -> "after commit");
            assertEquals(committed + 50, recorder.commitNotified);
        }
    }

    @Test
    void aeronSubscriberGetsTheRangeAndIsUnaffectedByTcpOnes()
    {
        try (EmbeddedDriver driver = EmbeddedDriver.launch(DriverProfile.SMALL);
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            TestLog log = new TestLog(tmp, LOG_ID, 64 * 1024);
            Server server = new Server(new SubscriberAgent.Context()
                .tcp(new TcpTransportPoller.Context().host("127.0.0.1").port(0))
                .aeron(aeron, "aeron:ipc", 4001)
                .logSource(log));
            SubscriberClient client = SubscriberClient.aeron(aeron, "aeron:ipc", 4001, "aeron:ipc?term-length=64k", 4002)
                .autoRefill(256);
            SubscriberClient tcp = server.client().autoRefill(256))
        {
            log.appendAndCommit(3000, 3);
            final Recorder viaAeron = new Recorder();
            final Recorder viaTcp = new Recorder();
            client.subscribe(new SubscribeRequest().logId(LOG_ID).startSeqno(10).endSeqno(4000).initialCredit(256)
                .channelPrefix("c.1"));
            tcp.subscribe(new SubscribeRequest().logId(LOG_ID).startSeqno(1).endSeqno(4000).initialCredit(256));
            log.appendAndCommit(1000, 3);
            await(() -> null != viaAeron.completeReason && null != viaTcp.completeReason, () ->
            {
                client.poll(viaAeron);
                tcp.poll(viaTcp);
            }, 30, () -> "aeron at " + viaAeron.lastSeqno + ", tcp at " + viaTcp.lastSeqno);
            assertEquals(SubscribeStatus.OK, viaAeron.status);
            assertEquals(CompleteReason.END_SEQNO, viaAeron.completeReason);
            long expected = 0;
            for (long s = 10; s <= 4000; s++)
            {
                expected += s % 3 == 1 ? 1 : 0;
            }
            assertEquals(expected, viaAeron.count);
            for (final String channel : viaAeron.channels)
            {
                assertEquals("c.1", channel);
            }
            assertEquals(4000, viaTcp.count);
            assertEquals(0, viaTcp.gaps);
            pollFor(client, viaAeron, TimeUnit.MILLISECONDS.toNanos(50));
        }
    }
}
