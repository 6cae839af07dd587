package io.boomscooter.driver.tcp;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Zero-GC is measured, not assumed: bytes allocated by the thread running the poller's duty cycle,
 * across 100,000 frames in and 100,000 frames out (half copied, half claimed) after warm-up, on an
 * accepted connection and on a dialled one.
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

    /**
     * A poller dials itself: the dialled end claims and sends frames, the accepted end echoes them by
     * copy, and the dialled end receives the echoes. Everything runs on the test thread, whose own
     * allocation is measured across 100,000 round trips (200,000 frames each way through the poller).
     */
    @Test
    void dialledConnectionAllocatesNothingPerFrame()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        final long threadId = Thread.currentThread().getId();
        final PingHandler handler = new PingHandler();
        try (TcpTransportPoller poller = new TcpTransportPoller(new TcpTransportPoller.Context()
            .host("127.0.0.1").port(0).frameHandler(handler).errorHandler(Throwable::printStackTrace)))
        {
            handler.poller = poller;
            handler.dialledId = poller.connect(TcpTestSupport.address(poller));

            runUntil(poller, handler, WARM_UP_FRAMES);
            final long before = threads.getThreadAllocatedBytes(threadId);
            runUntil(poller, handler, WARM_UP_FRAMES + MEASURED_FRAMES);
            final long after = threads.getThreadAllocatedBytes(threadId);

            final long allocated = after - before;
            System.out.println("dialling poller thread allocated " + allocated + " bytes over " + MEASURED_FRAMES +
                " round trips");
            assertTrue(allocated <= ALLOWED_BYTES, "allocated " + allocated + " bytes over " + MEASURED_FRAMES +
                " round trips on a dialled connection");
            assertEquals(0, handler.failures);
        }
    }

    private static void runUntil(final TcpTransportPoller poller, final PingHandler handler, final long echoes)
    {
        final long deadlineNs = System.nanoTime() + TcpTestSupport.DEADLINE_NS;
        while (handler.echoes < echoes)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("timed out at " + handler.echoes + " of " + echoes);
            }
            poller.doWork();
        }
    }

    /**
     * Keeps {@link #WINDOW} frames in flight on the dialled connection; echoes on the accepted one.
     */
    private static final class PingHandler implements TcpFrameHandler
    {
        final TcpBufferClaim claim = new TcpBufferClaim();
        TcpTransportPoller poller;
        long dialledId;
        long echoes;
        long sent;
        long failures;

        public void onConnected(final long connectionId, final java.net.InetSocketAddress remoteAddress)
        {
            if (connectionId == dialledId)
            {
                for (int i = 0; i < WINDOW; i++)
                {
                    sendNext();
                }
            }
        }

        public void onFrame(final long connectionId, final org.agrona.DirectBuffer buffer, final int offset,
            final int length)
        {
            if (connectionId != dialledId)
            {
                if (poller.send(connectionId, buffer, offset, length) <= 0)
                {
                    failures++;
                }
                return;
            }
            if (buffer.getLong(offset) != echoes)
            {
                failures++;
            }
            echoes++;
            sendNext();
        }

        public void onDisconnected(final long connectionId, final TcpDisconnectReason reason)
        {
            failures++;
        }

        private void sendNext()
        {
            if (poller.tryClaim(dialledId, MESSAGE_LENGTH, claim) > 0)
            {
                claim.buffer().putLong(claim.offset(), sent++);
                if (!claim.commit())
                {
                    failures++;
                }
            }
            else
            {
                failures++;
            }
        }
    }
}
