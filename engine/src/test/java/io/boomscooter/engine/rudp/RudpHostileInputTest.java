package io.boomscooter.engine.rudp;

import io.boomscooter.engine.AgentHarness;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static io.boomscooter.engine.AgentHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With a key: a wrong key, a flipped bit, a replayed datagram and garbage are each dropped and counted, and good
 * traffic carries on. A peer that restarts mid-stream is recognised; nothing of its old incarnation is delivered
 * as new.
 */
class RudpHostileInputTest
{
    private static byte[] key(final long seed)
    {
        final byte[] key = new byte[32];
        new Random(seed).nextBytes(key);
        return key;
    }

    @Test
    void forgedReplayedAndGarbageDatagramsAreDroppedAndCounted() throws Exception
    {
        final Queue<Long> received = new ConcurrentLinkedQueue<>();
        final AtomicInteger mode = new AtomicInteger();
        final byte[][] captured = new byte[1][];
        final RudpEndpoint good = new RudpEndpoint(new RudpSettings().key(key(1)), (p, s, b, o, l) -> { },
            Throwable::printStackTrace);
        final RudpEndpoint forger = new RudpEndpoint(new RudpSettings().key(key(2)), (p, s, b, o, l) -> { },
            Throwable::printStackTrace);
        final RudpEndpoint receiver = new RudpEndpoint(new RudpSettings().key(key(1)),
            (p, s, b, o, l) -> received.add(b.getLong(o)), Throwable::printStackTrace);
        receiver.faults((datagram, length) ->
        {
            switch (mode.get())
            {
                case 1: // flip one bit of the ciphertext
                    datagram[20] ^= 0x10;
                    return RudpFaults.DELIVER;
                case 2: // remember the datagram to replay it later
                    captured[0] = java.util.Arrays.copyOf(datagram, length);
                    return RudpFaults.DELIVER;
                default:
                    return RudpFaults.DELIVER;
            }
        });
        try (AgentHarness harness = new AgentHarness(good, forger, receiver);
            DatagramSocket raw = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress()))
        {
            final int fromGood = harness.call(() -> good.addPeer(receiver.localV4()));
            final int fromForger = harness.call(() -> forger.addPeer(receiver.localV4()));
            final UnsafeBuffer message = new UnsafeBuffer(new byte[32]);
            final long[] n = {0};
            final Runnable send = () ->
            {
                try
                {
                    harness.call(() ->
                    {
                        message.putLong(0, n[0]++);
                        return good.sendFireAndForget(fromGood, message, 0, 32);
                    });
                }
                catch (final Exception ex)
                {
                    throw new IllegalStateException(ex);
                }
            };

            send.run();
            await("first good message", 5_000, () -> received.size() == 1);

            harness.call(() -> forger.sendFireAndForget(fromForger, message, 0, 32));
            await("wrong key counted", 5_000, () -> receiver.counters().droppedDecrypt() == 1);

            mode.set(1);
            send.run();
            await("flipped bit counted", 5_000, () -> receiver.counters().droppedDecrypt() == 2);

            mode.set(2);
            send.run();
            await("third good message", 5_000, () -> received.size() == 2);
            mode.set(0);
            raw.send(new DatagramPacket(captured[0], captured[0].length, receiver.localV4()));
            await("replay counted", 5_000, () -> receiver.counters().droppedReplay() == 1);

            final byte[] garbage = new byte[200];
            new Random(3).nextBytes(garbage);
            garbage[0] = 0; // even with the right version byte it does not authenticate
            raw.send(new DatagramPacket(garbage, garbage.length, receiver.localV4()));
            raw.send(new DatagramPacket(new byte[]{7, 1, 2}, 3, receiver.localV4()));
            await("garbage counted", 5_000, () -> receiver.counters().droppedDecrypt() == 3 &&
                receiver.counters().droppedVersion() == 1);

            send.run();
            await("good traffic carries on", 5_000, () -> received.size() == 3);
            assertEquals(java.util.List.of(0L, 2L, 3L), java.util.List.copyOf(received),
                "message 1 had its bit flipped; nothing else was lost or repeated");
        }
    }

    @Test
    void aPeerRestartMidStreamIsRecognisedAndItsOldIncarnationIgnored() throws Exception
    {
        final Queue<Long> received = new ConcurrentLinkedQueue<>();
        final AtomicInteger restarts = new AtomicInteger();
        final byte[][] old = new byte[1][];
        final RudpEndpoint receiver = new RudpEndpoint(new RudpSettings(), new RudpListener()
        {
            public void onMessage(final int peer, final int streamId, final org.agrona.DirectBuffer buffer,
                final int offset, final int length)
            {
                received.add(buffer.getLong(offset));
            }

            public void onPeerRestarted(final int peer)
            {
                restarts.incrementAndGet();
            }
        }, Throwable::printStackTrace);
        receiver.faults((datagram, length) ->
        {
            if (null == old[0] && length > 40)
            {
                old[0] = java.util.Arrays.copyOf(datagram, length); // a data packet of the first incarnation
            }
            return RudpFaults.DELIVER;
        });
        final UnsafeBuffer message = new UnsafeBuffer(new byte[100]);
        try (AgentHarness receiving = new AgentHarness(receiver))
        {
            final java.net.InetSocketAddress senderAddress;
            final RudpEndpoint first = new RudpEndpoint(new RudpSettings(), (p, s, b, o, l) -> { },
                Throwable::printStackTrace);
            try (AgentHarness sending = new AgentHarness(first))
            {
                senderAddress = first.localV4();
                final int peer = sending.call(() ->
                {
                    final int p = first.addPeer(receiver.localV4());
                    first.openStream(p, 3, RudpReliability.RELIABLE);
                    return p;
                });
                for (long i = 0; i < 50; i++)
                {
                    final long n = i;
                    sending.call(() ->
                    {
                        message.putLong(0, n);
                        return first.offer(peer, 3, message, 0, 100);
                    });
                }
                await("first incarnation's 50", 5_000, () -> received.size() == 50);
            }
            Thread.sleep(2); // a generation is a millisecond clock: the next incarnation must differ
            final RudpEndpoint second = new RudpEndpoint(new RudpSettings().bindV4(senderAddress),
                (p, s, b, o, l) -> { }, Throwable::printStackTrace);
            assertTrue(second.generation() > receiver.generation() - 1_000_000);
            try (AgentHarness sending = new AgentHarness(second))
            {
                final int peer = sending.call(() ->
                {
                    final int p = second.addPeer(receiver.localV4());
                    second.openStream(p, 3, RudpReliability.RELIABLE);
                    return p;
                });
                for (long i = 1000; i < 1020; i++)
                {
                    final long n = i;
                    sending.call(() ->
                    {
                        message.putLong(0, n);
                        return second.offer(peer, 3, message, 0, 100);
                    });
                }
                await("second incarnation's 20", 5_000, () -> received.size() == 70);
                assertEquals(1, restarts.get());
                assertEquals(1, receiver.counters().peerRestarts());
                // The first incarnation's packet, sent again from the same address, is refused as stale.
                sending.close(); // closes the second incarnation's socket, freeing its address
                try (DatagramSocket impostor = new DatagramSocket(senderAddress))
                {
                    impostor.send(new DatagramPacket(old[0], old[0].length, receiver.localV4()));
                }
                await("stale generation counted", 5_000, () -> receiver.counters().droppedGeneration() >= 1);
                assertEquals(70, received.size());
                final java.util.List<Long> all = java.util.List.copyOf(received);
                for (int i = 0; i < 50; i++)
                {
                    assertEquals(i, all.get(i));
                }
                for (int i = 0; i < 20; i++)
                {
                    assertEquals(1000 + i, all.get(50 + i));
                }
            }
        }
    }
}
