package io.boomscooter.engine.subscriber;

import io.boomscooter.client.SubscriberClient;
import io.boomscooter.client.SubscriberListener;
import io.boomscooter.client.SubscribeRequest;

import io.boomscooter.codecs.subscriber.CompleteReason;
import io.boomscooter.codecs.subscriber.SubscribeStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.boomscooter.engine.subscriber.SubscriberTestSupport.LOG_ID;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.Recorder;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.Server;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.TestLog;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.await;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.pollFor;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.assertSeqnos;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Full subscribers over TCP against an in-process fan-out and a log whose commit seqno the test moves.
 */
class SubscriberDeliveryTest
{
    private static final int SEGMENT = 64 * 1024;

    @TempDir
    Path tmp;

    @Test
    void historyThenLiveWithNoGapOrDuplicateWhileAppending() throws Exception
    {
        try (TestLog log = new TestLog(tmp, LOG_ID, SEGMENT); Server server = Server.tcp(log);
            SubscriberClient client = server.client().autoRefill(512))
        {
            log.appendAndCommit(3000, 3);
            final Recorder recorder = new Recorder();
            client.subscribe(new SubscribeRequest().logId(LOG_ID).startSeqno(1).initialCredit(512));
            final int total = 15_000;
            final Thread producer = new Thread(() ->
            {
                // commit trails the writer so the subscriber keeps crossing from history to live
                while (log.writer.lastSeqno() < total)
                {
                    log.appendAndCommit(7, 3);
                    Thread.yield();
                }
            });
            producer.start();
            await(() -> recorder.lastSeqno >= total, () -> client.poll(recorder), 60,
                () -> "delivered up to " + recorder.lastSeqno);
            producer.join(10_000);
            assertEquals(SubscribeStatus.OK, recorder.status);
            assertSeqnos(1, recorder.lastSeqno, recorder.seqnos());
            assertTrue(log.writer.segmentCount() > 2, "rolled segments on the way");
        }
    }

    @Test
    void deliversOnlyCommittedEntries()
    {
        try (TestLog log = new TestLog(tmp, LOG_ID, SEGMENT); Server server = Server.tcp(log);
            SubscriberClient client = server.client())
        {
            log.appendAndCommit(10, 1);
            for (int i = 0; i < 20; i++)
            {
                log.append("c.0", 8); // written, not committed
            }
            final Recorder recorder = new Recorder();
            client.subscribe(new SubscribeRequest().logId(LOG_ID).startSeqno(1));
            await(() -> recorder.count >= 10, () -> client.poll(recorder), 10, () -> "first 10");
            pollFor(client, recorder, TimeUnit.MILLISECONDS.toNanos(200));
            assertSeqnos(1, 10, recorder.seqnos());
            log.commit.set(25);
            await(() -> recorder.count >= 25, () -> client.poll(recorder), 10, () -> "up to 25");
            pollFor(client, recorder, TimeUnit.MILLISECONDS.toNanos(100));
            assertSeqnos(1, 25, recorder.seqnos());
        }
    }

    @Test
    void endSeqnoCountAndByteLimitsEachStopExactly()
    {
        try (TestLog log = new TestLog(tmp, LOG_ID, SEGMENT); Server server = Server.tcp(log))
        {
            log.appendAndCommit(1000, 1);

            final Recorder byEnd = run(server, new SubscribeRequest().logId(LOG_ID).startSeqno(100).endSeqno(250));
            assertSeqnos(100, 250, byEnd.seqnos());
            assertEquals(CompleteReason.END_SEQNO, byEnd.completeReason);
            assertEquals(250, byEnd.completeLast);
            assertEquals(151, byEnd.completeDelivered);

            final Recorder byCount = run(server, new SubscribeRequest().logId(LOG_ID).startSeqno(10).maxCount(77));
            assertSeqnos(10, 86, byCount.seqnos());
            assertEquals(CompleteReason.COUNT, byCount.completeReason);
            assertEquals(77, byCount.completeDelivered);

            // payload of n is 8 + n % 50 bytes: from 1, entries 1..k fit while the sum stays within the limit
            long sum = 0;
            long fit = 0;
            for (long s = 1; sum + 8 + s % 50 <= 5000; s++)
            {
                sum += 8 + s % 50;
                fit = s;
            }
            final Recorder byBytes = run(server, new SubscribeRequest().logId(LOG_ID).startSeqno(1).maxBytes(5000));
            assertSeqnos(1, fit, byBytes.seqnos());
            assertEquals(CompleteReason.BYTES, byBytes.completeReason);

            final long exact = sum;
            final Recorder byExactBytes = run(server, new SubscribeRequest().logId(LOG_ID).startSeqno(1).maxBytes(exact));
            assertSeqnos(1, fit, byExactBytes.seqnos());
            assertEquals(CompleteReason.BYTES, byExactBytes.completeReason);

            // an end seqno not committed yet: waits for it, then completes
            final Recorder waiting = new Recorder();
            try (SubscriberClient client = server.client())
            {
                client.subscribe(new SubscribeRequest().logId(LOG_ID).startSeqno(995).endSeqno(1005));
                await(() -> waiting.count == 6, () -> client.poll(waiting), 10, () -> "history part");
                pollFor(client, waiting, TimeUnit.MILLISECONDS.toNanos(100));
                assertEquals(null, waiting.completeReason);
                log.appendAndCommit(20, 1);
                await(() -> null != waiting.completeReason, () -> client.poll(waiting), 10, () -> "completion");
                assertSeqnos(995, 1005, waiting.seqnos());
            }
        }
    }

    @Test
    void channelPrefixFilterDeliversOnlyMatchingEntries()
    {
        try (TestLog log = new TestLog(tmp, LOG_ID, SEGMENT); Server server = Server.tcp(log))
        {
            for (int i = 1; i <= 300; i++)
            {
                log.append(i % 3 == 0 ? "orders.eu" : i % 3 == 1 ? "orders.us" : "trades.eu", 8);
            }
            log.commit.set(300);
            final Recorder recorder = run(server,
                new SubscribeRequest().logId(LOG_ID).startSeqno(1).endSeqno(300).channelPrefix("orders."));
            assertEquals(200, recorder.count);
            for (final String channel : recorder.channels)
            {
                assertTrue(channel.startsWith("orders."), channel);
            }
            final Recorder eu = run(server,
                new SubscribeRequest().logId(LOG_ID).startSeqno(1).endSeqno(300).channelPrefix("orders.eu"));
            assertEquals(100, eu.count);
            assertEquals(CompleteReason.END_SEQNO, eu.completeReason);
            assertEquals(300, eu.completeLast);
        }
    }

    @Test
    void creditExhaustionStopsDeliveryAndRefillResumesIt()
    {
        try (TestLog log = new TestLog(tmp, LOG_ID, SEGMENT); Server server = Server.tcp(log);
            SubscriberClient client = server.client())
        {
            log.appendAndCommit(500, 1);
            final Recorder recorder = new Recorder();
            client.subscribe(new SubscribeRequest().logId(LOG_ID).startSeqno(1).initialCredit(40));
            await(() -> recorder.count >= 40, () -> client.poll(recorder), 10, () -> "first 40");
            pollFor(client, recorder, TimeUnit.MILLISECONDS.toNanos(200));
            assertSeqnos(1, 40, recorder.seqnos());
            client.refill(LOG_ID, 100);
            await(() -> recorder.count >= 140, () -> client.poll(recorder), 10, () -> "after refill");
            pollFor(client, recorder, TimeUnit.MILLISECONDS.toNanos(100));
            assertSeqnos(1, 140, recorder.seqnos());
            client.unsubscribe(LOG_ID);
            await(() -> null != recorder.completeReason, () -> client.poll(recorder), 10, () -> "unsubscribed");
            assertEquals(CompleteReason.UNSUBSCRIBED, recorder.completeReason);
            assertEquals(140, recorder.completeLast);
        }
    }

    @Test
    void multiplexedSessionDeliversEachLogInOrderWithLogSwitches()
    {
        try (TestLog a = new TestLog(tmp.resolve("a"), 1, SEGMENT); TestLog b = new TestLog(tmp.resolve("b"), 2, SEGMENT);
            TestLog c = new TestLog(tmp.resolve("c"), 3, SEGMENT); Server server = Server.tcp(a, b, c);
            SubscriberClient client = server.client().autoRefill(64))
        {
            a.appendAndCommit(2000, 1);
            b.appendAndCommit(1500, 1);
            c.appendAndCommit(10, 1);
            final MuxRecorder recorder = new MuxRecorder();
            client.subscribe(new SubscribeRequest().logId(1).startSeqno(1).endSeqno(3000).initialCredit(64));
            client.subscribe(new SubscribeRequest().logId(2).startSeqno(1).endSeqno(3000).initialCredit(64));
            client.subscribe(new SubscribeRequest().logId(3).startSeqno(5).initialCredit(64));
            a.appendAndCommit(1000, 1);
            b.appendAndCommit(1500, 1);
            await(() -> recorder.completed == 2 && recorder.next[3] == 11, () -> client.poll(recorder), 30,
                () -> "mux: next " + recorder.next[1] + "/" + recorder.next[2] + "/" + recorder.next[3]);
            assertEquals(3001, recorder.next[1]);
            assertEquals(3001, recorder.next[2]);
            assertTrue(recorder.switches > 2, "log switches seen: " + recorder.switches);
            assertEquals(0, recorder.mismatches, "entries carry the log of the last switch");
        }
    }

    private static Recorder run(final Server server, final SubscribeRequest request)
    {
        final Recorder recorder = new Recorder();
        try (SubscriberClient client = server.client())
        {
            client.subscribe(request.initialCredit(1_000_000));
            await(() -> null != recorder.completeReason, () -> client.poll(recorder), 10,
                () -> "completion, got " + recorder.count);
            pollFor(client, recorder, TimeUnit.MILLISECONDS.toNanos(50));
        }
        return recorder;
    }

    /** Checks each log's seqnos are contiguous and that entries match the last LogSwitch. */
    private static final class MuxRecorder implements SubscriberListener
    {
        final long[] next = {0, 1, 1, 5};
        int current = -1;
        int switches;
        int mismatches;
        int completed;

        public void onSubscribeResponse(final long correlationId, final int logId, final SubscribeStatus status,
            final long earliestSeqno, final long commitSeqno, final String message)
        {
            assertEquals(SubscribeStatus.OK, status, message);
        }

        public void onLogSwitch(final int logId)
        {
            switches++;
            current = logId;
        }

        public void onEntry(final int logId, final long seqno, final long timestampNs, final long producerId,
            final long producerSeqno, final org.agrona.DirectBuffer buffer, final int channelOffset,
            final int channelLength, final int keyOffset, final int keyLength, final int payloadOffset,
            final int payloadLength)
        {
            if (-1 == current)
            {
                current = logId; // the first entry needs no switch
            }
            if (logId != current)
            {
                mismatches++;
            }
            assertEquals(next[logId], seqno, "log " + logId);
            next[logId]++;
        }

        public void onComplete(final long correlationId, final int logId, final long lastSeqno, final long delivered,
            final CompleteReason reason)
        {
            completed++;
        }
    }
}
