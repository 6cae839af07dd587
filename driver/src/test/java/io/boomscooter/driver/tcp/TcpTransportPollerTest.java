package io.boomscooter.driver.tcp;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicReference;

import static io.boomscooter.driver.tcp.TcpTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The poller's API contract: result codes instead of exceptions, handler failures contained to their
 * connection, connection limits, and a clean shutdown.
 */
class TcpTransportPollerTest
{
    private final TcpTestSupport.EchoHandler handler = new TcpTestSupport.EchoHandler();
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[128]);

    @Test
    void sendReportsCodesRatherThanThrowing()
    {
        final TcpTransportPoller poller = new TcpTransportPoller(
            TcpTestSupport.loopbackContext(handler).maxMessageLength(64));
        try (TcpClient client = new TcpClient(TcpTestSupport.address(poller), 64, 0, 0))
        {
            handler.poller = poller;
            final long id = awaitConnection(poller, client.localPort());
            assertEquals(TcpSendResult.NOT_CONNECTED, poller.send(id + 1000, message, 0, 8));
            assertEquals(TcpSendResult.INVALID_LENGTH, poller.send(id, message, 0, 0));
            assertEquals(TcpSendResult.INVALID_LENGTH, poller.send(id, message, 0, 65));
            assertEquals(TcpSendResult.INVALID_LENGTH, poller.tryClaim(id, -1, new TcpBufferClaim()));
            assertEquals(12, poller.send(id, message, 0, 8), "position after one 8-byte message");
            assertEquals(24, poller.send(id, message, 0, 8));

            poller.close();
            assertEquals(TcpSendResult.CLOSED, poller.send(id, message, 0, 8));
            assertEquals(TcpDisconnectReason.TRANSPORT_CLOSED, handler.disconnected.get(id));
            assertEquals("BACK_PRESSURED", TcpSendResult.describe(TcpSendResult.BACK_PRESSURED));
        }
        finally
        {
            poller.close();
        }
    }

    @Test
    void handlerFailureClosesOnlyThatConnection()
    {
        final AtomicReference<Throwable> reported = new AtomicReference<>();
        final TcpTestSupport.EchoHandler throwing = new TcpTestSupport.EchoHandler()
        {
            public void onFrame(final long connectionId, final DirectBuffer buffer, final int offset, final int length)
            {
                if (buffer.getByte(offset) == 13)
                {
                    throw new IllegalStateException("unlucky frame");
                }
                super.onFrame(connectionId, buffer, offset, length);
            }
        };
        try (TcpTransportPoller poller = new TcpTransportPoller(
            TcpTestSupport.loopbackContext(throwing).errorHandler(reported::set));
            TcpClient bad = new TcpClient(TcpTestSupport.address(poller), 64, 0, 0);
            TcpClient good = new TcpClient(TcpTestSupport.address(poller), 64, 0, 0))
        {
            throwing.poller = poller;
            final long badId = awaitConnection(poller, throwing, bad.localPort());
            awaitConnection(poller, throwing, good.localPort());

            message.putByte(0, (byte)13);
            bad.send(message, 0, 1);
            await(() -> throwing.disconnected.containsKey(badId), poller::doWork, () -> "bad closed");
            assertEquals(TcpDisconnectReason.HANDLER_ERROR, throwing.disconnected.get(badId));
            assertEquals("unlucky frame", reported.get().getMessage());

            message.putByte(0, (byte)1);
            good.send(message, 0, 1);
            final int[] echoes = new int[1];
            await(() -> echoes[0] == 1, () ->
            {
                poller.doWork();
                good.poll((buffer, offset, length) -> echoes[0]++);
            }, () -> "good echo");
        }
    }

    @Test
    void handlerMayCloseAnotherConnectionThatIsReadyInTheSamePass()
    {
        final long[] victim = new long[1];
        final TcpTestSupport.EchoHandler closing = new TcpTestSupport.EchoHandler()
        {
            public void onFrame(final long connectionId, final DirectBuffer buffer, final int offset, final int length)
            {
                if (connectionId != victim[0])
                {
                    poller.close(victim[0]);
                }
            }
        };
        try (TcpTransportPoller poller = new TcpTransportPoller(TcpTestSupport.loopbackContext(closing));
            TcpClient killer = new TcpClient(TcpTestSupport.address(poller), 64, 0, 0);
            TcpClient other = new TcpClient(TcpTestSupport.address(poller), 64, 0, 0))
        {
            closing.poller = poller;
            awaitConnection(poller, closing, killer.localPort());
            victim[0] = awaitConnection(poller, closing, other.localPort());

            // Both sockets readable before the next select, whichever the selector reports first.
            other.send(message, 0, 8);
            killer.send(message, 0, 8);
            await(() -> closing.disconnected.containsKey(victim[0]), poller::doWork, () -> "victim closed");
            assertEquals(TcpDisconnectReason.CLOSED_BY_APPLICATION, closing.disconnected.get(victim[0]));
            assertEquals(1, poller.connectionCount());
        }
    }

    @Test
    void runsAsAnAgentAndClosesWithIt()
    {
        final TcpTransportPoller poller = new TcpTransportPoller(TcpTestSupport.loopbackContext(handler));
        handler.poller = poller;
        final TcpTransportAgent agent = new TcpTransportAgent(poller);
        assertTrue(agent.roleName().endsWith(String.valueOf(poller.port())), agent.roleName());
        final AgentRunner runner = new AgentRunner(
            new BackoffIdleStrategy(1, 1, 1_000, 100_000), Throwable::printStackTrace, null, agent);
        AgentRunner.startOnThread(runner);
        final long id;
        try (TcpClient client = new TcpClient(TcpTestSupport.address(poller), 64, 0, 0))
        {
            final int port = client.localPort();
            await(() -> handler.idByRemotePort.containsKey(port), () -> "accepted by the agent");
            id = handler.idByRemotePort.get(port);
            client.send(message, 0, 8);
            final int[] echoes = new int[1];
            await(() -> echoes[0] == 1, () -> client.poll((buffer, offset, length) -> echoes[0]++), () -> "echo");
        }
        finally
        {
            runner.close();
        }
        assertTrue(runner.isClosed());
        final TcpDisconnectReason reason = handler.disconnected.get(id);
        assertTrue(reason == TcpDisconnectReason.TRANSPORT_CLOSED || reason == TcpDisconnectReason.PEER_CLOSED,
            String.valueOf(reason));
    }

    @Test
    void connectionsBeyondTheLimitAreRefused()
    {
        try (TcpTransportPoller poller = new TcpTransportPoller(
            TcpTestSupport.loopbackContext(handler).maxConnections(1));
            TcpClient first = new TcpClient(TcpTestSupport.address(poller), 64, 0, 0);
            TcpClient second = new TcpClient(TcpTestSupport.address(poller), 64, 0, 0))
        {
            handler.poller = poller;
            final int[] polled = new int[1];
            await(() -> polled[0] == -1, () ->
            {
                poller.doWork();
                polled[0] = second.poll((buffer, offset, length) -> {});
            }, () -> "second connection closed by the server");
            assertEquals(1, poller.counters().connectionsRejected());
            assertEquals(1, poller.connectionCount());
            assertFalse(first.isEndOfStream());
        }
    }

    @Test
    void bindFailureIsClear()
    {
        try (TcpTransportPoller poller = new TcpTransportPoller(TcpTestSupport.loopbackContext(handler)))
        {
            final UncheckedIOException ex = assertThrows(UncheckedIOException.class, () ->
                new TcpTransportPoller(TcpTestSupport.loopbackContext(handler).port(poller.port())));
            assertTrue(ex.getMessage().contains(":" + poller.port()), ex.getMessage());
        }
    }

    @Test
    void missingHandlerAndBadSettingsAreRejectedUpFront()
    {
        assertThrows(IllegalStateException.class, () -> new TcpTransportPoller.Context().conclude());
        assertThrows(IllegalArgumentException.class,
            () -> TcpTestSupport.loopbackContext(handler).maxMessageLength(0).conclude());
        assertThrows(IllegalArgumentException.class,
            () -> TcpTestSupport.loopbackContext(handler).port(70000).conclude());
        final TcpTransportPoller.Context ctx = TcpTestSupport.loopbackContext(handler)
            .maxMessageLength(1000).sendBufferLength(10).conclude();
        assertEquals(1004, ctx.sendBufferLength(), "raised to hold one largest frame");
    }

    private long awaitConnection(final TcpTransportPoller poller, final int clientPort)
    {
        return awaitConnection(poller, handler, clientPort);
    }

    private static long awaitConnection(
        final TcpTransportPoller poller, final TcpTestSupport.EchoHandler handler, final int clientPort)
    {
        await(() -> handler.idByRemotePort.containsKey(clientPort), poller::doWork, () -> "accept " + clientPort);
        final long id = handler.idByRemotePort.get(clientPort);
        assertTrue(poller.isConnected(id));
        return id;
    }
}
