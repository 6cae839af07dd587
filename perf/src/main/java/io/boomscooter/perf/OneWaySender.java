package io.boomscooter.perf;

import io.aeron.ExclusivePublication;
import org.agrona.BufferUtil;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Offers messages as fast as the publication takes them until told to stop; back-pressure idles with
 * the profile's strategy, as an application thread beside that driver would.
 */
final class OneWaySender implements Runnable
{
    private final ExclusivePublication publication;
    private final AgentInvoker conductor;
    private final IdleStrategy idle;
    private final int size;
    private final UnsafeBuffer message;
    volatile boolean running = true;
    volatile Throwable failure;
    long sent;

    OneWaySender(final ExclusivePublication publication, final AgentInvoker conductor, final IdleStrategy idle,
        final int size)
    {
        this.publication = publication;
        this.conductor = conductor;
        this.idle = idle;
        this.size = size;
        this.message = new UnsafeBuffer(BufferUtil.allocateDirectAligned(org.agrona.BitUtil.align(size, 64), 64));
    }

    public void run()
    {
        try
        {
            long count = 0;
            int sinceInvoke = 0;
            while (running)
            {
                message.putLong(0, count);
                if (publication.offer(message, 0, size) > 0)
                {
                    count++;
                    idle.reset();
                }
                else
                {
                    idle.idle();
                }
                // the client conductor only needs a keep-alive now and then; invoking it per offer would
                // charge its clock reads to every message
                if (++sinceInvoke >= 1024)
                {
                    sinceInvoke = 0;
                    conductor.invoke();
                }
            }
            sent = count;
        }
        catch (final Throwable ex)
        {
            failure = ex;
        }
    }
}
