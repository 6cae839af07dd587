package io.boomscooter.engine.rudp;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * One sequenced stream from one peer, receiving side. Packets are read in number order: the next expected one at
 * once, from where it landed; one ahead of a gap waits in a pooled buffer until the gap is repaired. Messages are
 * cut from the payloads (u32 length, then the bytes) and reassembled across packets into a buffer that grows to
 * the largest message seen (up to the maximum), so steady traffic allocates nothing. A gap is NAK'd once it has
 * been missing for the NAK delay (a reordering tolerance), at once on the control lane rather than at the next
 * periodic sync, and again each NAK delay while it stays missing; a SEND_SYNC whose low-water mark passes a gap (the sender evicted or lost the
 * packets) makes the stream skip it, drop the message it cut, and count the loss.
 */
final class RudpReceiveStream
{
    final int peer;
    final int streamId;
    private final int horizon;
    private final long[] ids;
    private final UnsafeBuffer[] held;
    private final int[] heldLengths;
    private final int[] heldFirstOffsets;
    private final long[] missingSince;
    private final RudpBufferPool pool;
    private final RudpCounters counters;
    private final int maxMessageLength;
    /** When this node last sent this stream a RECV_SYNC (the endpoint's bookkeeping). */
    long lastRecvSyncNs;
    private UnsafeBuffer assembly = new UnsafeBuffer(new byte[64 * 1024]);

    long expected;
    long highWater;
    long syncedExpected = -1;
    long lostSinceReport;
    private int messageLength;
    private int assembled;
    private boolean inMessage;
    private boolean skipping;

    RudpReceiveStream(final int peer, final int streamId, final int horizon, final RudpBufferPool pool,
        final int maxMessageLength, final RudpCounters counters)
    {
        this.peer = peer;
        this.streamId = streamId;
        this.horizon = horizon;
        this.ids = new long[horizon];
        this.held = new UnsafeBuffer[horizon];
        this.heldLengths = new int[horizon];
        this.heldFirstOffsets = new int[horizon];
        this.missingSince = new long[horizon];
        java.util.Arrays.fill(ids, -1);
        this.pool = pool;
        this.maxMessageLength = maxMessageLength;
        this.counters = counters;
    }

    /** Forgets everything and returns held buffers: the sender restarted. */
    void reset()
    {
        for (int i = 0; i < horizon; i++)
        {
            if (null != held[i])
            {
                pool.give(held[i]);
                held[i] = null;
            }
            ids[i] = -1;
        }
        expected = 0;
        highWater = 0;
        syncedExpected = -1;
        inMessage = false;
        skipping = false;
    }

    /** @return true when a RECV_SYNC is due: progress not yet acknowledged, or gaps to NAK. */
    boolean needsSync()
    {
        return syncedExpected != expected || highWater > expected;
    }

    void onPacket(final DirectBuffer buffer, final int payloadOffset, final int payloadLength, final int firstOffset,
        final long number, final long nowNs, final Delivery delivery)
    {
        if (number < expected)
        {
            counters.duplicates++;
            syncedExpected = -1; // the sender resent something we hold: tell it again
            return;
        }
        if (number - expected >= horizon)
        {
            counters.beyondHorizon++;
            return;
        }
        noteHighWater(number + 1, nowNs);
        if (number == expected)
        {
            process(buffer, payloadOffset, payloadLength, firstOffset, delivery);
            expected++;
            drain(delivery);
            return;
        }
        final int index = (int)(number % horizon);
        if (ids[index] == number)
        {
            counters.duplicates++;
            return;
        }
        final UnsafeBuffer copy = pool.take();
        if (null == copy)
        {
            counters.poolExhausted++; // it will be NAK'd and sent again when buffers free up
            return;
        }
        copy.putBytes(0, buffer, payloadOffset, payloadLength);
        held[index] = copy;
        heldLengths[index] = payloadLength;
        heldFirstOffsets[index] = firstOffset;
        ids[index] = number;
    }

    /** The sender says what it has sent (high) and the oldest it can still resend (low). */
    void onSendSync(final long high, final long low, final long nowNs, final Delivery delivery)
    {
        if (high < expected || high - expected > horizon)
        {
            // nonsense (behind what we hold, or a u64 past 2^63, which let a low-water mark up to 2^63 through and
            // made the skip below loop for years) or far beyond what we can hold: the data packets will tell
            return;
        }
        noteHighWater(high, nowNs);
        if (low > expected)
        {
            long lost = 0;
            while (expected < low)
            {
                final int index = (int)(expected % horizon);
                if (ids[index] == expected)
                {
                    processHeld(index, delivery);
                }
                else
                {
                    lost++;
                    dropPartial();
                }
                expected++;
            }
            drain(delivery);
            counters.packetsLost += lost;
            lostSinceReport += lost;
        }
    }

    private void noteHighWater(final long high, final long nowNs)
    {
        for (long n = Math.max(highWater, expected); n < high && n - expected < horizon; n++)
        {
            missingSince[(int)(n % horizon)] = nowNs;
        }
        if (high > highWater)
        {
            highWater = high;
        }
    }

    /**
     * @param nowNs    the time now.
     * @param minAgeNs a gap is NAK'd once it has been missing this long (reordering tolerance), and again each
     *                 time this long passes without it arriving.
     * @return NAKs written (packet numbers into naks).
     */
    int collectNaks(final long[] naks, final int max, final long nowNs, final long minAgeNs)
    {
        int n = 0;
        for (long p = expected; p < highWater && n < max; p++)
        {
            final int index = (int)(p % horizon);
            if (ids[index] != p && nowNs - missingSince[index] >= minAgeNs)
            {
                naks[n++] = p;
                missingSince[index] = nowNs;
            }
        }
        return n;
    }

    /**
     * @return true when a packet after a missing one has arrived (there is something to NAK, now or soon).
     */
    boolean hasGap()
    {
        return highWater > expected;
    }

    private void drain(final Delivery delivery)
    {
        while (true)
        {
            final int index = (int)(expected % horizon);
            if (ids[index] != expected)
            {
                return;
            }
            processHeld(index, delivery);
            expected++;
        }
    }

    private void processHeld(final int index, final Delivery delivery)
    {
        final UnsafeBuffer buffer = held[index];
        ids[index] = -1;
        held[index] = null;
        process(buffer, 0, heldLengths[index], heldFirstOffsets[index], delivery);
        pool.give(buffer);
    }

    private void dropPartial()
    {
        inMessage = false;
        skipping = true;
    }

    private void process(final DirectBuffer buffer, final int offset, final int length, final int firstOffset,
        final Delivery delivery)
    {
        final int end = offset + length;
        int at = offset;
        if (skipping || !inMessage && firstOffset != 0)
        {
            // After a gap (or before the first message we can see whole): start at the first message that begins here.
            if (firstOffset == RudpHeader.NO_MESSAGE_START)
            {
                return;
            }
            skipping = false;
            inMessage = false;
            at = offset + firstOffset;
        }
        else if (inMessage)
        {
            final int chunk = Math.min(messageLength - assembled, length);
            assembly.putBytes(assembled, buffer, at, chunk);
            assembled += chunk;
            at += chunk;
            if (assembled == messageLength)
            {
                inMessage = false;
                counters.messagesReceived++;
                delivery.deliver(peer, streamId, assembly, 0, messageLength);
            }
            if (at < end && at - offset != firstOffset)
            {
                malformed();
                return;
            }
        }
        while (at < end)
        {
            if (end - at < 4)
            {
                malformed();
                return;
            }
            final int messageLen = buffer.getInt(at, ByteOrder.BIG_ENDIAN);
            at += 4;
            if (messageLen < 0 || messageLen > maxMessageLength)
            {
                malformed();
                return;
            }
            if (messageLen <= end - at)
            {
                counters.messagesReceived++;
                delivery.deliver(peer, streamId, buffer, at, messageLen);
                at += messageLen;
            }
            else
            {
                if (assembly.capacity() < messageLen)
                {
                    // Grows to the largest message seen, never per message.
                    assembly = new UnsafeBuffer(new byte[Math.min(maxMessageLength,
                        Math.max(messageLen, assembly.capacity() * 2))]);
                }
                messageLength = messageLen;
                assembled = end - at;
                assembly.putBytes(0, buffer, at, assembled);
                inMessage = true;
                return;
            }
        }
    }

    private void malformed()
    {
        counters.droppedMalformed++;
        dropPartial();
    }

    /** Where whole messages go. */
    interface Delivery
    {
        void deliver(int peer, int streamId, DirectBuffer buffer, int offset, int length);
    }
}
