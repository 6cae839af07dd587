package io.boomscooter.driver.tcp;

import org.agrona.BufferUtil;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The direct buffers of a poller's connections: taken when a connection opens, given back when it
 * closes, kept for the next connection up to a bound, and freed at once beyond it. Without this each
 * connection's buffers (384 KiB at the defaults) were left for the garbage collector, which a zero-GC
 * process seldom runs, so memory grew with every connection ever opened rather than those open now.
 * <p>
 * Buffers are plain {@link ByteBuffer#allocateDirect} buffers (not aligned slices) so
 * {@link BufferUtil#free(ByteBuffer)} can return their memory immediately. Buffers of the same capacity
 * share one free list; a poller uses a handful of capacities (one per framer's frame size), so the lists
 * are searched linearly. Single threaded, like the poller.
 */
final class TcpBufferPool
{
    private final long maxPooledBytes;
    private int[] capacities = new int[4];
    private ByteBuffer[][] stacks = new ByteBuffer[4][];
    private int[] sizes = new int[4];
    private int bucketCount;
    private long pooledBytes;
    private long allocatedBytes;
    private long allocations;
    private long reuses;

    /**
     * @param maxPooledBytes most bytes of idle buffers kept for reuse; 0 frees every buffer on release.
     */
    TcpBufferPool(final long maxPooledBytes)
    {
        this.maxPooledBytes = Math.max(0, maxPooledBytes);
    }

    /**
     * @param capacity exact capacity wanted.
     * @return a buffer with position 0 and limit = capacity, contents undefined.
     */
    ByteBuffer acquire(final int capacity)
    {
        final int bucket = find(capacity);
        if (bucket >= 0 && sizes[bucket] > 0)
        {
            final int top = --sizes[bucket];
            final ByteBuffer buffer = stacks[bucket][top];
            stacks[bucket][top] = null;
            pooledBytes -= capacity;
            reuses++;
            return buffer.clear();
        }
        allocations++;
        allocatedBytes += capacity;
        return ByteBuffer.allocateDirect(capacity);
    }

    /**
     * Give a buffer back; it must not be used by its previous owner again.
     */
    void release(final ByteBuffer buffer)
    {
        final int capacity = buffer.capacity();
        if (pooledBytes + capacity > maxPooledBytes)
        {
            free(buffer);
            return;
        }
        int bucket = find(capacity);
        if (bucket < 0)
        {
            bucket = addBucket(capacity);
        }
        if (sizes[bucket] == stacks[bucket].length)
        {
            stacks[bucket] = Arrays.copyOf(stacks[bucket], sizes[bucket] * 2);
        }
        stacks[bucket][sizes[bucket]++] = buffer;
        pooledBytes += capacity;
    }

    /**
     * Free every idle buffer; buffers still held by connections are freed as they are released.
     */
    void clear()
    {
        for (int b = 0; b < bucketCount; b++)
        {
            for (int i = 0; i < sizes[b]; i++)
            {
                free(stacks[b][i]);
                stacks[b][i] = null;
            }
            sizes[b] = 0;
        }
        pooledBytes = 0;
    }

    /**
     * @return bytes of direct memory this pool has allocated and not freed: buffers in use plus idle ones.
     */
    long allocatedBytes()
    {
        return allocatedBytes;
    }

    /**
     * @return bytes of idle buffers kept for reuse.
     */
    long pooledBytes()
    {
        return pooledBytes;
    }

    long allocations()
    {
        return allocations;
    }

    long reuses()
    {
        return reuses;
    }

    private void free(final ByteBuffer buffer)
    {
        allocatedBytes -= buffer.capacity();
        BufferUtil.free(buffer);
    }

    private int find(final int capacity)
    {
        for (int b = 0; b < bucketCount; b++)
        {
            if (capacities[b] == capacity)
            {
                return b;
            }
        }
        return -1;
    }

    private int addBucket(final int capacity)
    {
        if (bucketCount == capacities.length)
        {
            capacities = Arrays.copyOf(capacities, bucketCount * 2);
            sizes = Arrays.copyOf(sizes, bucketCount * 2);
            stacks = Arrays.copyOf(stacks, bucketCount * 2);
        }
        capacities[bucketCount] = capacity;
        stacks[bucketCount] = new ByteBuffer[16];
        return bucketCount++;
    }
}
