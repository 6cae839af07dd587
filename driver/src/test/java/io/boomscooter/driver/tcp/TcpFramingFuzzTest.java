package io.boomscooter.driver.tcp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

/**
 * Fuzz targets for TCP framing (docs/fuzzing.md): {@link TcpLengthPrefixFramer} and {@link TcpLineFramer} over an
 * arbitrary byte stream, and {@link TcpFrameAssembler} taking the stream in chunks of any size, as a connection's
 * reads deliver it. A framer must answer FRAME (inside the bytes, within its maximum), NEED_MORE or MALFORMED (with a
 * reason), never throw, never allocate; a frame it finds it finds again with exactly its bytes, and one byte fewer
 * is NEED_MORE.
 */
@ExtendWith(FuzzRegressionTimeout.class)
class TcpFramingFuzzTest
{
    private static final long ALLOCATION_SLACK = 64 * 1024;
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private final TcpFramer.Decoded out = new TcpFramer.Decoded();

    /**
     * Byte 0 picks the maximum message length (1, 16, 255 or 64 KiB); the rest is the stream.
     */
    @FuzzTest(maxDuration = "30s")
    void lengthPrefix(final byte[] input)
    {
        if (input.length < 1)
        {
            return;
        }
        final int max = new int[]{1, 16, 255, TcpFraming.DEFAULT_MAX_MESSAGE_LENGTH}[input[0] & 3];
        final TcpLengthPrefixFramer framer = new TcpLengthPrefixFramer(max);
        final UnsafeBuffer buffer = new UnsafeBuffer(input);
        bounded(input.length, framer.toString(), () -> checkStream(framer, buffer, 1, input.length - 1));
    }

    /**
     * Byte 0 picks the line limit (3, 16, 512 or 64 KiB, CRLF included); the rest is the stream.
     */
    @FuzzTest(maxDuration = "30s")
    void lines(final byte[] input)
    {
        if (input.length < 1)
        {
            return;
        }
        final int max = new int[]{3, 16, 512, 64 * 1024}[input[0] & 3];
        final TcpLineFramer framer = new TcpLineFramer(max);
        final UnsafeBuffer buffer = new UnsafeBuffer(input);
        bounded(input.length, framer.toString(), () -> checkStream(framer, buffer, 1, input.length - 1));
    }

    /**
     * {@link TcpFrameAssembler}: byte 0 bit 0 picks the framer (length prefix with a 64-byte maximum, or 32-byte
     * lines), bits 1-3 the receive buffer size above the largest frame (so compaction happens), bits 4-7 the chunk
     * size pattern; the rest arrives in chunks and frames are taken after each one, as the poller does. A message
     * handed out lies inside the buffer; the bytes handed out, frame by frame, are exactly what the framer finds over
     * the whole stream; MALFORMED ends the connection.
     */
    @FuzzTest(maxDuration = "30s")
    void assembler(final byte[] input)
    {
        if (input.length < 1)
        {
            return;
        }
        final int control = input[0] & 0xFF;
        final TcpFramer framer = (control & 1) == 0 ? new TcpLengthPrefixFramer(64) : new TcpLineFramer(32);
        final int capacity = TcpFrameAssembler.capacityFor(framer, framer.maxFrameLength() + ((control >>> 1) & 7) * 8);
        final TcpFrameAssembler assembler = new TcpFrameAssembler(framer, new TcpFramer.Decoded(),
            ByteBuffer.allocateDirect(capacity));
        final UnsafeBuffer src = new UnsafeBuffer(input);
        final int pattern = control >>> 4;
        // the frames the framer finds over the whole stream at once, to compare with what the assembler hands out
        final UnsafeBuffer whole = new UnsafeBuffer(input);
        int expectedAt = 1;
        int at = 1;
        int step = 0;
        while (at < input.length)
        {
            final int chunk = Math.min(input.length - at, 1 + ((pattern + step++) * 7) % 23);
            int appended = 0;
            while (appended < chunk)
            {
                final int n = assembler.append(src, at + appended, chunk - appended);
                appended += n;
                final int result = drain(assembler, framer, whole, expectedAt, input.length);
                if (result < 0)
                {
                    return; // MALFORMED: the connection is closed
                }
                expectedAt = result;
                if (0 == n && appended < chunk)
                {
                    check(assembler.pendingBytes() < capacity, "buffer full and no frame taken");
                }
            }
            at += chunk;
        }
    }

    /**
     * Writes the seed inputs of these targets (docs/fuzzing.md) when run with
     * {@code -Dboomscooter.fuzz.writeSeeds=true}.
     */
    @Test
    @EnabledIfSystemProperty(named = "boomscooter.fuzz.writeSeeds", matches = "true")
    void writeSeeds()
    {
        final byte[] frames = concat(prefixed("hello"), prefixed("x"), prefixed("a longer message of 30 bytes.."));
        writeSeed("lengthPrefix", "three-frames", concat(new byte[]{3}, frames));
        writeSeed("lengthPrefix", "max-16-then-too-long", concat(new byte[]{1}, prefixed("0123456789abcdef"),
            prefixed("0123456789abcdefg")));
        writeSeed("lengthPrefix", "zero-length", new byte[]{3, 0, 0, 0, 0});
        writeSeed("lengthPrefix", "negative-length", new byte[]{3, (byte)0xff, (byte)0xff, (byte)0xff, (byte)0xff});
        final byte[] lines =
            "NICK a\r\nUSER b\r\n\r\nPRIVMSG #c :hi\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        writeSeed("lines", "irc-lines", concat(new byte[]{2}, lines));
        writeSeed("lines", "bare-lf", concat(new byte[]{2},
            "a\nb\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        writeSeed("lines", "too-long-for-16", concat(new byte[]{1},
            "0123456789abcdefghij\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        writeSeed("lines", "cr-at-end", new byte[]{0, 'a', '\r'});
        writeSeed("assembler", "length-prefix-chunks", concat(new byte[]{0x36}, frames, frames, frames));
        writeSeed("assembler", "lines-chunks", concat(new byte[]{(byte)0x57}, lines, lines));
        writeSeed("assembler", "length-prefix-too-long", concat(new byte[]{0}, prefixed("x"), new byte[]{65, 0, 0, 0}));
    }

    private static byte[] prefixed(final String message)
    {
        final byte[] bytes = message.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        final UnsafeBuffer b = new UnsafeBuffer(new byte[4 + bytes.length]);
        b.putInt(0, bytes.length, TcpFraming.BYTE_ORDER);
        b.putBytes(4, bytes);
        return b.byteArray();
    }

    private static void writeSeed(final String method, final String name, final byte[] bytes)
    {
        final java.nio.file.Path dir = java.nio.file.Path.of("src", "test", "resources")
            .resolve(TcpFramingFuzzTest.class.getPackageName().replace('.', '/'))
            .resolve(TcpFramingFuzzTest.class.getSimpleName() + "Inputs")
            .resolve(method);
        try
        {
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.write(dir.resolve(name), bytes);
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static byte[] concat(final byte[]... parts)
    {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (final byte[] part : parts)
        {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /**
     * Takes every whole frame from the assembler, comparing each with the framer's answer at the same stream
     * position.
     *
     * @return the stream position after the last frame taken, or -1 after MALFORMED.
     */
    private int drain(final TcpFrameAssembler assembler, final TcpFramer framer, final DirectBuffer whole,
        final int expectedAt, final int end)
    {
        int position = expectedAt;
        while (true)
        {
            final int messageLength = assembler.nextFrame();
            if (messageLength == TcpFrameAssembler.NO_FRAME)
            {
                return position;
            }
            if (messageLength == TcpFrameAssembler.MALFORMED)
            {
                check(null != assembler.malformedReason() && null != assembler.malformedDetail(),
                    "MALFORMED without a reason");
                return -1;
            }
            final int result = framer.decode(whole, position, end - position, out);
            if (!(result == TcpFramer.FRAME && out.messageLength() == messageLength))
            {
                throw new AssertionError("the assembler handed out a frame the framer does not find at stream " +
                    "position " + position);
            }
            final int frameOffset = assembler.frameOffset();
            check(frameOffset >= 0 && frameOffset + messageLength <= assembler.capacity(), "frame outside the buffer");
            for (int i = 0; i < messageLength; i++)
            {
                if (!(assembler.buffer().getByte(frameOffset + i) == whole.getByte(out.messageOffset() + i)))
                {
                    throw new AssertionError("the assembler handed out different bytes at stream position " + position);
                }
            }
            position += out.frameLength();
        }
    }

    private void checkStream(final TcpFramer framer, final DirectBuffer buffer, final int offset, final int length)
    {
        final int end = offset + length;
        int at = offset;
        while (at < end)
        {
            final int available = end - at;
            final int result = framer.decode(buffer, at, available, out);
            if (result == TcpFramer.MALFORMED)
            {
                if (!(null != out.reason() && null != out.detail()))
                {
                    throw new AssertionError(framer + ": MALFORMED without a reason");
                }
                return;
            }
            if (result == TcpFramer.NEED_MORE)
            {
                return;
            }
            if (!(result == TcpFramer.FRAME))
            {
                throw new AssertionError(framer + ": decode returned " + result);
            }
            final int frameLength = out.frameLength();
            final int messageOffset = out.messageOffset();
            final int messageLength = out.messageLength();
            if (!(frameLength > 0 && frameLength <= available && frameLength <= framer.maxFrameLength()))
            {
                throw new AssertionError(framer + ": frame length " + frameLength);
            }
            if (!(messageLength >= 0 && messageOffset >= at && messageOffset + (long)messageLength <= at + frameLength))
            {
                throw new AssertionError(framer + ": message outside its frame");
            }
            if (!(framer.decode(buffer, at, frameLength, out) == TcpFramer.FRAME && out.frameLength() == frameLength &&
                out.messageOffset() == messageOffset && out.messageLength() == messageLength))
            {
                throw new AssertionError(framer + ": a different answer with exactly the frame's bytes");
            }
            if (frameLength > 1)
            {
                if (!(framer.decode(buffer, at, frameLength - 1, out) == TcpFramer.NEED_MORE))
                {
                    throw new AssertionError(framer + ": not NEED_MORE with one byte of the frame missing");
                }
            }
            at += frameLength;
        }
    }

    /**
     * Runs the body twice and bounds what the second run allocates (the first loads the classes this input reaches);
     * while fuzzing, Jazzer's instrumentation allocates as instrumented code runs, so the bound grows by 1 KiB per
     * input byte.
     */
    private static void bounded(final int inputLength, final String what, final Runnable body)
    {
        body.run();
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        body.run();
        final long bytes = THREADS.getCurrentThreadAllocatedBytes() - before;
        final String fuzz = System.getenv("JAZZER_FUZZ");
        final long limit = ALLOCATION_SLACK + (null != fuzz && !fuzz.isEmpty() ? 1024L * inputLength : 0);
        if (bytes > limit)
        {
            throw new AssertionError(what + " allocated " + bytes + " bytes for an input of " + inputLength +
                " (more than " + limit + "): memory grows with the input");
        }
    }

    private static void check(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new AssertionError(message);
        }
    }
}
