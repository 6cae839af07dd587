package io.boomscooter.perf;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.IdleStrategy;

/**
 * Echo side of the raw ping-pong: every ping goes straight back unchanged. Runs until stopped.
 */
final class Ponger implements Runnable
{
    private final Subscription pings;
    private final ExclusivePublication pongs;
    private final AgentInvoker conductor;
    private final IdleStrategy idle;
    // messages past the MTU arrive in fragments: handle whole messages, as our path's receivers do
    private final FragmentHandler onPing = new io.aeron.FragmentAssembler(this::onPing);
    volatile boolean running = true;
    volatile Throwable failure;

    Ponger(final Subscription pings, final ExclusivePublication pongs, final AgentInvoker conductor,
        final IdleStrategy idle)
    {
        this.pings = pings;
        this.pongs = pongs;
        this.conductor = conductor;
        this.idle = idle;
    }

    public void run()
    {
        try
        {
            while (running)
            {
                idle.idle(pings.poll(onPing, 16) + conductor.invoke());
            }
        }
        catch (final Throwable ex)
        {
            failure = ex;
        }
    }

    private void onPing(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        // back-pressure on a pong is brief (the pinger drains continuously); give up only once stopped
        long result;
        while ((result = pongs.offer(buffer, offset, length)) < 0 && running)
        {
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
            {
                return;
            }
            conductor.invoke();
            Thread.onSpinWait();
        }
    }
}
