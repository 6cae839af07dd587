package io.boomscooter.driver.tcp;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Zero-GC is measured, not assumed: bytes allocated by the thread running the poller's duty cycle,
 * across 100,000 frames in and 100,000 frames out (half copied, half claimed) after warm-up.
 */
class TcpZeroAllocationTest
{
    private static final int WARM_UP_FRAMES = 50_000;
    private static final int MEASURED_FRAMES = 100_000;
    private static final int WINDOW = 64;
    private static final int MESSAGE_LENGTH = 64;

    /**
     * A tiny constant allowance, e.g. for a one-off resize; anything per frame would be megabytes.
     */
    private static final long ALLOWED_BYTES = 1024;

    @Test
    void pollerThreadAllocatesNothingPerFrame() throws Exception
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);

        final TcpTestSupport.EchoHandler handler = new TcpTestSupport.EchoHandler();
        final TcpTransportPoller poller = new TcpTransportPoller(TcpTestSupport.loopbackContext(handler));
        handler.poller = poller;
        final long[] echoed = new long[1];
        final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(MESSAGE_LENGTH));

        try (TcpTestSupport.PollerThread pollerThread = new TcpTestSupport.PollerThread(poller);
            TcpClient client = new TcpClient(TcpTestSupport.address(poller), 1024, 64 * 1024, 0))
        {
            final TcpClient.FrameHandler onEcho = (buffer, offset, length) ->
            {
                assertEquals(MESSAGE_LENGTH, length);
                if (buffer.getLong(offset) != echoed[0])
                {
                    throw new AssertionError("echo " + buffer.getLong(offset) + " expected " + echoed[0]);
                }
                echoed[0]++;
            };

            exchange(client, message, onEcho, echoed, 0, WARM_UP_FRAMES);

            final long before = threads.getThreadAllocatedBytes(pollerThread.threadId());
            exchange(client, message, onEcho, echoed, WARM_UP_FRAMES, WARM_UP_FRAMES + MEASURED_FRAMES);
            final long after = threads.getThreadAllocatedBytes(pollerThread.threadId());

            final long allocated = after - before;
            System.out.println("poller thread allocated " + allocated + " bytes over " + MEASURED_FRAMES +
                " frames in and out");
            assertTrue(allocated <= ALLOWED_BYTES, "poller thread allocated " + allocated + " bytes over " +
                MEASURED_FRAMES + " frames in and " + MEASURED_FRAMES + " out");
            assertEquals(0, handler.echoFailures);
        }
    }

    /**
     * Keeps up to {@link #WINDOW} frames in flight until every frame in [from, to) has come back.
     */
    private static void exchange(
        final TcpClient client,
        final UnsafeBuffer message,
        final TcpClient.FrameHandler onEcho,
        final long[] echoed,
        final long from,
        final long to)
    {
        long sent = from;
        final long deadlineNs = System.nanoTime() + TcpTestSupport.DEADLINE_NS;
        while (echoed[0] < to)
        {
            assertTrue(System.nanoTime() - deadlineNs < 0, "timed out at " + echoed[0] + " of " + to);
            while (sent < to && sent - echoed[0] < WINDOW)
            {
                message.putLong(0, sent);
                if (!client.offer(message, 0, MESSAGE_LENGTH))
                {
                    break;
                }
                sent++;
            }
            client.flush();
            if (client.poll(onEcho) == 0)
            {
                Thread.yield();
            }
        }
    }
}
