package io.boomscooter.perf;

import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.IdleStrategy;

/**
 * Counts messages and notes how many arrived between the end of warm-up and the end of the window.
 */
final class OneWayReceiver implements Runnable
{
    private final Subscription subscription;
    private final AgentInvoker conductor;
    private final IdleStrategy idle;
    private final long measureStartNs;
    private final long endNs;
    // messages past the MTU arrive in fragments: handle whole messages, as our path's receivers do
    private final FragmentHandler onMessage = new io.aeron.FragmentAssembler(this::onMessage);
    private final java.util.function.LongSupplier bytesSent;
    private long bytesAtStart;
    private long bytesAtEnd;
    private long received;
    long receivedAtStart = -1;
    long receivedAtEnd;
    long windowStartNs;
    long windowEndNs;
    volatile Throwable failure;

    OneWayReceiver(final Subscription subscription, final AgentInvoker conductor, final IdleStrategy idle,
        final long measureStartNs, final long endNs, final java.util.function.LongSupplier bytesSent)
    {
        this.bytesSent = bytesSent;
        this.subscription = subscription;
        this.conductor = conductor;
        this.idle = idle;
        this.measureStartNs = measureStartNs;
        this.endNs = endNs;
    }

    public void run()
    {
        try
        {
            while (true)
            {
                final int work = subscription.poll(onMessage, 256) + conductor.invoke();
                final long nowNs = System.nanoTime();
                if (receivedAtStart < 0 && nowNs - measureStartNs >= 0)
                {
                    receivedAtStart = received;
                    windowStartNs = nowNs;
                    bytesAtStart = bytesSent.getAsLong();
                }
                if (nowNs - endNs >= 0)
                {
                    receivedAtEnd = received;
                    windowEndNs = nowNs;
                    bytesAtEnd = bytesSent.getAsLong();
                    return;
                }
                idle.idle(work);
            }
        }
        catch (final Throwable ex)
        {
            failure = ex;
        }
    }

    private void onMessage(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        received++;
    }

    RunResult result()
    {
        return new RunResult(receivedAtEnd - receivedAtStart, (windowEndNs - windowStartNs) / 1e9, 0, null,
            bytesAtEnd - bytesAtStart);
    }
}
