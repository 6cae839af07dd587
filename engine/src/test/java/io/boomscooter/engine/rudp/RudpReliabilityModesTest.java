package io.boomscooter.engine.rudp;

import io.boomscooter.engine.AgentHarness;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.boomscooter.engine.AgentHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drop-oldest loses only the oldest and says how many; fire-and-forget never repairs; a reliable stream
 * back-pressures instead of losing.
 */
class RudpReliabilityModesTest
{
    /** Records message numbers (first 8 bytes) per stream, and the losses reported. */
    static final class Recorder implements RudpListener
    {
        final Queue<Long> messages = new ConcurrentLinkedQueue<>();
        final AtomicLong lost = new AtomicLong();

        public void onMessage(final int peer, final int streamId, final DirectBuffer buffer, final int offset,
            final int length)
        {
            messages.add(buffer.getLong(offset));
        }

        public void onLoss(final int peer, final int streamId, final long packets)
        {
            lost.addAndGet(packets);
        }
    }

    @Test
    void dropOldestLosesOnlyTheOldestAndSaysHowMany() throws Exception
    {
        final AtomicBoolean cut = new AtomicBoolean(true);
        final Recorder recorder = new Recorder();
        final RudpEndpoint sender = new RudpEndpoint(new RudpSettings().sendWindow(16), (p, s, b, o, l) -> { },
            Throwable::printStackTrace);
        final RudpEndpoint receiver = new RudpEndpoint(new RudpSettings(), recorder, Throwable::printStackTrace);
        receiver.faults((d, l) -> cut.get() ? RudpFaults.DROP : RudpFaults.DELIVER);
        try (AgentHarness harness = new AgentHarness(sender, receiver))
        {
            final int peer = harness.call(() ->
            {
                final int p = sender.addPeer(receiver.localV4());
                sender.openStream(p, 1, RudpReliability.DROP_OLDEST);
                return p;
            });
            final UnsafeBuffer message = new UnsafeBuffer(new byte[1000]);
            // One message per packet (1000 bytes: two do not fit), 100 of them into a window of 16 while the
            // receiver hears nothing: the sender evicts the oldest as it goes.
            for (long i = 0; i < 100; i++)
            {
                final long n = i;
                final long result = harness.call(() ->
                {
                    message.putLong(0, n);
                    final long r = sender.offer(peer, 1, message, 0, 1000);
                    sender.flush();
                    return r;
                });
                assertTrue(result >= 0, "drop-oldest never refuses: " + result);
            }
            cut.set(false);
            await("the newest message", 10_000, () -> recorder.messages.contains(99L));
            final List<Long> got = List.copyOf(recorder.messages);
            final long first = got.get(0);
            for (int i = 0; i < got.size(); i++)
            {
                assertEquals(first + i, got.get(i), "in order, no holes after the loss: " + got);
            }
            assertEquals(99, got.get(got.size() - 1), "the newest arrived");
            assertEquals(first, recorder.lost.get(), "the loss reported is exactly the messages skipped");
            assertEquals(sender.counters().evictedPackets(), first, "only evicted packets were lost");
        }
    }

    @Test
    void fireAndForgetIsNeverRepaired() throws Exception
    {
        final Recorder recorder = new Recorder();
        final java.util.Random random = new java.util.Random(5);
        final RudpEndpoint sender = new RudpEndpoint(new RudpSettings(), (p, s, b, o, l) -> { },
            Throwable::printStackTrace);
        final RudpEndpoint receiver = new RudpEndpoint(new RudpSettings(), recorder, Throwable::printStackTrace);
        receiver.faults((d, l) -> random.nextInt(100) < 30 ? RudpFaults.DROP : RudpFaults.DELIVER);
        try (AgentHarness harness = new AgentHarness(sender, receiver))
        {
            final int peer = harness.call(() -> sender.addPeer(receiver.localV4()));
            final UnsafeBuffer message = new UnsafeBuffer(new byte[64]);
            for (long i = 0; i < 1000; i++)
            {
                final long n = i;
                harness.call(() ->
                {
                    message.putLong(0, n);
                    return sender.sendFireAndForget(peer, message, 0, 64);
                });
            }
            await("the datagrams the hook let through", 10_000,
                () -> recorder.messages.size() + receiver.counters().droppedFault == 1000);
            assertTrue(recorder.messages.size() < 800, "about 30 % were dropped: " + recorder.messages.size());
            assertEquals(0, sender.counters().packetsResent(), "nothing is ever resent");
            assertEquals(recorder.messages.size(), recorder.messages.stream().distinct().count());
        }
    }

    @Test
    void aReliableStreamPushesBackInsteadOfLosing() throws Exception
    {
        final AtomicBoolean cut = new AtomicBoolean(true);
        final Recorder recorder = new Recorder();
        final RudpEndpoint sender = new RudpEndpoint(new RudpSettings().sendWindow(16), (p, s, b, o, l) -> { },
            Throwable::printStackTrace);
        final RudpEndpoint receiver = new RudpEndpoint(new RudpSettings(), recorder, Throwable::printStackTrace);
        receiver.faults((d, l) -> cut.get() ? RudpFaults.DROP : RudpFaults.DELIVER);
        try (AgentHarness harness = new AgentHarness(sender, receiver))
        {
            final int peer = harness.call(() ->
            {
                final int p = sender.addPeer(receiver.localV4());
                sender.openStream(p, 1, RudpReliability.RELIABLE);
                return p;
            });
            final UnsafeBuffer message = new UnsafeBuffer(new byte[1000]);
            long accepted = 0;
            long refused = 0;
            for (long i = 0; i < 100; i++)
            {
                final long n = accepted;
                final long result = harness.call(() ->
                {
                    message.putLong(0, n);
                    final long r = sender.offer(peer, 1, message, 0, 1000);
                    sender.flush();
                    return r;
                });
                if (result >= 0)
                {
                    accepted++;
                }
                else
                {
                    assertEquals(RudpEndpoint.BACK_PRESSURED, result);
                    refused++;
                }
            }
            assertTrue(refused > 0 && accepted <= 16, accepted + " accepted, " + refused + " refused");
            cut.set(false);
            final long expected = accepted;
            await("every accepted message", 10_000, () -> recorder.messages.size() == expected);
            for (int i = 0; i < expected; i++)
            {
                assertEquals(i, List.copyOf(recorder.messages).get(i));
            }
            assertEquals(0, recorder.lost.get());
        }
    }
}
