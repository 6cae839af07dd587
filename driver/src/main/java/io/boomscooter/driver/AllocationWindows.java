package io.boomscooter.driver;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Proof of zero allocation per message, shared by the zero-allocation tests of every module: windows of traffic are measured until one allocates exactly nothing on
 * the thread under test. A per-message allocation (or one every few thousand messages) shows in every window,
 * so no window is ever 0; the windows before a zero one may only hold small one-off bytes.
 * <p>
 * Why not one window after a fixed warm-up: HotSpot allocates on the thread that asks for a C2 compile.
 * Before queueing a level-4 compile, {@code CompileBroker::compile_method} runs on the requesting thread
 * {@code method->constants()->resolve_string_constants()} (every string literal of the method's class is
 * interned: a {@code String} and its {@code byte[]}, 40-150 bytes, for each literal not interned yet; 560 bytes
 * for {@code SocketChannelImpl}) and {@code Method::load_signature_classes()} (e.g. 128 bytes when
 * {@code Buffer$1.acquireScope} goes to C2 and loads {@code ScopedMemoryAccess$Scope$Handle}). JFR shows the
 * bytes at whatever Java frame made the request: the selector, a socket read or write, the idle strategy. It
 * happens at most once per class, but methods run once per selector wake-up reach the C2 threshold only after
 * thousands of wake-ups, so such requests still come after 400,000 pipelined lines. The other one-off is lazy
 * linking: the first time a branch runs, its constant-pool entries are resolved, e.g. Agrona's
 * {@code BackoffIdleStrategy} reaching its park branch loads {@code LockSupport} through the application class
 * loader (a lock object, a map node, the package name: 280 bytes); warm up past the first park. With C2 off
 * ({@code -XX:TieredStopAtLevel=1}, so no escape analysis either) the first window after such a warm-up is 0.
 */
public final class AllocationWindows
{
    private AllocationWindows()
    {
    }

    /**
     * Run windows until one allocates nothing or {@code maxWindows} have run.
     *
     * @param allocatedBytes bytes allocated so far by the thread under test.
     * @param window         one window of traffic, complete when it returns.
     * @param maxWindows     windows to try.
     * @return bytes allocated in each window run; the last is 0 when a window allocated nothing.
     */
    public static long[] untilZero(final LongSupplier allocatedBytes, final Runnable window, final int maxWindows)
    {
        final long[] bytes = new long[maxWindows];
        for (int i = 0; i < maxWindows; i++)
        {
            final long before = allocatedBytes.getAsLong();
            window.run();
            bytes[i] = allocatedBytes.getAsLong() - before;
            if (0 == bytes[i])
            {
                return Arrays.copyOf(bytes, i + 1);
            }
        }
        return bytes;
    }

    /**
     * @return true when the last window allocated nothing.
     */
    public static boolean endsAtZero(final long[] windows)
    {
        return windows.length > 0 && 0 == windows[windows.length - 1];
    }

    /**
     * @return the most any window allocated.
     */
    public static long max(final long[] windows)
    {
        return Arrays.stream(windows).max().orElse(0);
    }
}
