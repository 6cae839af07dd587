package io.boomscooter.engine.subscriber;

import io.boomscooter.client.SubscriberClient;
import io.boomscooter.client.SubscriberListener;

import io.boomscooter.codecs.subscriber.AuthStatus;
import io.boomscooter.codecs.subscriber.CompleteReason;
import io.boomscooter.codecs.subscriber.DropReason;
import io.boomscooter.codecs.subscriber.SubscribeStatus;
import io.boomscooter.driver.tcp.TcpTransportPoller;
import io.boomscooter.engine.log.LogConfig;
import io.boomscooter.engine.log.LogWriter;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * In-process fixtures: a log written by a plain {@link LogWriter} whose commit seqno is an AtomicLong the test
 * moves, a fan-out agent on its own thread, and a listener that records what a client receives.
 */
final class SubscriberTestSupport
{
    static final int LOG_ID = 7;

    private SubscriberTestSupport()
    {
    }

    /** A log with a commit seqno the test controls; entry n has payload = 8-byte n then (n % 50) bytes. */
    static final class TestLog implements LogSource, AutoCloseable
    {
        final int logId;
        final Path dir;
        final LogWriter writer;
        final AtomicLong commit = new AtomicLong();
        private final UnsafeBuffer payload = new UnsafeBuffer(new byte[1024]);

        TestLog(final Path dir, final int logId, final int segmentLength)
        {
            this.logId = logId;
            this.dir = dir;
            this.writer = LogWriter.open(dir, new LogConfig().segmentLength(segmentLength));
        }

        synchronized long append(final String channel, final int payloadLength)
        {
            final long seqno = writer.lastSeqno() + 1;
            final byte[] channelBytes = channel.getBytes(StandardCharsets.US_ASCII);
            payload.putLong(0, seqno);
            final int length = Math.max(8, payloadLength);
            final int at = writer.claimEntry(1, seqno * 10, 99, seqno, channelBytes.length, 0, length);
            writer.claimBuffer().putBytes(at, channelBytes);
            writer.claimBuffer().putBytes(at + channelBytes.length, payload, 0, length);
            return writer.commit();
        }

        /** Appends count entries on channel "c.<n % channels>" and commits them. */
        long appendAndCommit(final int count, final int channels)
        {
            long last = 0;
            for (int i = 0; i < count; i++)
            {
                final long seqno = writer.lastSeqno() + 1;
                last = append("c." + (seqno % channels), 8 + (int)(seqno % 50));
            }
            commit.set(last);
            return last;
        }

        public int logId()
        {
            return logId;
        }

        public Path directory()
        {
            return dir;
        }

        public long commitSeqno()
        {
            return commit.get();
        }

        public void close()
        {
            writer.close();
        }
    }

    /** A fan-out on its own thread with a backoff idle strategy (no unbounded busy spin). */
    static final class Server implements AutoCloseable
    {
        final SubscriberAgent agent;
        final AgentRunner runner;
        final SubscriberCounters counters = SubscriberCounters.inProcess();

        Server(final SubscriberAgent.Context ctx)
        {
            agent = new SubscriberAgent(ctx.counters(counters));
            runner = new AgentRunner(new BackoffIdleStrategy(10, 10, 1000, 200_000), Throwable::printStackTrace, null,
                agent);
            AgentRunner.startOnThread(runner);
        }

        static Server tcp(final LogSource... sources)
        {
            return tcp(null, sources);
        }

        static Server tcp(final String credentials, final LogSource... sources)
        {
            final SubscriberAgent.Context ctx = new SubscriberAgent.Context()
                .tcp(new TcpTransportPoller.Context().host("127.0.0.1").port(0))
                .credentials(credentials);
            for (final LogSource source : sources)
            {
                ctx.logSource(source);
            }
            return new Server(ctx);
        }

        SubscriberClient client()
        {
            return SubscriberClient.tcp("127.0.0.1", agent.tcpPort());
        }

        long threadId()
        {
            return runner.thread().getId();
        }

        public void close()
        {
            CloseHelper.quietClose(runner);
        }
    }

    /** Everything a client saw, in order. */
    static final class Recorder implements SubscriberListener
    {
        final List<long[]> entries = new ArrayList<>(); // {logId, seqno, payloadLength}
        final List<String> channels = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        SubscribeStatus status;
        long earliest = -1;
        String message;
        CompleteReason completeReason;
        long completeLast = -1;
        long completeDelivered = -1;
        DropReason dropReason;
        String dropMessage;
        long commitNotified;
        long segmentsCreated;
        AuthStatus authStatus;
        String authMessage;
        boolean disconnected;
        boolean keepChannels = true;
        long lastSeqno;
        long count;
        long gaps;

        public void onSubscribeResponse(final long correlationId, final int logId, final SubscribeStatus status,
            final long earliestSeqno, final long commitSeqno, final String message)
        {
            this.status = status;
            this.earliest = earliestSeqno;
            this.message = message;
            events.add("response " + logId + " " + status);
        }

        public void onEntry(final int logId, final long seqno, final long timestampNs, final long producerId,
            final long producerSeqno, final DirectBuffer buffer, final int channelOffset, final int channelLength,
            final int keyOffset, final int keyLength, final int payloadOffset, final int payloadLength)
        {
            if (buffer.getLong(payloadOffset) != seqno)
            {
                fail("payload of " + seqno + " carries " + buffer.getLong(payloadOffset));
            }
            if (0 != lastSeqno && seqno != lastSeqno + 1)
            {
                gaps++;
            }
            count++;
            lastSeqno = seqno;
            if (keepChannels)
            {
                entries.add(new long[]{logId, seqno, payloadLength});
                channels.add(buffer.getStringWithoutLengthAscii(channelOffset, channelLength));
            }
        }

        public void onLogSwitch(final int logId)
        {
            events.add("switch " + logId);
        }

        public void onComplete(final long correlationId, final int logId, final long lastSeqno, final long delivered,
            final CompleteReason reason)
        {
            completeReason = reason;
            completeLast = lastSeqno;
            completeDelivered = delivered;
            events.add("complete " + logId + " " + reason);
        }

        public void onDropped(final long correlationId, final int logId, final DropReason reason, final long lastSeqno,
            final String message)
        {
            dropReason = reason;
            dropMessage = message;
            events.add("dropped " + logId + " " + reason);
        }

        public void onLogProgress(final int logId, final long segmentBaseSeqno, final long writtenSize,
            final long commitSeqno, final DirectBuffer fileName, final int fileNameOffset, final int fileNameLength)
        {
            commitNotified = commitSeqno;
        }

        public void onSegmentCreated(final int logId, final long segmentBaseSeqno, final long segmentLength,
            final DirectBuffer fileName, final int fileNameOffset, final int fileNameLength)
        {
            segmentsCreated++;
        }

        public void onAuthResult(final AuthStatus status, final String message)
        {
            authStatus = status;
            authMessage = message;
            events.add("auth " + status);
        }

        public void onDisconnected()
        {
            disconnected = true;
        }

        List<Long> seqnos()
        {
            final List<Long> seqnos = new ArrayList<>();
            for (final long[] entry : entries)
            {
                seqnos.add(entry[1]);
            }
            return seqnos;
        }
    }

    /** Polls until the condition holds, failing after timeoutS; yields between polls. */
    static void await(final BooleanSupplier condition, final Runnable poll, final long timeoutS,
        final Supplier<String> why)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail("timed out: " + why.get());
            }
            poll.run();
            Thread.yield();
        }
    }

    static void pollFor(final SubscriberClient client, final Recorder recorder, final long nanos)
    {
        final long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0)
        {
            client.poll(recorder);
            Thread.yield();
        }
    }

    /** Fails with the first difference rather than printing both lists. */
    static void assertSeqnos(final long from, final long to, final List<Long> actual)
    {
        for (int i = 0; i < actual.size(); i++)
        {
            if (actual.get(i) != from + i)
            {
                fail("at index " + i + " expected seqno " + (from + i) + " but got " + actual.get(i));
            }
        }
        if (actual.size() != to - from + 1)
        {
            fail("expected " + (to - from + 1) + " entries " + from + ".." + to + " but got " + actual.size());
        }
    }

    static List<Long> range(final long from, final long to)
    {
        final List<Long> list = new ArrayList<>();
        for (long s = from; s <= to; s++)
        {
            list.add(s);
        }
        return list;
    }
}
