package io.boomscooter.engine.subscriber;

import io.boomscooter.engine.session.Outbound;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A session's small outgoing queue for messages that must not be lost to back pressure (responses,
 * log switches, completions, drops). They are encoded here and drained ahead of entries, which keeps
 * their order with the entries around them. Pre-allocated per session; no allocation per message.
 */
final class ControlQueue
{
    private static final int LENGTH_PREFIX = 4;

    private final UnsafeBuffer buffer;
    private int head;
    private int tail;
    private int claimedLength;

    ControlQueue(final int capacity)
    {
        buffer = new UnsafeBuffer(new byte[capacity]);
    }

    /**
     * @param maxLength upper bound of the message about to be encoded at {@link #offset()}.
     * @return false when full.
     */
    boolean claim(final int maxLength)
    {
        if (tail + LENGTH_PREFIX + maxLength > buffer.capacity())
        {
            if (head == tail)
            {
                head = 0;
                tail = 0;
            }
            else if (head > 0)
            {
                buffer.putBytes(0, buffer, head, tail - head);
                tail -= head;
                head = 0;
            }
            if (tail + LENGTH_PREFIX + maxLength > buffer.capacity())
            {
                return false;
            }
        }
        claimedLength = maxLength;
        return true;
    }

    MutableDirectBuffer buffer()
    {
        return buffer;
    }

    int offset()
    {
        return tail + LENGTH_PREFIX;
    }

    void commit(final int length)
    {
        buffer.putInt(tail, length);
        tail += LENGTH_PREFIX + length;
        claimedLength = 0;
    }

    boolean isEmpty()
    {
        return head == tail;
    }

    /**
     * Sends queued messages in order until the outbound pushes back.
     *
     * @return messages sent.
     */
    int drain(final Outbound outbound)
    {
        int sent = 0;
        while (head < tail)
        {
            final int length = buffer.getInt(head);
            if (!outbound.claim(length, 0))
            {
                break;
            }
            outbound.buffer().putBytes(outbound.offset(), buffer, head + LENGTH_PREFIX, length);
            if (!outbound.commit())
            {
                break;
            }
            head += LENGTH_PREFIX + length;
            sent++;
        }
        if (head == tail)
        {
            head = 0;
            tail = 0;
        }
        return sent;
    }
}
