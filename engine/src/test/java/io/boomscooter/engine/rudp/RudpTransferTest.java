package io.boomscooter.engine.rudp;

import io.boomscooter.engine.AgentHarness;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.Random;

import static io.boomscooter.engine.AgentHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reliable streams on loopback through a lossy receive path: everything arrives, whole and in order.
 */
class RudpTransferTest
{
    /** 5 % of datagrams dropped, 2 % duplicated, 3 % held back behind the next one; seeded. */
    static RudpFaults lossy(final long seed)
    {
        final Random random = new Random(seed);
        return (datagram, length) ->
        {
            final int r = random.nextInt(100);
            return r < 5 ? RudpFaults.DROP : r < 7 ? RudpFaults.DUPLICATE : r < 10 ? RudpFaults.DELAY :
                RudpFaults.DELIVER;
        };
    }

    static void transfer(final RudpLoad load, final RudpSettings senderSettings, final RudpSettings receiverSettings,
        final boolean faults, final long timeoutMs) throws Exception
    {
        final RudpEndpoint sender = new RudpEndpoint(senderSettings, (p, s, b, o, l) -> { }, Throwable::printStackTrace);
        final RudpEndpoint receiver = new RudpEndpoint(receiverSettings, load, Throwable::printStackTrace);
        if (faults)
        {
            receiver.faults(lossy(42));
            sender.faults(lossy(43));
        }
        load.sender = sender;
        load.streamId = 7;
        try (AgentHarness harness = new AgentHarness(sender, receiver, load))
        {
            final InetSocketAddress to = null != receiverSettings.bindV6 ? receiver.localV6() : receiver.localV4();
            load.peer = harness.call(() ->
            {
                final int peer = sender.addPeer(to);
                sender.openStream(peer, 7, RudpReliability.RELIABLE);
                return peer;
            });
            load.go = true;
            final long start = System.nanoTime();
            await("all " + load.lengths.length + " messages", timeoutMs,
                () -> load.received == load.lengths.length || null != load.failure);
            final double seconds = (System.nanoTime() - start) / 1e9;
            assertNull(load.failure);
            System.out.printf("rudp: %,d messages, %,d bytes in %.2f s (%.0f MB/s); sender %s; receiver %s%n",
                load.lengths.length, load.bytesReceived, seconds, load.bytesReceived / seconds / 1e6,
                sender.counters().toJson(), receiver.counters().toJson());
            assertEquals(load.totalBytes(), load.bytesReceived);
            assertEquals(0, load.lost, "a reliable stream never skips");
            if (faults)
            {
                assertTrue(sender.counters().packetsResent() > 0, "loss was repaired by resending");
                assertTrue(receiver.counters().duplicates() > 0, "duplicates were seen and dropped");
            }
        }
    }

    @Test
    void quarterGigabyteInMessagesOfOneKibToSixteenMibThroughLossReorderingAndDuplication() throws Exception
    {
        final RudpLoad load = new RudpLoad(1, 1024, 16 * 1024 * 1024, 256L * 1024 * 1024, 10_000);
        transfer(load, new RudpSettings(), new RudpSettings(), true, 120_000);
    }

    @Test
    void manySmallMessagesInOrderWithoutLoss() throws Exception
    {
        final RudpLoad load = new RudpLoad(2, 8, 200, Long.MAX_VALUE, 200_000);
        transfer(load, new RudpSettings(), new RudpSettings(), false, 60_000);
    }

    @Test
    void overIpv6Loopback() throws Exception
    {
        final RudpLoad load = new RudpLoad(3, 100, 100_000, 20L * 1024 * 1024, 10_000);
        final RudpSettings settings = new RudpSettings().bindV4(null).bindV6(new InetSocketAddress("::1", 0));
        final RudpSettings receiver = new RudpSettings().bindV4(null).bindV6(new InetSocketAddress("::1", 0));
        transfer(load, settings, receiver, true, 60_000);
    }

    @Test
    void encryptedThroughLoss() throws Exception
    {
        final byte[] key = new byte[32];
        new Random(9).nextBytes(key);
        final RudpLoad load = new RudpLoad(4, 100, 1_000_000, 40L * 1024 * 1024, 10_000);
        transfer(load, new RudpSettings().key(key), new RudpSettings().key(key), true, 60_000);
    }
}
