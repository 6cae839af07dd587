package io.boomscooter.driver.tcp;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.boomscooter.driver.tcp.TcpTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CRLF line framer, the second {@link TcpFramer}: proves the interface carries a framing with a
 * trailer and no header. Unit cases drive the frame assembler with no sockets; the live cases run a
 * line-framed poller on the test thread with raw sockets as peers.
 */
class TcpLineFramerTest
{
    /**
     * The ring relay's limit, counting the CRLF (IRC's 512).
     */
    private static final int MAX_LINE = 512;

    private final TcpLineFramer framer = new TcpLineFramer(MAX_LINE);

    @Test
    void manyLinesInOneReadAreDeliveredInOrderIncludingAnEmptyOne()
    {
        final TcpFrameAssembler assembler = assembler();
        append(assembler, "PING a\r\nPRIVMSG #ring :hello\r\n\r\nQUIT\r\n");
        assertEquals(List.of("PING a", "PRIVMSG #ring :hello", "", "QUIT"), drain(assembler));
        assertEquals(0, assembler.pendingBytes());
    }

    @Test
    void aLineSplitAcrossReadsAppearsOnlyWhenItsCrlfArrives()
    {
        final TcpFrameAssembler assembler = assembler();
        append(assembler, "NICK boom");
        assertEquals(List.of(), drain(assembler));
        append(assembler, "scooter\r");
        assertEquals(List.of(), drain(assembler), "CR alone is not the end of a line yet");
        append(assembler, "\nJOIN");
        assertEquals(List.of("NICK boomscooter"), drain(assembler));
        append(assembler, " #ring\r\n");
        assertEquals(List.of("JOIN #ring"), drain(assembler));
    }

    @Test
    void longestLineIsAcceptedAndOneByteMoreIsRefused()
    {
        final String longest = "x".repeat(MAX_LINE - 2);
        final TcpFrameAssembler ok = assembler();
        append(ok, longest + "\r\n");
        assertEquals(List.of(longest), drain(ok));

        final TcpFrameAssembler tooLong = assembler();
        append(tooLong, longest + "y\r\n");
        assertEquals(TcpFrameAssembler.MALFORMED, tooLong.nextFrame());
        assertEquals(TcpDisconnectReason.MALFORMED_FRAME, tooLong.malformedReason());
        assertEquals(TcpLineFramer.LINE_TOO_LONG, tooLong.malformedDetail());

        // Refused as soon as the limit is passed, without waiting for a CRLF that may never come.
        final TcpFrameAssembler endless = assembler();
        append(endless, "z".repeat(MAX_LINE));
        assertEquals(TcpFrameAssembler.MALFORMED, endless.nextFrame());
        assertEquals(TcpLineFramer.LINE_TOO_LONG, endless.malformedDetail());
    }

    @Test
    void bareLfOrCrIsMalformedAfterTheGoodLinesBeforeIt()
    {
        final TcpFrameAssembler bareLf = assembler();
        append(bareLf, "GOOD\r\nBAD\nMORE\r\n");
        assertEquals(4, bareLf.nextFrame());
        assertEquals(TcpFrameAssembler.MALFORMED, bareLf.nextFrame());
        assertEquals(TcpLineFramer.BARE_CR_OR_LF, bareLf.malformedDetail());

        final TcpFrameAssembler bareCr = assembler();
        append(bareCr, "BAD\rX\r\n");
        assertEquals(TcpFrameAssembler.MALFORMED, bareCr.nextFrame());
    }

    @Test
    void outgoingLinesGetTheirCrlfAndMayNotContainOne()
    {
        final TcpSendBuffer sendBuffer = new TcpSendBuffer(framer, java.nio.ByteBuffer.allocateDirect(1024));
        assertTrue(sendBuffer.append(text("PONG a"), 0, 6));
        assertEquals(8, sendBuffer.backlog());
        assertEquals('\r', sendBuffer.buffer().getByte(6));
        assertEquals('\n', sendBuffer.buffer().getByte(7));

        assertTrue(framer.isValidMessageLength(0));
        assertTrue(framer.isValidMessageLength(MAX_LINE - 2));
        assertFalse(framer.isValidMessageLength(MAX_LINE - 1));
        assertFalse(framer.isValidMessage(text("A\r\nB"), 0, 4));
        assertFalse(framer.isValidMessage(text("A\nB"), 0, 3));
    }

    /**
     * A line-framed server: good lines are echoed with CRLF; a peer that sends an over-long line loses
     * its connection with MALFORMED_FRAME and the framer's detail, counted as a protocol error, while a
     * second peer on the same server keeps being served.
     */
    @Test
    void malformedLineClosesOnlyThatConnectionWithTheReasonAndIsCounted() throws IOException
    {
        final LineEcho handler = new LineEcho();
        try (TcpTransportPoller server = new TcpTransportPoller(TcpTestSupport.loopbackContext(handler).framer(framer));
            Socket good = new Socket("127.0.0.1", server.port());
            Socket bad = new Socket("127.0.0.1", server.port()))
        {
            handler.poller = server;
            await(() -> handler.connected.size() == 2, server::doWork, () -> "two connections");

            good.getOutputStream().write("HELLO one\r\nHELLO two\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("HELLO one\r\nHELLO two\r\n", readExactly(good.getInputStream(), 22, server));

            final OutputStream badOut = bad.getOutputStream();
            badOut.write("FINE\r\n".getBytes(StandardCharsets.US_ASCII));
            badOut.write("y".repeat(MAX_LINE + 10).getBytes(StandardCharsets.US_ASCII));
            await(() -> handler.disconnected.size() == 1, server::doWork, () -> "bad peer dropped");
            final long badId = handler.disconnected.keySet().iterator().next();
            assertEquals(TcpDisconnectReason.MALFORMED_FRAME, handler.disconnected.get(badId));
            assertEquals(TcpLineFramer.LINE_TOO_LONG, handler.details.get(badId));
            assertEquals(1, server.counters().protocolErrors());
            assertTrue(handler.frames(badId).contains("FINE"), "the good line before was delivered");

            good.getOutputStream().write("STILL here\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("STILL here\r\n", readExactly(good.getInputStream(), 12, server));
            assertEquals(1, server.connectionCount());
        }
    }

    /**
     * The framer is chosen per dialled connection: a length-prefix poller dials a line-framed server
     * with a line framer for that one connection.
     */
    @Test
    void dialledConnectionUsesItsOwnFramer()
    {
        final LineEcho serverHandler = new LineEcho();
        final RecordingHandler dialHandler = new RecordingHandler();
        try (TcpTransportPoller server = new TcpTransportPoller(
            TcpTestSupport.loopbackContext(serverHandler).framer(framer));
            TcpTransportPoller dialler = new TcpTransportPoller(new TcpTransportPoller.Context()
                .listen(false).frameHandler(dialHandler).errorHandler(Throwable::printStackTrace)))
        {
            serverHandler.poller = server;
            final long id = dialler.connect(new InetSocketAddress("127.0.0.1", server.port()), framer);
            assertTrue(dialler.send(id, text("PING ring"), 0, 9) > 0);
            assertEquals(TcpSendResult.INVALID_LENGTH, dialler.send(id, text("A\r\nB"), 0, 4), "CRLF inside");
            await(() -> dialHandler.frameCount(id) == 1, () ->
            {
                server.doWork();
                dialler.doWork();
            }, () -> "echoed line");
            assertEquals(List.of("PING ring"), dialHandler.frames(id));
        }
    }

    private TcpFrameAssembler assembler()
    {
        return new TcpFrameAssembler(framer, new TcpFramer.Decoded(),
            java.nio.ByteBuffer.allocateDirect(TcpFrameAssembler.capacityFor(framer, 4096)));
    }

    private static void append(final TcpFrameAssembler assembler, final String text)
    {
        final UnsafeBuffer bytes = text(text);
        assertEquals(bytes.capacity(), assembler.append(bytes, 0, bytes.capacity()));
    }

    private static List<String> drain(final TcpFrameAssembler assembler)
    {
        final List<String> lines = new ArrayList<>();
        int length;
        while ((length = assembler.nextFrame()) >= 0)
        {
            lines.add(assembler.buffer().getStringWithoutLengthAscii(assembler.frameOffset(), length));
        }
        assertEquals(TcpFrameAssembler.NO_FRAME, length);
        return lines;
    }

    private static UnsafeBuffer text(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String readExactly(final InputStream in, final int length, final TcpTransportPoller server)
        throws IOException
    {
        final byte[] bytes = new byte[length];
        final int[] read = {0};
        await(() -> read[0] == length, () ->
        {
            server.doWork();
            try
            {
                while (in.available() > 0 && read[0] < length)
                {
                    read[0] += in.read(bytes, read[0], length - read[0]);
                }
            }
            catch (final IOException ex)
            {
                throw new AssertionError(ex);
            }
        }, () -> read[0] + " of " + length + " bytes");
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /**
     * Echoes each line back and records it; line framing adds the CRLF back on the way out.
     */
    private static final class LineEcho extends RecordingHandler
    {
        TcpTransportPoller poller;

        public void onFrame(final long connectionId, final DirectBuffer buffer, final int offset, final int length)
        {
            super.onFrame(connectionId, buffer, offset, length);
            poller.send(connectionId, buffer, offset, length);
        }
    }
}
