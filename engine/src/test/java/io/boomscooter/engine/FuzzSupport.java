package io.boomscooter.engine;

import io.boomscooter.driver.tcp.TcpFramer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.time.Duration;

/**
 * What the fuzz targets (the {@code *FuzzTest} classes, docs/fuzzing.md) share: buffers that end exactly where the
 * input ends (so a read past it is an Agrona bounds-check exception, a finding), a per-call allocation bound (a
 * decoder of outside bytes must not allocate in proportion to a length it read), a little reader of control bytes,
 * and the checks every {@link TcpFramer} must pass on any byte stream.
 */
public final class FuzzSupport
{
    /**
     * Most bytes a decoder documented as allocation-free may allocate in one call under the fuzzer: the first calls
     * load classes and the JIT may deoptimise, so not 0, but far below what a length read from the input (up to
     * 2^31) would make.
     */
    public static final long ALLOCATION_SLACK = 64 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private FuzzSupport()
    {
    }

    /**
     * @return a buffer over exactly these bytes: any read past the input fails Agrona's bounds check.
     */
    public static UnsafeBuffer exact(final byte[] bytes)
    {
        return new UnsafeBuffer(bytes);
    }

    /**
     * @return bytes this thread has allocated so far (a TLAB-exact counter).
     */
    public static long allocated()
    {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /**
     * While fuzzing, Jazzer's instrumentation allocates as the instrumented code runs (switch tracing builds its case
     * arrays), so the bound grows with the input by this much per input byte; a decoder allocating what a length
     * field says (up to 2^31) is still far past it. Seed inputs run without that instrumentation and get
     * {@link #ALLOCATION_SLACK} alone.
     */
    public static final long FUZZING_SLACK_PER_INPUT_BYTE = 1024;

    private static final boolean FUZZING = null != System.getenv("JAZZER_FUZZ") &&
        !System.getenv("JAZZER_FUZZ").isEmpty();

    /**
     * Runs the body twice on the same input and fails when the second run allocated more than
     * {@link #ALLOCATION_SLACK} bytes on this thread (plus {@link #FUZZING_SLACK_PER_INPUT_BYTE} per input byte while
     * fuzzing): the first run loads and initialises the classes this input reaches (which allocates), so what the
     * second one allocates is what the decoders allocate per input. For decoders documented as allocation-free; the
     * body must be repeatable (decoders re-wrapped, no side effects that change the second run's path).
     */
    public static void boundedAllocation(final int inputLength, final String what, final Runnable body)
    {
        body.run();
        final long before = allocated();
        body.run();
        final long bytes = allocated() - before;
        final long limit = ALLOCATION_SLACK + (FUZZING ? FUZZING_SLACK_PER_INPUT_BYTE * inputLength : 0);
        if (bytes > limit)
        {
            throw new AssertionError(what + " allocated " + bytes + " bytes for an input of " + inputLength +
                " (more than " + limit + "): memory grows with the input");
        }
    }

    /**
     * Fails with the message unless the condition holds.
     */
    public static void check(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new AssertionError(message);
        }
    }

    /**
     * The system property that enables the {@code writeSeeds} tests of the fuzz targets, which (re)write their seed
     * inputs under {@code src/test/resources} (run from the module directory, as Surefire does).
     */
    public static final String WRITE_SEEDS_PROPERTY = "boomscooter.fuzz.writeSeeds";

    /**
     * Writes one seed input where Jazzer looks for a target's inputs:
     * {@code src/test/resources/<package>/<TestClass>Inputs/<method>/<name>}.
     */
    public static void writeSeed(final Class<?> testClass, final String method, final String name, final byte[] bytes)
    {
        final java.nio.file.Path dir = java.nio.file.Path.of("src", "test", "resources")
            .resolve(testClass.getPackageName().replace('.', '/'))
            .resolve(testClass.getSimpleName() + "Inputs")
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

    /**
     * @return the bytes concatenated.
     */
    public static byte[] concat(final byte[]... parts)
    {
        int length = 0;
        for (final byte[] part : parts)
        {
            length += part.length;
        }
        final byte[] out = new byte[length];
        int at = 0;
        for (final byte[] part : parts)
        {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /**
     * @return the first {@code length} bytes of the buffer.
     */
    public static byte[] bytes(final DirectBuffer buffer, final int length)
    {
        final byte[] out = new byte[length];
        buffer.getBytes(0, out);
        return out;
    }

    /**
     * @return a u16 little-endian length prefix then the bytes, as {@link Input#chunk} reads them.
     */
    public static byte[] chunk(final byte[] bytes)
    {
        return concat(new byte[]{(byte)bytes.length, (byte)(bytes.length >>> 8)}, bytes);
    }

    /**
     * Reads control values from the front of a fuzz input; past the end every value is 0.
     */
    public static final class Input
    {
        private final byte[] bytes;
        private int position;

        public Input(final byte[] bytes)
        {
            this.bytes = bytes;
        }

        public int u8()
        {
            return position < bytes.length ? bytes[position++] & 0xFF : 0;
        }

        public int u16()
        {
            return u8() | u8() << 8;
        }

        public int i32()
        {
            return u16() | u16() << 16;
        }

        public long i64()
        {
            return (i32() & 0xFFFF_FFFFL) | (long)i32() << 32;
        }

        public boolean bool()
        {
            return (u8() & 1) != 0;
        }

        /**
         * @return up to {@code max} of the next bytes, with a u16 length prefix.
         */
        public byte[] chunk(final int max)
        {
            final int length = Math.min(Math.min(u16(), max), remaining());
            final byte[] out = java.util.Arrays.copyOfRange(bytes, position, position + length);
            position += length;
            return out;
        }

        public byte[] rest()
        {
            final byte[] out = java.util.Arrays.copyOfRange(bytes, position, bytes.length);
            position = bytes.length;
            return out;
        }

        public int remaining()
        {
            return bytes.length - position;
        }
    }

    /**
     * Receives each frame a framer cut, as {@link TcpFramer.Decoded} describes it.
     */
    @FunctionalInterface
    public interface FrameConsumer
    {
        void onFrame(DirectBuffer buffer, int frameOffset, int frameLength, int messageOffset, int messageLength);
    }

    /**
     * Runs a framer over a byte stream the way a connection does, frame after frame from the start, and checks what
     * it answers: a frame lies inside the bytes offered and inside {@link TcpFramer#maxFrameLength()}, its message
     * inside the frame; the same frame is found with exactly its bytes available, and a shorter prefix of them is
     * NEED_MORE (a framer that cut a frame early, or refused bytes it later accepts, would desynchronise the
     * stream); a refusal carries a reason and a detail.
     *
     * @return the framer's last answer: MALFORMED, or NEED_MORE at the end of the bytes.
     */
    public static int checkFramer(
        final TcpFramer framer, final DirectBuffer buffer, final int offset, final int length,
        final FrameConsumer consumer)
    {
        final TcpFramer.Decoded out = new TcpFramer.Decoded();
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
                    throw new AssertionError(framer + ": MALFORMED without reason or detail");
                }
                return result;
            }
            if (result == TcpFramer.NEED_MORE)
            {
                return result;
            }
            if (!(result == TcpFramer.FRAME))
            {
                throw new AssertionError(framer + ": decode returned " + result);
            }
            final int frameLength = out.frameLength();
            final int messageOffset = out.messageOffset();
            final int messageLength = out.messageLength();
            if (!(frameLength > 0 && frameLength <= available))
            {
                throw new AssertionError(framer + ": frame length " + frameLength +
                    " outside 1.." + available);
            }
            if (!(frameLength <= framer.maxFrameLength()))
            {
                throw new AssertionError(framer + ": frame length " + frameLength +
                    " above maxFrameLength " + framer.maxFrameLength());
            }
            if (!(messageLength >= 0 && messageOffset >= at && messageOffset + (long)messageLength <= at + frameLength))
            {
                throw new AssertionError(framer + ": message [" + messageOffset + ", +" + messageLength +
                    ") outside the frame [" + at + ", +" +
                    frameLength + ")");
            }
            // exactly the frame's bytes: the same frame
            if (!(framer.decode(buffer, at, frameLength, out) == TcpFramer.FRAME && out.frameLength() == frameLength &&
                out.messageOffset() == messageOffset && out.messageLength() == messageLength))
            {
                throw new AssertionError(framer + ": a different answer with exactly the frame's bytes available");
            }
            // a prefix of the frame: not yet a frame, and not malformed
            if (frameLength > 1)
            {
                final int shortResult = framer.decode(buffer, at, frameLength - 1, out);
                if (!(shortResult == TcpFramer.NEED_MORE))
                {
                    throw new AssertionError(framer + ": " + shortResult + " with one byte of the frame " +
                        "missing (expected NEED_MORE)");
                }
            }
            consumer.onFrame(buffer, at, frameLength, messageOffset, messageLength);
            at += frameLength;
        }
        return TcpFramer.NEED_MORE;
    }

    /**
     * The per-input time limit when the seed inputs run as ordinary tests (no {@code JAZZER_FUZZ}): an input that
     * takes longer fails its test instead of hanging the build. While fuzzing, libFuzzer's {@code -timeout} does
     * this (set in {@code junit-platform.properties}), and a JUnit {@code @Timeout} cannot be used: it would time
     * the whole fuzzing run.
     */
    public static final class RegressionTimeout implements InvocationInterceptor
    {
        public static final Duration LIMIT = Duration.ofSeconds(10);

        public void interceptTestTemplateMethod(
            final Invocation<Void> invocation,
            final ReflectiveInvocationContext<Method> invocationContext,
            final ExtensionContext extensionContext) throws Throwable
        {
            final String fuzz = System.getenv("JAZZER_FUZZ");
            if (null != fuzz && !fuzz.isEmpty())
            {
                invocation.proceed();
                return;
            }
            Assertions.assertTimeoutPreemptively(LIMIT, () ->
            {
                invocation.proceed();
                return null;
            }, () -> extensionContext.getDisplayName() + ": a seed input took more than " + LIMIT.toSeconds() +
                " s (a hang)");
        }
    }
}
