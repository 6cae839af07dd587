package io.boomscooter.driver;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.File;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class EmbeddedDriverTest
{
    private static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(20);

    @ParameterizedTest
    @EnumSource(DriverProfile.class)
    void startsCarriesMessagesAndStopsWithNoThreadLeftBehind(final DriverProfile profile) throws Exception
    {
        final Set<Thread> before = liveThreads();
        final String dir;
        try (EmbeddedDriver driver = EmbeddedDriver.launch(profile))
        {
            dir = driver.aeronDirectoryName();
            assertTrue(new File(dir).isDirectory(), "aeron dir exists while running");
            if (new File("/dev/shm").isDirectory())
            {
                assertTrue(dir.startsWith("/dev/shm/"), dir);
            }
            // An invoked (single-thread) driver has no thread: here a test thread stands in for a node's duty cycle.
            final java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
            final Thread invoker = profile.isInvoked() ? new Thread(() ->
            {
                while (running.get())
                {
                    driver.agentInvoker().invoke();
                    Thread.onSpinWait();
                }
            }, "test-driver-invoker") : null;
            if (null != invoker)
            {
                invoker.start();
            }
            try
            {
                assertEquals(1, roundTripOverIpc(dir));
            }
            finally
            {
                running.set(false);
                if (null != invoker)
                {
                    invoker.join(10_000);
                }
            }
            assertEquals(profile.isInvoked(), null != driver.agentInvoker());
        }

        assertFalse(new File(dir).exists(), "aeron dir deleted on close");
        final long deadline = System.nanoTime() + DEADLINE_NS;
        Set<Thread> leftover;
        while (!(leftover = newThreads(before)).isEmpty())
        {
            if (System.nanoTime() > deadline)
            {
                fail("threads left behind by " + profile + ": " + leftover);
            }
            Thread.sleep(10);
        }
    }

    @ParameterizedTest
    @EnumSource(DriverProfile.class)
    void parsesItsOwnNameAndRejectsOthers(final DriverProfile profile)
    {
        assertEquals(profile, DriverProfile.parse(profile.cliName().toUpperCase()));
        final IllegalArgumentException ex = org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> DriverProfile.parse("turbo"));
        assertTrue(ex.getMessage().contains("small, single-thread or low-latency"), ex.getMessage());
    }

    @org.junit.jupiter.api.Test
    void twoEmbeddedDriversUseDifferentDirectories()
    {
        try (EmbeddedDriver a = EmbeddedDriver.launch(DriverProfile.SMALL);
            EmbeddedDriver b = EmbeddedDriver.launch(DriverProfile.SMALL))
        {
            assertFalse(a.aeronDirectoryName().equals(b.aeronDirectoryName()));
        }
    }

    private static int roundTripOverIpc(final String dir)
    {
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir));
            Subscription sub = aeron.addSubscription("aeron:ipc", 7);
            Publication pub = aeron.addPublication("aeron:ipc", 7))
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
            buffer.putLong(0, 42L);
            final long deadline = System.nanoTime() + DEADLINE_NS;
            while (pub.offer(buffer, 0, 8) < 0)
            {
                assertTrue(System.nanoTime() < deadline, "offer deadline");
                Thread.onSpinWait();
            }
            final int[] received = new int[1];
            while (received[0] == 0)
            {
                assertTrue(System.nanoTime() < deadline, "poll deadline");
                sub.poll((b, offset, length, header) ->
                {
                    assertEquals(42L, b.getLong(offset));
                    received[0]++;
                }, 10);
            }
            return received[0];
        }
    }

    private static Set<Thread> liveThreads()
    {
        return new HashSet<>(Thread.getAllStackTraces().keySet());
    }

    private static Set<Thread> newThreads(final Set<Thread> before)
    {
        final Set<Thread> now = liveThreads();
        now.removeAll(before);
        now.removeIf(t -> !t.isAlive() || t.getName().startsWith("process reaper") ||
            t.getName().startsWith("Common-Cleaner") || t.getName().startsWith("Attach Listener"));
        return now;
    }
}
