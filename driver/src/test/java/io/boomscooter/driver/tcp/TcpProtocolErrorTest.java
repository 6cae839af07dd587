package io.boomscooter.driver.tcp;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static io.boomscooter.driver.tcp.TcpTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile and broken peers: each loses its own connection, with a reason and a count, while a
 * well-behaved client on the same server keeps being served.
 */
class TcpProtocolErrorTest
{
    private static final int MAX = 1024;

    private TcpTestSupport.EchoHandler handler;
    private TcpTransportPoller poller;
    private TcpTestSupport.PollerThread pollerThread;
    private TcpClient goodClient;
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[16]);
    private int goodEchoes;

    @BeforeEach
    void start()
    {
        handler = new TcpTestSupport.EchoHandler();
        poller = new TcpTransportPoller(TcpTestSupport.loopbackContext(handler).maxMessageLength(MAX));
        handler.poller = poller;
        pollerThread = new TcpTestSupport.PollerThread(poller);
        goodClient = new TcpClient(TcpTestSupport.address(poller), MAX, 0, 0);
        assertGoodClientServed();
    }

    @AfterEach
    void stop()
    {
        goodClient.close();
        pollerThread.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {MAX + 1, Integer.MAX_VALUE, 0, -1, Integer.MIN_VALUE})
    void invalidLengthPrefixClosesThatConnectionOnlyAndIsCounted(final int badLength) throws Exception
    {
        final long framesInBefore = poller.counters().framesIn();
        try (Socket socket = connect())
        {
            // A valid frame first: it is delivered before the bad prefix is acted on.
            final ByteBuffer wire = ByteBuffer.allocate(4 + 3 + 4 + 8).order(ByteOrder.LITTLE_ENDIAN);
            wire.putInt(3).put(new byte[]{1, 2, 3}).putInt(badLength).putLong(0x0102030405060708L);
            socket.getOutputStream().write(wire.array());
            socket.getOutputStream().flush();

            assertEquals(TcpDisconnectReason.INVALID_FRAME_LENGTH, handler.awaitDisconnect(socket.getLocalPort()));
            assertEquals(1, poller.counters().protocolErrors());
            assertEquals(framesInBefore + 1, poller.counters().framesIn(), "the valid frame was delivered");
            assertClosed(socket.getInputStream());
        }
        assertGoodClientServed();
    }

    @Test
    void orderlyCloseMidFrameIsReportedAndTheRestServed() throws Exception
    {
        try (Socket socket = connect())
        {
            final ByteBuffer wire = ByteBuffer.allocate(4 + 10).order(ByteOrder.LITTLE_ENDIAN);
            wire.putInt(100).put(new byte[10]);
            socket.getOutputStream().write(wire.array());
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            assertEquals(TcpDisconnectReason.PEER_CLOSED_MID_FRAME, handler.awaitDisconnect(socket.getLocalPort()));
        }
        assertEquals(0, poller.counters().protocolErrors());
        assertGoodClientServed();
    }

    @Test
    void abruptResetMidFrameIsHandledAndTheRestServed() throws Exception
    {
        final int port;
        try (Socket socket = connect())
        {
            port = socket.getLocalPort();
            final ByteBuffer wire = ByteBuffer.allocate(4 + 10).order(ByteOrder.LITTLE_ENDIAN);
            wire.putInt(100).put(new byte[10]);
            socket.getOutputStream().write(wire.array());
            socket.getOutputStream().flush();
            await(() -> poller.counters().bytesIn() >= 14 + 20, () -> "partial frame read");
            // Linger 0: close sends a reset, as a crashed or killed peer's kernel would.
            socket.setSoLinger(true, 0);
        }

        final TcpDisconnectReason reason = handler.awaitDisconnect(port);
        assertTrue(reason == TcpDisconnectReason.IO_ERROR || reason == TcpDisconnectReason.PEER_CLOSED_MID_FRAME,
            reason.toString());
        assertGoodClientServed();
    }

    @Test
    void orderlyCloseBetweenFramesIsAPeerClose() throws Exception
    {
        final int port;
        try (Socket socket = connect())
        {
            port = socket.getLocalPort();
            await(() -> handler.idByRemotePort.containsKey(port), () -> "connected");
        }
        assertEquals(TcpDisconnectReason.PEER_CLOSED, handler.awaitDisconnect(port));
        assertGoodClientServed();
    }

    private void assertGoodClientServed()
    {
        message.putLong(0, goodEchoes);
        goodClient.send(message, 0, 16);
        final int expected = goodEchoes + 1;
        await(() -> goodEchoes == expected, () -> goodClient.poll((buffer, offset, length) ->
        {
            assertEquals(16, length);
            assertEquals(goodEchoes, buffer.getLong(offset));
            goodEchoes++;
        }), () -> "good client echo " + expected);
    }

    private Socket connect() throws IOException
    {
        final Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", poller.port()), 20_000);
        socket.setSoTimeout(20_000);
        return socket;
    }

    /**
     * The server closes at once, discarding anything queued (here the echo of the valid frame), so the
     * peer sees at most that echo, then end of stream or a reset (the server dropped unread input).
     */
    private static void assertClosed(final InputStream in) throws IOException
    {
        try
        {
            final byte[] rest = in.readAllBytes();
            assertTrue(rest.length <= 4 + 3, "nothing but the echo: " + rest.length);
        }
        catch (final SocketException ex)
        {
            assertTrue(ex.getMessage().toLowerCase().contains("reset"), ex.toString());
        }
    }
}
