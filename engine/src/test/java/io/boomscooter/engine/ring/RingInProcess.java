package io.boomscooter.engine.ring;

import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A ring whose servers all run in this JVM on one agent thread, for tests that look inside: allocation on
 * the agent thread, errors the agents raise, counters.
 */
final class RingInProcess implements AutoCloseable
{
    final List<RingSettings.Server> servers = new ArrayList<>();
    final List<RingServerAgent> agents = new ArrayList<>();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();
    final CountersManager counters = new CountersManager(
        new UnsafeBuffer(new byte[64 * 1024]), new UnsafeBuffer(new byte[16 * 1024]));
    private final AgentRunner runner;

    RingInProcess(final Path dir, final int size)
    {
        this(dir, ports(size));
    }

    /**
     * Servers on these addresses and ports, with their files under dir (a restart reuses both).
     */
    RingInProcess(final Path dir, final List<RingSettings.Server> ring)
    {
        this(dir, ring, RingSettings.JOURNAL_SEGMENT_LENGTH_DEFAULT);
    }

    RingInProcess(final Path dir, final List<RingSettings.Server> ring, final int journalSegmentLength)
    {
        final int size = ring.size();
        servers.addAll(ring);
        for (int i = 0; i < size; i++)
        {
            final RingSettings settings = new RingSettings(servers, i, 300_000_000_000L,
                RingRoutes.defaultScheme(size), dir.resolve("server" + i), journalSegmentLength);
            agents.add(new RingServerAgent(settings, this::counter, failures::add));
        }
        runner = new AgentRunner(new BackoffIdleStrategy(10, 10, 1000, 100_000), failures::add, null,
            new CompositeAgent(new ArrayList<>(agents)));
        AgentRunner.startOnThread(runner);
    }

    static List<RingSettings.Server> ports(final int size)
    {
        final List<RingSettings.Server> ring = new ArrayList<>();
        final int base = 20_000 + ThreadLocalRandom.current().nextInt(600) * 20;
        for (int i = 0; i < size; i++)
        {
            ring.add(new RingSettings.Server("127.0.0." + (i + 1), base + 2 * i, base + 2 * i + 1));
        }
        return ring;
    }

    private AtomicCounter counter(final int type, final String what)
    {
        return counters.newCounter(what, type);
    }

    /** @return the id of the thread every agent runs on. */
    long threadId()
    {
        return runner.thread().getId();
    }

    /** @return true while the idle strategy has the agents' thread parked (after a spell with nothing to do). */
    boolean isParked()
    {
        return runner.thread().getState() == Thread.State.TIMED_WAITING;
    }

    /** @return the value of the first counter whose label is {@code what}, summed over servers. */
    long total(final String what)
    {
        final long[] sum = {0};
        counters.forEach((id, type, key, label) ->
        {
            if (label.equals(what))
            {
                sum[0] += counters.getCounterValue(id);
            }
        });
        return sum[0];
    }

    public void close()
    {
        CloseHelper.quietClose(runner);
    }
}
