package io.boomscooter.driver.tcp;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

import static io.boomscooter.driver.tcp.TcpTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slow consumers: a peer that stops reading fills its own send buffer and gets BACK_PRESSURED, while
 * others keep receiving; the application can then drop it, with or without a final frame.
 * The poller runs on the test thread, interleaved with the clients.
 */
class TcpBackPressureTest
{
    private static final int MESSAGE_LENGTH = 1000;

    private final TcpTestSupport.EchoHandler handler = new TcpTestSupport.EchoHandler();
    private final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(MESSAGE_LENGTH));
    private TcpTransportPoller poller;
    private SocketChannel stalled;
    private TcpClient reader;
    private long stalledId;
    private long readerId;
    private long framesRead;

    @BeforeEach
    void start() throws IOException
    {
        poller = new TcpTransportPoller(TcpTestSupport.loopbackContext(handler)
            .maxMessageLength(MESSAGE_LENGTH)
            .sendBufferLength(16 * 1024)
            .socketSendBufferSize(8 * 1024)
            .closeFlushTimeoutNs(TimeUnit.MILLISECONDS.toNanos(200)));
        handler.poller = poller;

        stalled = SocketChannel.open();
        stalled.setOption(StandardSocketOptions.SO_RCVBUF, 8 * 1024);
        stalled.connect(TcpTestSupport.address(poller));
        stalledId = awaitConnection(stalled.socket().getLocalPort());

        reader = new TcpClient(TcpTestSupport.address(poller), MESSAGE_LENGTH, 0, 0);
        readerId = awaitConnection(reader.localPort());
    }

    @AfterEach
    void stop()
    {
        reader.close();
        org.agrona.CloseHelper.quietClose(stalled);
        poller.close();
    }

    @Test
    void stalledPeerIsBackPressuredWhileOthersKeepReceiving()
    {
        long sentToReader = 0;
        long result;
        final long deadlineNs = System.nanoTime() + TcpTestSupport.DEADLINE_NS;
        while ((result = poller.send(stalledId, message, 0, MESSAGE_LENGTH)) > 0)
        {
            assertTrue(System.nanoTime() - deadlineNs < 0, "stalled peer never back pressured");
            sentToReader += sendToReader(sentToReader);
            poller.doWork();
            pollReader();
        }
        assertEquals(TcpSendResult.BACK_PRESSURED, result, TcpSendResult.describe(result));
        assertTrue(poller.counters().backPressureEvents() >= 1);
        assertTrue(poller.backlog(stalledId) > 0);

        // The reader keeps up with 1,000 more frames while the stalled peer stays stuck: the kernel may
        // take a little more of its backlog, but nowhere near one frame per attempt.
        int stalledAccepted = 0;
        for (int i = 0; i < 1000; i++)
        {
            if (poller.send(stalledId, message, 0, MESSAGE_LENGTH) > 0)
            {
                stalledAccepted++;
            }
            sentToReader += sendToReader(sentToReader);
            poller.doWork();
            pollReader();
        }
        final long expected = sentToReader;
        await(() -> framesRead == expected, this::pollBoth, () -> framesRead + " of " + expected);
        assertTrue(expected >= 1000, "reader was never back pressured: " + expected);
        assertTrue(stalledAccepted < 100, "stalled peer accepted " + stalledAccepted + " of 1000");
        assertTrue(poller.backlog(stalledId) > 0, "stalled peer still has a backlog");

        // Dropping the slow peer is the application's call.
        assertTrue(poller.close(stalledId));
        assertEquals(TcpDisconnectReason.CLOSED_BY_APPLICATION, handler.disconnected.get(stalledId));
        assertEquals(TcpSendResult.NOT_CONNECTED, poller.send(stalledId, message, 0, MESSAGE_LENGTH));
        assertTrue(poller.isConnected(readerId));
    }

    @Test
    void closeAfterFlushDeliversTheFinalFrameThenEndOfStream()
    {
        message.putLong(0, 0xFEEDL);
        assertTrue(poller.send(readerId, message, 0, MESSAGE_LENGTH) > 0);
        assertTrue(poller.closeAfterFlush(readerId));
        assertEquals(TcpSendResult.CLOSING, poller.send(readerId, message, 0, MESSAGE_LENGTH));

        final long[] last = new long[1];
        final int[] polled = new int[1];
        await(() -> polled[0] == -1, () ->
        {
            poller.doWork();
            polled[0] = reader.poll((buffer, offset, length) -> last[0] = buffer.getLong(offset));
        }, () -> "final frame then end of stream");
        assertEquals(0xFEEDL, last[0]);
        assertEquals(TcpDisconnectReason.CLOSED_BY_APPLICATION, handler.disconnected.get(readerId));
    }

    @Test
    void closeAfterFlushGivesUpOnAPeerThatNeverReads()
    {
        final long deadlineNs = System.nanoTime() + TcpTestSupport.DEADLINE_NS;
        while (poller.send(stalledId, message, 0, MESSAGE_LENGTH) > 0)
        {
            assertTrue(System.nanoTime() - deadlineNs < 0, "stalled peer never back pressured");
            poller.doWork();
        }
        assertTrue(poller.closeAfterFlush(stalledId));
        await(() -> handler.disconnected.containsKey(stalledId), poller::doWork, () -> "close-flush timeout");
        assertEquals(TcpDisconnectReason.CLOSE_FLUSH_TIMEOUT, handler.disconnected.get(stalledId));
        assertTrue(poller.isConnected(readerId));
    }

    private int sendToReader(final long sequence)
    {
        message.putLong(0, sequence);
        final long result = poller.send(readerId, message, 0, MESSAGE_LENGTH);
        return result > 0 ? 1 : 0;
    }

    private void pollBoth()
    {
        poller.doWork();
        pollReader();
    }

    private void pollReader()
    {
        reader.poll(this::onReaderFrame);
    }

    private void onReaderFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        assertEquals(MESSAGE_LENGTH, length);
        assertEquals(framesRead, buffer.getLong(offset), "in order, none lost");
        framesRead++;
    }

    private long awaitConnection(final int clientPort)
    {
        await(() -> handler.idByRemotePort.containsKey(clientPort), poller::doWork, () -> "accept " + clientPort);
        return handler.idByRemotePort.get(clientPort);
    }
}
