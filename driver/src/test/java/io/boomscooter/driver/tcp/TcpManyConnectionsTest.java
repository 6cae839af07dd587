package io.boomscooter.driver.tcp;

import com.sun.management.UnixOperatingSystemMXBean;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.ByteBuffer;

import static io.boomscooter.driver.tcp.TcpTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One server, 1,000 clients, every frame broadcast to every client. The poller and all clients share
 * the test thread, so nothing races and two cores are plenty.
 */
class TcpManyConnectionsTest
{
    private static final int CLIENTS = 1000;
    private static final int FRAMES = 100;
    private static final int MESSAGE_LENGTH = 16;

    @Test
    void everyClientReceivesEveryBroadcastFrame()
    {
        requireFileDescriptors(2 * CLIENTS + 200);

        final TcpTestSupport.EchoHandler handler = new TcpTestSupport.EchoHandler();
        final TcpClient[] clients = new TcpClient[CLIENTS];
        final long[] received = new long[CLIENTS];
        final long[] connectionIds = new long[CLIENTS];
        // Small buffers: 1,000 connections must not need gigabytes of direct memory.
        try (TcpTransportPoller poller = new TcpTransportPoller(TcpTestSupport.loopbackContext(handler)
            .maxMessageLength(256)
            .receiveBufferLength(1024)
            .sendBufferLength(4 * 1024)))
        {
            handler.poller = poller;
            try
            {
                for (int i = 0; i < CLIENTS; i++)
                {
                    clients[i] = new TcpClient(TcpTestSupport.address(poller), 256, 1024, 0);
                    poller.doWork();
                }
                await(() -> poller.connectionCount() == CLIENTS, poller::doWork,
                    () -> poller.connectionCount() + " of " + CLIENTS + " accepted");
                for (int i = 0; i < CLIENTS; i++)
                {
                    connectionIds[i] = handler.idByRemotePort.get(clients[i].localPort());
                }

                final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(MESSAGE_LENGTH));
                for (int f = 0; f < FRAMES; f++)
                {
                    message.putLong(0, f);
                    message.putLong(8, ~f);
                    for (int i = 0; i < CLIENTS; i++)
                    {
                        final long result = poller.send(connectionIds[i], message, 0, MESSAGE_LENGTH);
                        assertTrue(result > 0, TcpSendResult.describe(result));
                    }
                    poller.doWork();
                }

                final long[] total = new long[1];
                await(() -> total[0] == (long)CLIENTS * FRAMES, () ->
                {
                    poller.doWork();
                    for (int i = 0; i < CLIENTS; i++)
                    {
                        final int index = i;
                        total[0] += clients[i].poll((buffer, offset, length) ->
                        {
                            assertEquals(MESSAGE_LENGTH, length);
                            assertEquals(received[index], buffer.getLong(offset), "client " + index + " in order");
                            assertEquals(~received[index], buffer.getLong(offset + 8));
                            received[index]++;
                        });
                    }
                }, () -> total[0] + " of " + (long)CLIENTS * FRAMES + " frames received");

                for (int i = 0; i < CLIENTS; i++)
                {
                    assertEquals(FRAMES, received[i], "client " + i);
                }
                assertEquals((long)CLIENTS * FRAMES, poller.counters().framesOut());
                assertEquals((long)CLIENTS * FRAMES * (4 + MESSAGE_LENGTH), poller.counters().bytesOut());
            }
            finally
            {
                for (final TcpClient client : clients)
                {
                    if (null != client)
                    {
                        client.close();
                    }
                }
            }
        }
    }

    /**
     * Each connection costs two descriptors here (client and server ends in one process); fail loudly
     * rather than skip when the limit cannot cover them.
     */
    private static void requireFileDescriptors(final long needed)
    {
        final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof UnixOperatingSystemMXBean)
        {
            final long limit = ((UnixOperatingSystemMXBean)os).getMaxFileDescriptorCount();
            if (limit < needed)
            {
                fail("open-file limit (ulimit -n) is " + limit + " but this test needs at least " + needed +
                    " descriptors for " + CLIENTS + " loopback connections; raise it with `ulimit -n " + needed +
                    "` before running the tests");
            }
        }
    }
}
