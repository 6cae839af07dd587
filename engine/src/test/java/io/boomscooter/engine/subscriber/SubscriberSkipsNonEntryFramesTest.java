package io.boomscooter.engine.subscriber;

import io.boomscooter.client.SubscriberClient;
import io.boomscooter.client.SubscribeRequest;

import io.boomscooter.codecs.subscriber.CompleteReason;
import io.boomscooter.codecs.subscriber.SubscribeStatus;
import io.boomscooter.engine.log.FrameTypes;
import org.agrona.concurrent.UnsafeBuffer;
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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Log format 2 puts leader markers and protocol families' frames between entries: a subscriber receives only the
 * entries, sees the seqno gaps where the other frames sit, is never dropped for them, and a count limit counts
 * entries delivered.
 */
class SubscriberSkipsNonEntryFramesTest
{
    @TempDir
    Path tmp;

    /** Appends entries with a leader marker first and a family frame after every 10th entry; commits all. */
    private static long fill(final TestLog log, final int entries)
    {
        final UnsafeBuffer body = new UnsafeBuffer(new byte[16]);
        log.writer.appendFrame(FrameTypes.LEADER_MARKER, 1, 0, body, 0, 0);
        for (int i = 1; i <= entries; i++)
        {
            log.append("c.0", 8);
            if (i % 10 == 0)
            {
                log.writer.appendFrame(0x1F2, 1, 0, body, 0, 16);
            }
        }
        log.commit.set(log.writer.lastSeqno());
        return log.writer.lastSeqno();
    }

    @Test
    void onlyEntriesAreDeliveredAndOtherFramesAreGapsNotErrors()
    {
        try (TestLog log = new TestLog(tmp, LOG_ID, 64 * 1024); Server server = Server.tcp(log);
            SubscriberClient client = server.client().autoRefill(256))
        {
            final long last = fill(log, 1000);
            assertEquals(1000 + 1 + 100, last);
            final Recorder recorder = new Recorder();
            client.subscribe(new SubscribeRequest().logId(LOG_ID).startSeqno(1).initialCredit(256));
            await(() -> recorder.count >= 1000, () -> client.poll(recorder), 30,
                () -> "delivered " + recorder.count);
            pollFor(client, recorder, TimeUnit.MILLISECONDS.toNanos(100));
            assertEquals(SubscribeStatus.OK, recorder.status);
            assertEquals(1000, recorder.count, "every entry once, no other frame");
            assertEquals(last - 1, recorder.lastSeqno, "the last frame is a family frame, the one before an entry");
            assertEquals(2, recorder.entries.get(0)[1], "seqno 1 is the leader marker");
            assertEquals(99, recorder.gaps, "one gap per family frame but the one after the last entry");
            assertNull(recorder.dropReason, () -> "dropped: " + recorder.dropMessage);
        }
    }

    @Test
    void aCountLimitCountsEntriesDelivered()
    {
        try (TestLog log = new TestLog(tmp, LOG_ID, 64 * 1024); Server server = Server.tcp(log);
            SubscriberClient client = server.client())
        {
            fill(log, 100);
            final Recorder recorder = new Recorder();
            client.subscribe(new SubscribeRequest().logId(LOG_ID).startSeqno(1).maxCount(25));
            await(() -> null != recorder.completeReason, () -> client.poll(recorder), 30,
                () -> "delivered " + recorder.count);
            assertEquals(CompleteReason.COUNT, recorder.completeReason);
            assertEquals(25, recorder.count);
            assertEquals(25, recorder.completeDelivered);
            assertTrue(recorder.completeLast > 25, "seqnos of skipped frames lie between: " + recorder.completeLast);
            assertEquals(recorder.lastSeqno, recorder.completeLast);
        }
    }

    @Test
    void aNotificationSubscriberIsToldOfACommitThatEndsOnAFamilyFrame()
    {
        try (TestLog log = new TestLog(tmp, LOG_ID, 64 * 1024); Server server = Server.tcp(log);
            SubscriberClient client = server.client())
        {
            final long last = fill(log, 100);
            final Recorder recorder = new Recorder();
            client.subscribe(new SubscribeRequest().logId(LOG_ID).startSeqno(1).notifyOnly(1));
            await(() -> recorder.commitNotified == last, () -> client.poll(recorder), 30,
                () -> "notified " + recorder.commitNotified + " of " + last);
            assertNull(recorder.dropReason, () -> "dropped: " + recorder.dropMessage);
        }
    }
}
