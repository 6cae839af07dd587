package io.boomscooter.engine.rudp;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * One sequenced stream to one peer, sending side: a window of packets kept for resending, messages written
 * straight into the packet being filled (u32 length, then the bytes, spilling into as many packets as they need;
 * a length never straddles two packets), the packet sealed when full or flushed. RELIABLE refuses a message when
 * the window cannot take it; DROP_OLDEST evicts the oldest unacknowledged packets instead.
 */
final class RudpSendStream
{
    static final long BACK_PRESSURED = -1;
    static final long TOO_LONG = -3;

    final int peer;
    final int streamId;
    final RudpReliability reliability;
    private final int window;
    private final UnsafeBuffer[] slots;
    private final int[] lengths;
    private final int headerLength;
    private final int capacity;
    private final int maxMessageLength;
    private final RudpCounters counters;

    /** The packet being filled (not yet sent). */
    long next;
    /** The oldest packet still held for resending; [low, next) are sent and held. */
    long low;
    private int fill;
    private int firstOffset = RudpHeader.NO_MESSAGE_START;
    private UnsafeBuffer pending;
    private int pendingLength;
    private int pendingDone;
    private boolean pendingStarted;
    long fillStartNs;
    long nextSendSyncNs;

    /**
     * @param packetLength bytes of header and payload per packet (the datagram less version, nonce and tag).
     */
    RudpSendStream(final int peer, final int streamId, final RudpReliability reliability, final int window,
        final int packetLength, final int maxMessageLength, final RudpCounters counters)
    {
        this.peer = peer;
        this.streamId = streamId;
        this.reliability = reliability;
        this.window = window;
        this.headerLength = RudpHeader.length(RudpHeader.KIND_SEQUENCED, RudpHeader.ADDRESS_NONE);
        this.capacity = packetLength - headerLength;
        this.maxMessageLength = maxMessageLength;
        this.counters = counters;
        this.slots = new UnsafeBuffer[window];
        this.lengths = new int[window];
        for (int i = 0; i < window; i++)
        {
            slots[i] = new UnsafeBuffer(new byte[packetLength]);
        }
    }

    /** Forgets everything: the peer restarted, numbering starts again at 0. */
    void reset()
    {
        next = 0;
        low = 0;
        fill = 0;
        firstOffset = RudpHeader.NO_MESSAGE_START;
        pendingLength = 0;
    }

    boolean hasFill()
    {
        return fill > 0;
    }

    boolean hasUnacknowledged()
    {
        return low < next;
    }

    /** @return packets the message starts beyond the one being filled. */
    private long packetsNeeded(final int length)
    {
        long room = capacity - fill;
        if (room < 4)
        {
            room = capacity;
            return 1 + Math.max(0, (length + 4 - room + capacity - 1) / capacity);
        }
        final long over = length + 4 - room;
        return over <= 0 ? 0 : (over + capacity - 1) / capacity;
    }

    /**
     * Writes a message; packets that fill up are sealed and handed to the sender. A message larger than the whole
     * window (reliable streams) is copied aside and fed into the window as acknowledgements free it; the next
     * offer is back-pressured until it is all out.
     *
     * @return the stream's position (packet number being filled), or {@link #BACK_PRESSURED} / {@link #TOO_LONG}.
     */
    long offer(final DirectBuffer buffer, final int offset, final int length, final long nowNs, final Sender sender)
    {
        if (length < 0 || length > maxMessageLength)
        {
            return TOO_LONG;
        }
        if (pendingLength > 0)
        {
            counters.windowFull++;
            return BACK_PRESSURED;
        }
        final long needed = packetsNeeded(length);
        if (next - low + 1 + needed > window)
        {
            if (reliability == RudpReliability.DROP_OLDEST)
            {
                if (needed + 1 > window)
                {
                    return TOO_LONG;
                }
                while (next - low + 1 + needed > window)
                {
                    low++;
                    counters.evictedPackets++;
                }
            }
            else if (needed + 1 <= window)
            {
                counters.windowFull++;
                return BACK_PRESSURED;
            }
            else
            {
                if (null == pending || pending.capacity() < length)
                {
                    // Grows to the largest message parked, never per message.
                    pending = new UnsafeBuffer(new byte[Math.max(length, null == pending ? 0 : pending.capacity())]);
                }
                pending.putBytes(0, buffer, offset, length);
                pendingLength = length;
                pendingDone = 0;
                pendingStarted = false;
                continuePending(nowNs, sender);
                counters.messagesSent++;
                return next;
            }
        }
        startMessage(length, nowNs, sender);
        write(buffer, offset, length, nowNs, sender);
        if (fill == capacity)
        {
            seal(sender);
        }
        counters.messagesSent++;
        return next;
    }

    boolean hasPending()
    {
        return pendingLength > 0;
    }

    /** Feeds a parked message into the window as far as it has room. */
    void continuePending(final long nowNs, final Sender sender)
    {
        if (pendingLength == 0)
        {
            return;
        }
        if (!pendingStarted)
        {
            if (capacity - fill < 4)
            {
                seal(sender);
            }
            if (next - low >= window)
            {
                return;
            }
            startMessage(pendingLength, nowNs, sender);
            pendingStarted = true;
        }
        pendingDone += write(pending, pendingDone, pendingLength - pendingDone, nowNs, sender);
        if (pendingDone == pendingLength)
        {
            pendingLength = 0;
            if (fill == capacity)
            {
                seal(sender);
            }
        }
    }

    /** Writes the u32 length of a message; the caller made sure the packet being filled has a slot. */
    private void startMessage(final int length, final long nowNs, final Sender sender)
    {
        if (capacity - fill < 4)
        {
            seal(sender);
        }
        if (fill == 0)
        {
            fillStartNs = nowNs;
        }
        if (firstOffset == RudpHeader.NO_MESSAGE_START)
        {
            firstOffset = fill;
        }
        slots[(int)(next % window)].putInt(headerLength + fill, length, ByteOrder.BIG_ENDIAN);
        fill += 4;
    }

    /**
     * Copies bytes into the packet being filled, sealing full packets, while the window has a slot for the next.
     *
     * @return bytes written.
     */
    private int write(final DirectBuffer buffer, final int offset, final int length, final long nowNs,
        final Sender sender)
    {
        int done = 0;
        while (done < length)
        {
            if (fill == capacity)
            {
                seal(sender);
            }
            if (fill == 0)
            {
                if (next - low >= window)
                {
                    break;
                }
                fillStartNs = nowNs;
            }
            final int chunk = Math.min(length - done, capacity - fill);
            slots[(int)(next % window)].putBytes(headerLength + fill, buffer, offset + done, chunk);
            fill += chunk;
            done += chunk;
        }
        return done;
    }

    /** Seals and sends the packet being filled, if any. */
    void seal(final Sender sender)
    {
        if (fill == 0 && firstOffset == RudpHeader.NO_MESSAGE_START)
        {
            return;
        }
        final int index = (int)(next % window);
        RudpHeader.encode(slots[index], 0, RudpHeader.KIND_SEQUENCED, 0, 0, streamId, firstOffset, next);
        lengths[index] = headerLength + fill;
        sender.send(peer, slots[index], lengths[index], false);
        next++;
        fill = 0;
        firstOffset = RudpHeader.NO_MESSAGE_START;
    }

    /** The receiver holds everything below ackThreshold and asks for the listed packets again. */
    void onAcknowledged(final long ackThreshold)
    {
        if (ackThreshold > low)
        {
            low = Math.min(ackThreshold, next);
        }
    }

    /** @return true when the packet was still held and has been sent again. */
    boolean resend(final long packet, final Sender sender)
    {
        if (packet < low || packet >= next)
        {
            return false;
        }
        final int index = (int)(packet % window);
        sender.send(peer, slots[index], lengths[index], true);
        return true;
    }

    /** Where the endpoint's datagrams go: patches generations, encrypts, sends. */
    interface Sender
    {
        void send(int peer, UnsafeBuffer packet, int length, boolean resend);
    }
}
