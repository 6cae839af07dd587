package io.boomscooter.driver.tcp;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.boomscooter.driver.tcp.TcpTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dialling out: a poller connects to another poller and both exchange frames with the same callbacks as
 * an accepted connection; a failed dial reports refused, timed out or unresolved, never
 * {@code onConnected}. Both pollers run on the test thread, so nothing races; loopback only.
 */
class TcpDialTest
{
    private final TcpTestSupport.EchoHandler serverHandler = new TcpTestSupport.EchoHandler();
    private final RecordingHandler dialHandler = new RecordingHandler();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private TcpTransportPoller dialler;

    @AfterEach
    void close() throws Exception
    {
        for (final AutoCloseable resource : resources)
        {
            resource.close();
        }
    }

    @Test
    void dialledConnectionExchangesFramesBothWays()
    {
        final TcpTransportPoller server = server();
        dialler = dialler();
        final long id = dialler.connect(TcpTestSupport.address(server));
        assertTrue(id > 0);
        assertFalse(dialler.isConnected(id), "the connect completes in a duty cycle, not in connect()");

        // Queued while connecting: written once the connect completes.
        for (int i = 0; i < 3; i++)
        {
            assertTrue(dialler.send(id, text("early " + i), 0, ("early " + i).length()) > 0);
        }
        awaitBoth(server, () -> dialHandler.frameCount(id) == 3, "3 echoes of frames queued while connecting");
        assertEquals(List.of("early 0", "early 1", "early 2"), dialHandler.frames(id));
        assertEquals(server.port(), dialHandler.connected.get(id).getPort());
        assertTrue(dialler.isConnected(id));
        assertEquals(1, dialler.counters().connectionsDialled());

        // The server side speaks first too: the accepted end of the dialled connection.
        final long serverSideId = serverHandler.connected.peek();
        assertTrue(server.send(serverSideId, text("from server"), 0, 11) > 0);
        final TcpBufferClaim claim = new TcpBufferClaim();
        assertTrue(dialler.tryClaim(id, 7, claim) > 0);
        claim.buffer().putStringWithoutLengthAscii(claim.offset(), "claimed");
        assertTrue(claim.commit());
        awaitBoth(server, () -> dialHandler.frameCount(id) == 5, "server frame and claimed echo");
        assertEquals(List.of("early 0", "early 1", "early 2", "from server", "claimed"), dialHandler.frames(id));

        assertTrue(dialler.close(id));
        awaitBoth(server, () -> serverHandler.disconnected.containsKey(serverSideId), "server sees the close");
        assertEquals(TcpDisconnectReason.PEER_CLOSED, serverHandler.disconnected.get(serverSideId));
        assertEquals(TcpDisconnectReason.CLOSED_BY_APPLICATION, dialHandler.disconnected.get(id));
    }

    @Test
    void dialToAClosedPortIsRefused() throws IOException
    {
        final int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            port = probe.getLocalPort();
        }
        dialler = dialler();
        final long startNs = System.nanoTime();
        final long id = dialler.connect(new InetSocketAddress("127.0.0.1", port));
        assertTrue(id > 0);
        assertTrue(dialHandler.disconnected.isEmpty(), "never reported from inside connect()");
        awaitDialler(() -> dialHandler.disconnected.containsKey(id), "refusal");
        assertEquals(TcpDisconnectReason.CONNECT_REFUSED, dialHandler.disconnected.get(id));
        assertTrue(System.nanoTime() - startNs < TimeUnit.SECONDS.toNanos(2), "refused at once, not timed out");
        assertFalse(dialHandler.connected.containsKey(id), "onConnected never called for a failed dial");
        assertEquals(1, dialler.counters().connectFailures());
        assertEquals(0, dialler.counters().connectionsClosed(), "a dial that never connected is not a close");
        assertEquals(0, dialler.connectionCount());
        assertEquals(TcpSendResult.NOT_CONNECTED, dialler.send(id, text("late"), 0, 4));
    }

    @Test
    void unresolvedAddressFailsWithoutALookup()
    {
        dialler = dialler();
        final long id = dialler.connect(InetSocketAddress.createUnresolved("peer.invalid", 4000));
        awaitDialler(() -> dialHandler.disconnected.containsKey(id), "unresolved failure");
        assertEquals(TcpDisconnectReason.UNRESOLVED_ADDRESS, dialHandler.disconnected.get(id));
        assertFalse(dialHandler.connected.containsKey(id));
    }

    /**
     * A real timeout on loopback: a listener that never accepts, with its accept queue filled, makes
     * Linux drop further SYNs, so a connect stays in progress until our deadline. Where the kernel does
     * not behave that way the test is skipped rather than faked.
     */
    @Test
    void connectThatDoesNotCompleteTimesOut() throws IOException
    {
        final ServerSocketChannel full = ServerSocketChannel.open();
        resources.add(full);
        full.bind(new InetSocketAddress("127.0.0.1", 0), 1);
        boolean queueFull = false;
        for (int i = 0; i < 16 && !queueFull; i++)
        {
            final Socket filler = new Socket();
            resources.add(filler);
            try
            {
                filler.connect(full.getLocalAddress(), 300);
            }
            catch (final SocketTimeoutException ex)
            {
                queueFull = true;
            }
        }
        Assumptions.assumeTrue(queueFull, "the kernel kept accepting SYNs; no loopback timeout possible here");

        dialler = dialler();
        final long startNs = System.nanoTime();
        final long id = dialler.connect((InetSocketAddress)full.getLocalAddress(), new TcpLengthPrefixFramer(64),
            TimeUnit.MILLISECONDS.toNanos(200));
        awaitDialler(() -> dialHandler.disconnected.containsKey(id), "connect timeout");
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        assertEquals(TcpDisconnectReason.CONNECT_TIMEOUT, dialHandler.disconnected.get(id));
        assertTrue(elapsedMs >= 190 && elapsedMs < 5_000, "timed out after " + elapsedMs + " ms");
        assertFalse(dialHandler.connected.containsKey(id));
    }

    @Test
    void dialOnlyPollerHasNoListeningSocket()
    {
        dialler = dialler();
        assertNull(dialler.localAddress());
        assertEquals(0, dialler.port());
    }

    private TcpTransportPoller server()
    {
        final TcpTransportPoller server = new TcpTransportPoller(TcpTestSupport.loopbackContext(serverHandler));
        serverHandler.poller = server;
        resources.add(server);
        return server;
    }

    private TcpTransportPoller dialler()
    {
        final TcpTransportPoller poller = new TcpTransportPoller(new TcpTransportPoller.Context()
            .listen(false).frameHandler(dialHandler).errorHandler(Throwable::printStackTrace));
        resources.add(poller);
        return poller;
    }

    private void awaitBoth(final TcpTransportPoller server, final java.util.function.BooleanSupplier done, final String what)
    {
        await(done, () ->
        {
            server.doWork();
            dialler.doWork();
        }, () -> what);
    }

    private void awaitDialler(final java.util.function.BooleanSupplier done, final String what)
    {
        await(done, dialler::doWork, () -> what);
    }

    private static UnsafeBuffer text(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.US_ASCII));
    }
}
