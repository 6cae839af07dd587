package io.boomscooter.engine.rudp;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gap is NAK'd once it has been missing for the NAK delay (not at the second periodic sync as before: under 5 %
 * loss that put a ping-pong's p50 at the 2 ms sync interval), and again each delay while it stays missing.
 */
class RudpNakDelayTest
{
    private static final long DELAY = 250_000;

    @Test
    void aGapIsNakdOnceItIsANakDelayOldAndAgainEachDelay()
    {
        final RudpReceiveStream stream = new RudpReceiveStream(0, 1, 64, new RudpBufferPool(8, 2048), 1 << 20,
            new RudpCounters());
        final RudpReceiveStream.Delivery delivery = (peer, streamId, buffer, offset, length) -> { };
        final UnsafeBuffer packet = new UnsafeBuffer(new byte[16]);
        packet.putInt(0, 4);     // one whole 4-byte message
        final long[] naks = new long[8];

        stream.onPacket(packet, 0, 8, 0, 0, 1_000_000, delivery);
        assertFalse(stream.hasGap());
        stream.onPacket(packet, 0, 8, 0, 2, 1_000_000, delivery);      // packet 1 is missing from now on
        assertTrue(stream.hasGap());
        assertEquals(0, stream.collectNaks(naks, naks.length, 1_000_000 + DELAY - 1, DELAY), "still within the delay");
        assertEquals(1, stream.collectNaks(naks, naks.length, 1_000_000 + DELAY, DELAY));
        assertEquals(1, naks[0]);
        assertEquals(0, stream.collectNaks(naks, naks.length, 1_000_000 + DELAY + 1, DELAY), "just NAK'd");
        assertEquals(1, stream.collectNaks(naks, naks.length, 1_000_000 + 2 * DELAY, DELAY), "NAK'd again");

        stream.onPacket(packet, 0, 8, 0, 1, 1_000_000 + 2 * DELAY + 5, delivery);   // the resend arrives
        assertFalse(stream.hasGap());
        assertEquals(0, stream.collectNaks(naks, naks.length, 1_000_000 + 10 * DELAY, DELAY));
    }
}
