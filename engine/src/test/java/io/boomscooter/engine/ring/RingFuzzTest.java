package io.boomscooter.engine.ring;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.boomscooter.engine.FuzzSupport;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;

import static io.boomscooter.engine.FuzzSupport.boundedAllocation;
import static io.boomscooter.engine.FuzzSupport.check;

/**
 * Fuzz target for ring relay lines (docs/fuzzing.md): the lenient CRLF framer clients and peers are read with, and
 * the checks the server applies to each line. The line handlers are private to {@code RingServerAgent} and need its
 * pollers, so this target applies the same {@link RingLines} and {@link RingRoutes} calls in the same order
 * ({@code ClientHandler.onFrame}, {@code PeerHandler.onFrame}, {@code onPeerMessage}).
 */
@ExtendWith(FuzzSupport.RegressionTimeout.class)
class RingFuzzTest
{
    private final int[] consumed = new int[1];

    /**
     * Byte 0: bits 0-1 the line limit (512, 16, 3 or 64 bytes), bit 2 the peer is in id mode (said hello), bit 3 the
     * note's five-server scheme, else bits 4-7 the ring size for the halving tree; the rest is the stream, cut by
     * {@link RingLineFramer#decode} and each line checked as a client line and as a peer line.
     */
    @FuzzTest(maxDuration = "30s")
    void lines(final byte[] input)
    {
        if (input.length < 1)
        {
            return;
        }
        final int control = input[0] & 0xFF;
        final int maxLine = new int[]{512, 16, 3, 64}[control & 3];
        final boolean idMode = (control & 4) != 0;
        final RingRoutes routes = (control & 8) != 0 ? new RingRoutes(5, RingRoutes.Scheme.NOTE) :
            new RingRoutes(1 + ((control >>> 4) % RingRoutes.MAX_SERVERS), RingRoutes.Scheme.TREE);
        final RingLineFramer framer = new RingLineFramer(maxLine);
        final UnsafeBuffer buffer = FuzzSupport.exact(input);
        boundedAllocation(input.length, "ring line framing and checks", () ->
        {
            final int result = FuzzSupport.checkFramer(framer, buffer, 1, input.length - 1,
                (b, frameOffset, frameLength, offset, length) ->
                {
                    if (framer.isOverlong(length))
                    {
                        return; // skipOverlong: refused, and the rest of the line skipped
                    }
                    clientLine(b, offset, length);
                    peerLine(b, offset, length, idMode, routes);
                });
            check(result != io.boomscooter.driver.tcp.TcpFramer.MALFORMED, "the lenient framer refused a stream");
        });
    }

    /**
     * Writes the seed inputs of this target (docs/fuzzing.md).
     */
    @Test
    @EnabledIfSystemProperty(named = FuzzSupport.WRITE_SEEDS_PROPERTY, matches = "true")
    void writeSeeds()
    {
        final Class<?> c = RingFuzzTest.class;
        seed(c, "client-lines", 0x50, "hello world\r\nkeepAlive\r\n\r\nbare\nline\r\n");
        seed(c, "peer-id-mode", 0x54, "pzog-ids 2\r\n1A3.17 text from three\r\n00.1 log only\r\nok\r\nack\r\n");
        seed(c, "peer-plain-note-scheme", 0x08, "2plain text\r\n1next\r\nerror bad\r\n");
        seed(c, "overlong-then-line", 0x51, "0123456789abcdefghij\r\nok\r\n");
        seed(c, "bad-ids", 0x54, "1x.1 t\r\n19.0 t\r\n10.5t\r\n");
    }

    private static void seed(final Class<?> c, final String name, final int control, final String text)
    {
        FuzzSupport.writeSeed(c, "lines", name, FuzzSupport.concat(new byte[]{(byte)control},
            text.getBytes(StandardCharsets.US_ASCII)));
    }

    private static void clientLine(final DirectBuffer buffer, final int offset, final int length)
    {
        if (RingLines.is(buffer, offset, length, RingLines.KEEP_ALIVE))
        {
            return;
        }
        RingLines.isText(buffer, offset, length);
    }

    private void peerLine(
        final DirectBuffer buffer, final int offset, final int length, final boolean idMode, final RingRoutes routes)
    {
        // an answer on a link we dialled
        final boolean answer = RingLines.is(buffer, offset, length, RingLines.ACK) ||
            RingLines.is(buffer, offset, length, RingLines.OK) ||
            RingLines.startsWith(buffer, offset, length, RingLines.ERROR);
        if (answer || RingLines.is(buffer, offset, length, RingLines.KEEP_ALIVE) ||
            RingLines.startsWith(buffer, offset, length, RingLines.HELLO) || length < 2)
        {
            return;
        }
        // onPeerMessage
        if (routes.fromPeer(buffer.getByte(offset)) < 0)
        {
            return;
        }
        int at = offset + 1;
        final int end = offset + length;
        if (idMode)
        {
            final long origin = RingLines.parseNumber(buffer, at, end, consumed);
            check(consumed[0] >= 0 && consumed[0] <= 18 && at + consumed[0] <= end, "origin digits");
            at += consumed[0];
            if (origin < 0 || at >= end || buffer.getByte(at) != '.')
            {
                return;
            }
            final long seq = RingLines.parseNumber(buffer, at + 1, end, consumed);
            check(consumed[0] >= 0 && consumed[0] <= 18 && at + 1 + consumed[0] <= end, "seq digits");
            check(seq < 0 || seq < 1_000_000_000_000_000_000L, "seq of more than 18 digits");
            at += 1 + consumed[0];
            if (seq < 1 || at >= end || buffer.getByte(at) != ' ')
            {
                return;
            }
            at++;
        }
        final int textLength = end - at;
        check(textLength >= 0, "text past the line");
        if (textLength >= 1)
        {
            RingLines.isText(buffer, at, textLength);
        }
    }
}
