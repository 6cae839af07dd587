package io.boomscooter.engine.rudp;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The endpoint's one pool of receive buffers, for packets that arrive ahead of a gap and wait for it to be
 * repaired; in-order packets are read where they landed and never take one.
 */
final class RudpBufferPool
{
    private final UnsafeBuffer[] free;
    private int count;

    RudpBufferPool(final int buffers, final int length)
    {
        free = new UnsafeBuffer[buffers];
        for (int i = 0; i < buffers; i++)
        {
            free[i] = new UnsafeBuffer(new byte[length]);
        }
        count = buffers;
    }

    /** @return a buffer, or null when all are holding packets. */
    UnsafeBuffer take()
    {
        return count == 0 ? null : free[--count];
    }

    void give(final UnsafeBuffer buffer)
    {
        free[count++] = buffer;
    }

    int available()
    {
        return count;
    }
}
