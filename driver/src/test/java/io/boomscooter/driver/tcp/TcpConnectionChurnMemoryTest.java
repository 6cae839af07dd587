package io.boomscooter.driver.tcp;

import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

import static io.boomscooter.driver.tcp.TcpTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9 item 9: memory follows the connections open now, not every connection ever opened. 20,000
 * connections are opened and closed against one poller, 100 at a time, and the JVM's direct memory in
 * use is sampled at every peak. Before the fix each connection left its buffers to a garbage collector
 * that a zero-GC process seldom runs, so direct memory grew by the per-connection cost with every
 * connection (to about 1 GB here, against a bound of a few tens of MB).
 * <p>
 * The clients are plain blocking sockets (no buffers of their own) closed with a reset, so no
 * TIME_WAIT is left behind to exhaust the ephemeral ports. Poller and clients share the test thread.
 */
class TcpConnectionChurnMemoryTest
{
    private static final int TOTAL = 20_000;
    private static final int BATCH = 100;
    private static final int BUFFER_LENGTH = 32 * 1024;
    private static final long PER_CONNECTION = 2L * BUFFER_LENGTH;

    /**
     * Idle buffers the pool may keep: {@code boomscooter.tcp.buffer.pool.bytes}' default.
     */
    private static final long POOL_BYTES = 16L * 1024 * 1024;

    @Test
    void directMemoryIsBoundedByLiveConnectionsNotByConnectionsEverOpened() throws IOException
    {
        final BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
            .filter((pool) -> "direct".equals(pool.getName())).findFirst().orElseThrow();
        final CountingHandler handler = new CountingHandler();
        final long bound = POOL_BYTES + 3 * BATCH * PER_CONNECTION;

        try (TcpTransportPoller poller = new TcpTransportPoller(new TcpTransportPoller.Context()
            .host("127.0.0.1").port(0).frameHandler(handler).errorHandler(Throwable::printStackTrace)
            .maxMessageLength(4096).receiveBufferLength(BUFFER_LENGTH).sendBufferLength(BUFFER_LENGTH)))
        {
            final InetSocketAddress address = new InetSocketAddress("127.0.0.1", poller.port());
            final long baseline = direct.getMemoryUsed();
            long peak = 0;
            final SocketChannel[] clients = new SocketChannel[BATCH];
            for (int opened = 0; opened < TOTAL; opened += BATCH)
            {
                for (int i = 0; i < BATCH; i++)
                {
                    clients[i] = SocketChannel.open(address);
                    clients[i].setOption(StandardSocketOptions.SO_LINGER, 0);
                }
                final long target = opened + BATCH;
                await(() -> handler.connected == target, poller::doWork,
                    () -> handler.connected + " of " + target + " accepted");
                peak = Math.max(peak, direct.getMemoryUsed() - baseline);
                assertTrue(peak <= bound, "direct memory grew by " + peak + " bytes after " + target +
                    " connections opened, " + BATCH + " open at once; bound " + bound);

                for (int i = 0; i < BATCH; i++)
                {
                    clients[i].close();
                }
                await(() -> handler.disconnected == target, poller::doWork,
                    () -> handler.disconnected + " of " + target + " closed");
            }
            poller.doWork();
            System.out.println("direct memory peak growth " + peak + " bytes over " + TOTAL +
                " connections (" + BATCH + " open at once), bound " + bound);
            assertEquals(0, poller.connectionCount());
            // The pool's own count: what is still held once every connection has closed is only the pool.
            assertTrue(poller.bufferBytesAllocated() <= POOL_BYTES,
                "connection buffers still held: " + poller.bufferBytesAllocated());
        }
    }

    private static final class CountingHandler implements TcpFrameHandler
    {
        long connected;
        long disconnected;

        public void onConnected(final long connectionId, final InetSocketAddress remoteAddress)
        {
            connected++;
        }

        public void onFrame(final long connectionId, final DirectBuffer buffer, final int offset, final int length)
        {
        }

        public void onDisconnected(final long connectionId, final TcpDisconnectReason reason)
        {
            disconnected++;
        }
    }
}
