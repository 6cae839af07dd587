package io.boomscooter.engine.subscriber;

import io.boomscooter.engine.CounterTypes;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.nio.ByteBuffer;

/**
 * The fan-out's counters. Per-entry counts are kept in plain fields by the agent and published once
 * per duty cycle, so delivering an entry costs no atomic operation.
 */
public final class SubscriberCounters
{
    /**
     * Makes a counter; in a node {@code (type, label) -> node.counters().allocate(type, label)}.
     */
    @FunctionalInterface
    public interface Factory
    {
        AtomicCounter allocate(int typeId, String label);
    }

    final AtomicCounter sessions;
    final AtomicCounter subscriptions;
    final AtomicCounter entriesSent;
    final AtomicCounter drops;
    final AtomicCounter malformed;
    final AtomicCounter authFailures;

    public SubscriberCounters(final Factory factory)
    {
        sessions = factory.allocate(CounterTypes.SUBSCRIBER_SESSIONS, "subscriber sessions");
        subscriptions = factory.allocate(CounterTypes.SUBSCRIBER_SUBSCRIPTIONS, "subscriber subscriptions");
        entriesSent = factory.allocate(CounterTypes.SUBSCRIBER_ENTRIES_SENT, "subscriber entries sent");
        drops = factory.allocate(CounterTypes.SUBSCRIBER_DROPS, "subscriber drops");
        malformed = factory.allocate(CounterTypes.SUBSCRIBER_REJECTED, "subscriber rejected requests");
        authFailures = factory.allocate(CounterTypes.AUTH_FAILURES, "subscriber auth failures");
    }

    /**
     * @return counters in a private buffer, for tests and embedding without a node.
     */
    public static SubscriberCounters inProcess()
    {
        final int length = CountersReader.COUNTER_LENGTH * 16;
        final CountersManager manager = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(length * 4)), new UnsafeBuffer(ByteBuffer.allocateDirect(length)));
        return new SubscriberCounters((type, label) -> manager.newCounter(label, type));
    }

    public long sessions()
    {
        return sessions.get();
    }

    public long subscriptions()
    {
        return subscriptions.get();
    }

    public long entriesSent()
    {
        return entriesSent.get();
    }

    public long drops()
    {
        return drops.get();
    }

    public long malformed()
    {
        return malformed.get();
    }

    public long authFailures()
    {
        return authFailures.get();
    }
}
