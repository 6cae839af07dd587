package io.boomscooter.engine.subscriber;

import io.boomscooter.client.SubscriberClient;
import io.boomscooter.client.SubscribeRequest;

import io.boomscooter.codecs.subscriber.DropReason;
import io.boomscooter.codecs.subscriber.SubscribeStatus;
import io.boomscooter.driver.tcp.TcpClient;
import io.boomscooter.driver.tcp.TcpTransportPoller;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.boomscooter.engine.subscriber.SubscriberTestSupport.LOG_ID;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.Recorder;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.Server;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.TestLog;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every handshake error gets a response with a status the client can read, then the connection closes;
 * the node keeps serving others. Slow subscribers are dropped with a reason.
 */
class SubscriberErrorTest
{
    private static final int SEGMENT = 64 * 1024;

    @TempDir
    Path tmp;

    @Test
    void everyHandshakeErrorIsAnsweredThenTheConnectionCloses()
    {
        try (TestLog log = new TestLog(tmp, LOG_ID, SEGMENT); Server server = Server.tcp("s3cret", log))
        {
            log.appendAndCommit(100, 1);
            assertRejected(server, new SubscribeRequest().logId(99).credentials("s3cret"), SubscribeStatus.UNKNOWN_LOG);
            assertRejected(server, new SubscribeRequest().logId(LOG_ID).credentials("s3cret").protocolVersion(2),
                SubscribeStatus.BAD_VERSION);
            assertRejected(server, new SubscribeRequest().logId(LOG_ID).credentials("wrong"),
                SubscribeStatus.BAD_CREDENTIALS);
            assertRejected(server, new SubscribeRequest().logId(LOG_ID), SubscribeStatus.BAD_CREDENTIALS);
            assertRejected(server, new SubscribeRequest().logId(LOG_ID).credentials("s3cret").startSeqno(0),
                SubscribeStatus.MALFORMED);
            assertRejected(server, new SubscribeRequest().logId(LOG_ID).credentials("s3cret").startSeqno(50)
                .endSeqno(10), SubscribeStatus.MALFORMED);
            assertRejected(server, new SubscribeRequest().logId(LOG_ID).credentials("s3cret").initialCredit(-5),
                SubscribeStatus.MALFORMED);
            assertEquals(2, server.counters.authFailures());

            // unharmed: a good subscriber still gets everything
            final Recorder good = new Recorder();
            try (SubscriberClient client = server.client())
            {
                client.subscribe(new SubscribeRequest().logId(LOG_ID).credentials("s3cret").endSeqno(100));
                await(() -> null != good.completeReason, () -> client.poll(good), 10, () -> "good subscriber");
                assertEquals(100, good.count);
            }
        }
    }

    @Test
    void startBelowRetentionGetsTrimmedWithTheEarliestSeqno()
    {
        try (TestLog log = new TestLog(tmp, LOG_ID, SEGMENT); Server server = Server.tcp(log))
        {
            log.appendAndCommit(5000, 1); // several 64 KiB segments
            assertTrue(log.writer.trimBelow(3000) > 0, "trimmed some segments");
            final long earliest = log.writer.firstSeqno();
            assertTrue(earliest > 1);
            final Recorder recorder = assertRejected(server, new SubscribeRequest().logId(LOG_ID).startSeqno(1),
                SubscribeStatus.TRIMMED);
            assertEquals(earliest, recorder.earliest);

            final Recorder fromEarliest = new Recorder();
            try (SubscriberClient client = server.client())
            {
                client.subscribe(new SubscribeRequest().logId(LOG_ID).startSeqno(recorder.earliest).endSeqno(5000)
                    .initialCredit(10_000));
                await(() -> null != fromEarliest.completeReason, () -> client.poll(fromEarliest), 10, () -> "rest");
                assertEquals(5000 - earliest + 1, fromEarliest.count);
            }
        }
    }

    @Test
    void malformedBytesAreRejectedCountedAndClosedWithoutHarm()
    {
        try (TestLog log = new TestLog(tmp, LOG_ID, SEGMENT); Server server = Server.tcp(log))
        {
            log.appendAndCommit(10, 1);
            final byte[][] garbage = {
                {1, 2, 3},                                          // shorter than a header
                {36, 0, 1, 0, 99, 0, 1, 0},                         // wrong schema id
                {67, 0, 1, 0, 104, 0, 1, 0, 1, 0},                  // Subscribe truncated inside its block
                {8, 0, 99, 0, 104, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}, // unknown template
                subscribeWithVarLength(200),                        // a var field running past the end
            };
            for (final byte[] bytes : garbage)
            {
                try (TcpClient raw = new TcpClient(new InetSocketAddress("127.0.0.1", server.agent.tcpPort()), 65536, 0, 0))
                {
                    raw.send(new UnsafeBuffer(bytes), 0, bytes.length);
                    final Recorder recorder = new Recorder();
                    final SubscriberClient probe = SubscriberClient.over(raw);
                    await(probe::isDisconnected, () -> probe.poll(recorder), 10, () -> "closed after garbage");
                    assertTrue(SubscribeStatus.MALFORMED == recorder.status || SubscribeStatus.BAD_VERSION == recorder.status,
                        "status " + recorder.status);
                    assertTrue(null != recorder.message && !recorder.message.isEmpty(), "a reason");
                }
            }
            assertEquals(garbage.length, server.counters.malformed());
            final Recorder good = new Recorder();
            try (SubscriberClient client = server.client())
            {
                client.subscribe(new SubscribeRequest().logId(LOG_ID).endSeqno(10));
                await(() -> null != good.completeReason, () -> client.poll(good), 10, () -> "still serving");
            }
        }
    }

    @Test
    void frozenSubscriberIsDroppedWithAReasonItCanRead()
    {
        try (TestLog log = new TestLog(tmp, LOG_ID, 1024 * 1024))
        {
            final SubscriberTestSupport.Server server = new Server(new SubscriberAgent.Context()
                .tcp(new TcpTransportPoller.Context().host("127.0.0.1").port(0).sendBufferLength(128 * 1024)
                    .socketSendBufferSize(64 * 1024))
                .lagTimeoutNs(TimeUnit.MILLISECONDS.toNanos(500))
                .logSource(log));
            try (server; TcpClient raw = new TcpClient(new InetSocketAddress("127.0.0.1", server.agent.tcpPort()), 65536,
                0, 16 * 1024); SubscriberClient other = server.client().autoRefill(1000))
            {
                log.appendAndCommit(20_000, 1);
                final SubscriberClient frozen = SubscriberClient.over(raw);
                frozen.subscribe(new SubscribeRequest().logId(LOG_ID).initialCredit(1_000_000));
                final Recorder otherRecorder = new Recorder();
                otherRecorder.keepChannels = false;
                other.subscribe(new SubscribeRequest().logId(LOG_ID).initialCredit(1000));
                // the frozen one reads nothing while the other reads everything, then more arrives
                await(() -> otherRecorder.lastSeqno == 20_000, () -> other.poll(otherRecorder), 30,
                    () -> "other subscriber at " + otherRecorder.lastSeqno);
                await(() -> server.counters.drops() == 1, () -> other.poll(otherRecorder), 30, () -> "frozen one dropped");
                log.appendAndCommit(1000, 1);
                await(() -> otherRecorder.lastSeqno == 21_000, () -> other.poll(otherRecorder), 30,
                    () -> "other subscriber unaffected");
                // now it thaws: it reads what was queued, then the reason
                final Recorder thawed = new Recorder();
                thawed.keepChannels = false;
                await(frozen::isDisconnected, () -> frozen.poll(thawed), 30, () -> "thawed reads to the end");
                assertEquals(DropReason.LAGGING, thawed.dropReason);
                assertTrue(thawed.dropMessage.contains("lag"), thawed.dropMessage);
                assertTrue(thawed.lastSeqno < 20_000, "it was behind: " + thawed.lastSeqno);
            }
        }
    }

    private static byte[] subscribeWithVarLength(final int length)
    {
        final byte[] bytes = new byte[8 + 67 + 1];
        bytes[0] = 67;
        bytes[2] = 1;
        bytes[4] = 104;
        bytes[6] = 1;
        bytes[8 + 67] = (byte)length;
        return bytes;
    }

    private static Recorder assertRejected(final Server server, final SubscribeRequest request,
        final SubscribeStatus expected)
    {
        final Recorder recorder = new Recorder();
        try (SubscriberClient client = server.client())
        {
            client.subscribe(request);
            await(client::isDisconnected, () -> client.poll(recorder), 10, () -> "closed after " + expected);
            assertEquals(expected, recorder.status, recorder.message);
            assertTrue(null != recorder.message && !recorder.message.isEmpty(), "reason given");
            assertEquals(0, recorder.count);
        }
        return recorder;
    }
}
