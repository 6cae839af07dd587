package io.boomscooter.driver.tcp;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static io.boomscooter.driver.tcp.TcpTestSupport.address;
import static io.boomscooter.driver.tcp.TcpTestSupport.await;
import static io.boomscooter.driver.tcp.TcpTestSupport.loopbackContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TcpEchoTest
{
    @Test
    void echoesEveryMessageLengthFromOneToMax()
    {
        final int max = 4096;
        roundTrip(max, 1);
    }

    @Test
    void echoesBoundaryLengthsAtTheDefaultMax()
    {
        final int max = TcpFraming.DEFAULT_MAX_MESSAGE_LENGTH;
        roundTrip(max, 4093);
    }

    @Test
    void clientRefusesToSendAFrameThePeerWouldReject()
    {
        final TcpTestSupport.EchoHandler handler = new TcpTestSupport.EchoHandler();
        final TcpTransportPoller poller = new TcpTransportPoller(loopbackContext(handler).maxMessageLength(64));
        handler.poller = poller;
        try (TcpTestSupport.PollerThread pollerThread = new TcpTestSupport.PollerThread(poller);
            TcpClient client = new TcpClient(address(poller), 64, 0, 0))
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[65]);
            assertThrows(IllegalArgumentException.class, () -> client.offer(buffer, 0, 0));
            assertThrows(IllegalArgumentException.class, () -> client.offer(buffer, 0, 65));
            assertTrue(pollerThread.threadId() > 0);
        }
    }

    /**
     * Sends messages of lengths from 1 to max in steps (always including max - 2 .. max), each filled with a length-dependent
     * pattern, and checks every echo byte for byte.
     */
    private static void roundTrip(final int max, final int step)
    {
        final TcpTestSupport.EchoHandler handler = new TcpTestSupport.EchoHandler();
        final TcpTransportPoller poller = new TcpTransportPoller(loopbackContext(handler).maxMessageLength(max));
        handler.poller = poller;
        final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(max));
        final int[] received = new int[1];

        try (TcpTestSupport.PollerThread pollerThread = new TcpTestSupport.PollerThread(poller);
            TcpClient client = new TcpClient(address(poller), max, 0, 0))
        {
            assertTrue(pollerThread.threadId() > 0);
            int sent = 0;
            for (int length = 1; length <= max; length = nextLength(length, step, max))
            {
                for (int i = 0; i < length; i++)
                {
                    out.putByte(i, (byte)(i * 31 + length));
                }
                final int expected = length;
                client.send(out, 0, length);
                sent++;
                final int target = sent;
                await(() -> received[0] == target, () -> client.poll((buffer, offset, len) ->
                {
                    assertEquals(expected, len, "echoed length");
                    for (int i = 0; i < len; i++)
                    {
                        if (buffer.getByte(offset + i) != (byte)(i * 31 + expected))
                        {
                            throw new AssertionError("byte " + i + " of a " + len + " byte echo differs");
                        }
                    }
                    received[0]++;
                }), () -> "echo of length " + expected);
            }

            assertEquals(sent, received[0]);
            await(() -> poller.counters().framesOut() == received[0], () -> "frames out counted");
            assertEquals(sent, poller.counters().framesIn());
            assertEquals(0, handler.echoFailures);
            assertEquals(0, poller.counters().protocolErrors());
        }
    }

    private static int nextLength(final int length, final int step, final int max)
    {
        if (length == max)
        {
            return max + 1;
        }
        // Step through the middle but always visit the last few lengths before max.
        return length + step >= max - 2 ? Math.max(length + 1, max - 2) : length + step;
    }
}
