package io.boomscooter.driver.tcp;

import org.agrona.DirectBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The documented wire layout, checked with raw sockets and hand-built bytes rather than our own client:
 * {@code int32 little-endian length} then {@code length} bytes, in both directions.
 */
class TcpFramingTest
{
    private static final int SOCKET_TIMEOUT_MS = 20_000;

    private final List<byte[]> framesSeenByServer = new ArrayList<>();
    private TcpTransportPoller poller;
    private TcpTestSupport.PollerThread pollerThread;

    @BeforeEach
    void start()
    {
        final TcpTestSupport.EchoHandler echo = new TcpTestSupport.EchoHandler()
        {
            public void onFrame(final long connectionId, final DirectBuffer buffer, final int offset, final int length)
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                synchronized (framesSeenByServer)
                {
                    framesSeenByServer.add(copy);
                }
                super.onFrame(connectionId, buffer, offset, length);
            }
        };
        poller = new TcpTransportPoller(TcpTestSupport.loopbackContext(echo).maxMessageLength(1024));
        echo.poller = poller;
        pollerThread = new TcpTestSupport.PollerThread(poller);
    }

    @AfterEach
    void stop()
    {
        pollerThread.close();
    }

    @Test
    void handBuiltFrameIsDeliveredAsExactlyItsMessageAndEchoedByteForByte() throws Exception
    {
        final byte[] message = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, (byte)0xFF};
        final ByteBuffer frame = ByteBuffer.allocate(4 + message.length).order(ByteOrder.LITTLE_ENDIAN);
        frame.putInt(message.length).put(message);
        final byte[] wire = frame.array();
        assertArrayEquals(new byte[]{9, 0, 0, 0}, Arrays.copyOf(wire, 4), "prefix is little-endian int32");

        try (Socket socket = connect())
        {
            socket.getOutputStream().write(wire);
            socket.getOutputStream().flush();

            final byte[] echoed = new byte[wire.length];
            new DataInputStream(socket.getInputStream()).readFully(echoed);
            assertArrayEquals(wire, echoed, "echo carries the same prefix and message");
        }
        synchronized (framesSeenByServer)
        {
            assertEquals(1, framesSeenByServer.size());
            assertArrayEquals(message, framesSeenByServer.get(0), "server sees the message without the prefix");
        }
    }

    @Test
    void framesWrittenOneByteAtATimeAreReassembled() throws Exception
    {
        final int frameCount = 20;
        final byte[] wire = frames(frameCount, 7);
        try (Socket socket = connect())
        {
            socket.setTcpNoDelay(true);
            final OutputStream out = socket.getOutputStream();
            for (final byte b : wire)
            {
                out.write(b);
                out.flush();
            }
            assertEchoed(socket.getInputStream(), wire);
        }
        assertEquals(frameCount, poller.counters().framesIn());
    }

    @Test
    void manyFramesCoalescedIntoOneWriteAreAllDelivered() throws Exception
    {
        final int frameCount = 500;
        final byte[] wire = frames(frameCount, 3);
        try (Socket socket = connect())
        {
            socket.getOutputStream().write(wire);
            socket.getOutputStream().flush();
            assertEchoed(socket.getInputStream(), wire);
        }
        assertEquals(frameCount, poller.counters().framesIn());
        assertEquals(wire.length, poller.counters().bytesIn());
    }

    @Test
    void largestFrameSplitAtEveryPrefixByteIsReassembled() throws Exception
    {
        final byte[] wire = frames(1, 1024);
        try (Socket socket = connect())
        {
            socket.setTcpNoDelay(true);
            final OutputStream out = socket.getOutputStream();
            // Prefix in four single bytes, then the body in two uneven pieces.
            for (int i = 0; i < 4; i++)
            {
                out.write(wire[i]);
                out.flush();
            }
            out.write(wire, 4, 500);
            out.flush();
            out.write(wire, 504, wire.length - 504);
            out.flush();
            assertEchoed(socket.getInputStream(), wire);
        }
    }

    private Socket connect() throws IOException
    {
        final Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", poller.port()), SOCKET_TIMEOUT_MS);
        socket.setSoTimeout(SOCKET_TIMEOUT_MS);
        return socket;
    }

    /**
     * Frames with message lengths {@code 1 + (i * stride) % 1000}, built by hand.
     */
    private static byte[] frames(final int count, final int stride)
    {
        int total = 0;
        for (int i = 0; i < count; i++)
        {
            total += 4 + messageLength(i, stride);
        }
        final ByteBuffer wire = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++)
        {
            final int length = messageLength(i, stride);
            wire.putInt(length);
            for (int j = 0; j < length; j++)
            {
                wire.put((byte)(i + j));
            }
        }
        return wire.array();
    }

    private static int messageLength(final int i, final int stride)
    {
        return stride >= 1000 ? stride : 1 + (i * stride) % 1000;
    }

    /**
     * Reads the echo with plain stream reads and decodes each prefix by hand.
     */
    private static void assertEchoed(final InputStream in, final byte[] expected) throws IOException
    {
        final DataInputStream data = new DataInputStream(in);
        final byte[] echoed = new byte[expected.length];
        int offset = 0;
        while (offset < expected.length)
        {
            final byte[] prefix = new byte[4];
            data.readFully(prefix);
            final int length = (prefix[0] & 0xFF) | (prefix[1] & 0xFF) << 8 | (prefix[2] & 0xFF) << 16 | prefix[3] << 24;
            System.arraycopy(prefix, 0, echoed, offset, 4);
            data.readFully(echoed, offset + 4, length);
            offset += 4 + length;
        }
        assertArrayEquals(expected, echoed);
    }
}
