package io.boomscooter.engine.ring;

import io.boomscooter.driver.tcp.TcpFramer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A line ended by a bare LF is refused (its message keeps the LF) but never taken for the start of an overlong
 * line, so the whole line after it is still delivered: found by reading the framer while fuzzing it.
 */
class RingLineFramerTest
{
    private static final int MAX_LINE = 16;

    private final RingLineFramer framer = new RingLineFramer(MAX_LINE);
    private final TcpFramer.Decoded out = new TcpFramer.Decoded();

    @Test
    void bareLfLinesAtAndJustBelowTheLimitDoNotSwallowTheNextLine()
    {
        for (final int lineLength : new int[] {MAX_LINE, MAX_LINE - 1, 3})
        {
            final String bare = "x".repeat(lineLength - 1) + "\n";
            final String next = "ok line\r\n";
            final UnsafeBuffer buffer = new UnsafeBuffer((bare + next).getBytes(StandardCharsets.US_ASCII));

            assertEquals(TcpFramer.FRAME, framer.decode(buffer, 0, buffer.capacity(), out));
            assertEquals(lineLength, out.frameLength(), "the bare-LF line is consumed whole");
            assertFalse(framer.isOverlong(out.messageLength()), "not the start of an overlong line: " + lineLength);
            assertEquals('\n', buffer.getByte(out.messageOffset() + out.messageLength() - 1), "the LF stays in");
            assertFalse(RingLines.isText(buffer, out.messageOffset(), out.messageLength()), "refused as not text");

            assertEquals(TcpFramer.FRAME, framer.decode(buffer, lineLength, buffer.capacity() - lineLength, out));
            assertEquals("ok line", buffer.getStringWithoutLengthAscii(out.messageOffset(), out.messageLength()));
        }
    }
}
