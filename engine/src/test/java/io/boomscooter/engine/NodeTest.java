package io.boomscooter.engine;

import io.aeron.Aeron;
import io.aeron.Counter;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class NodeTest
{
    private static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(20);

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(ThreadingMode.class)
    void runsATrivialAgentInEachThreadingMode(final ThreadingMode mode) throws Exception
    {
        final CountingAgent agent = new CountingAgent();
        final Node.Context ctx = new Node.Context()
            .nodeId(3)
            .dataDir(tmp.toFile())
            .threadingMode(mode)
            .agent(node -> agent);

        try (Node node = Node.launch(ctx))
        {
            final long deadline = System.nanoTime() + DEADLINE_NS;
            while (agent.work.get() < 100)
            {
                if (mode == ThreadingMode.INVOKER)
                {
                    node.invoker().invoke();
                }
                else
                {
                    assertThrows(IllegalStateException.class, node::invoker);
                    Thread.yield();
                }
                assertTrue(System.nanoTime() < deadline, "agent did not run in " + mode);
            }
            assertEquals(1, agent.started.get());
            if (mode != ThreadingMode.INVOKER)
            {
                assertTrue(agent.threadName.get().contains("boomscooter-node-3"), agent.threadName.get());
            }
        }
        assertEquals(1, agent.closed.get(), "agent closed with the node");
    }

    @Test
    void aSingleThreadNodeDrivesItsOwnMediaDriver() throws Exception
    {
        final CountingAgent agent = new CountingAgent();
        final Node.Context ctx = new Node.Context().nodeId(8).dataDir(tmp.toFile())
            .driverProfile(io.boomscooter.driver.DriverProfile.SINGLE_THREAD)
            .agent(node -> agent);
        try (Node node = Node.launch(ctx))
        {
            // The driver has no thread: a second client connecting and publishing works only because the
            // node's duty cycle runs the driver's conductor, sender and receiver.
            try (Aeron other = Aeron.connect(new Aeron.Context().aeronDirectoryName(node.aeronDirectoryName()));
                io.aeron.Publication publication = other.addPublication("aeron:ipc", 99);
                io.aeron.Subscription subscription = other.addSubscription("aeron:ipc", 99))
            {
                final org.agrona.concurrent.UnsafeBuffer message =
                    new org.agrona.concurrent.UnsafeBuffer(new byte[8]);
                final long deadline = System.nanoTime() + DEADLINE_NS;
                final int[] received = {0};
                while (received[0] == 0)
                {
                    publication.offer(message);
                    subscription.poll((buffer, offset, length, header) -> received[0]++, 1);
                    assertTrue(System.nanoTime() < deadline, "a message through the node's invoked driver");
                    Thread.yield();
                }
            }
            assertTrue(agent.work.get() > 0);
            assertTrue(agent.threadName.get().contains("boomscooter-node-8"), agent.threadName.get());
        }
    }

    @Test
    void engineCounterIsVisibleByNameFromASecondClient() throws Exception
    {
        final Node.Context ctx = new Node.Context().nodeId(7).dataDir(tmp.toFile());
        try (Node node = Node.launch(ctx))
        {
            final Counter commit = node.counters().allocate(CounterTypes.COMMIT_SEQNO, "log 1 commit seqno");
            commit.setRelease(12345);

            try (Aeron other = Aeron.connect(new Aeron.Context().aeronDirectoryName(node.aeronDirectoryName())))
            {
                final String wanted = NodeCounters.label(7, "log 1 commit seqno");
                final CountersReader reader = other.countersReader();
                final AtomicLong value = new AtomicLong(-1);
                final AtomicInteger typeId = new AtomicInteger(-1);
                reader.forEach((counterId, type, keyBuffer, label) ->
                {
                    if (label.equals(wanted))
                    {
                        value.set(reader.getCounterValue(counterId));
                        typeId.set(type);
                    }
                });
                assertEquals(12345, value.get(), "counter '" + wanted + "' seen by a second client");
                assertEquals(CounterTypes.COMMIT_SEQNO, typeId.get());
                assertTrue(labels(reader).contains(NodeCounters.label(7, "heartbeat ms")));
            }
        }
    }

    @Test
    void agentErrorsGoToTheDistinctErrorLogAndTheErrorCounter() throws Exception
    {
        final File dataDir = tmp.toFile();
        final AtomicInteger calls = new AtomicInteger();
        final Node.Context ctx = new Node.Context().nodeId(1).dataDir(dataDir).agent(node -> new Agent()
        {
            public int doWork()
            {
                if (calls.incrementAndGet() == 5)
                {
                    throw new IllegalStateException("boom from agent");
                }
                return 0;
            }

            public String roleName()
            {
                return "faulty";
            }
        });
        try (Node node = Node.launch(ctx))
        {
            final long deadline = System.nanoTime() + DEADLINE_NS;
            final List<String> errors = new ArrayList<>();
            while (errors.isEmpty())
            {
                ErrorLogFile.read(dataDir, (count, first, last, text) -> errors.add(text));
                if (System.nanoTime() > deadline)
                {
                    fail("error never reached the error log");
                }
                Thread.yield();
            }
            assertTrue(errors.get(0).contains("boom from agent"), errors.get(0));
            assertTrue(calls.get() >= 5, "agent keeps running after an error");
        }
    }

    @Test
    void losingTheDriverStopsTheAgentsAndTellsTheApplication() throws Exception
    {
        final java.util.concurrent.CountDownLatch lost = new java.util.concurrent.CountDownLatch(1);
        final CountingAgent agent = new CountingAgent();
        final io.boomscooter.driver.EmbeddedDriver driver =
            io.boomscooter.driver.EmbeddedDriver.launch(io.boomscooter.driver.DriverProfile.SMALL);
        try (Node node = Node.launch(new Node.Context()
            .nodeId(9)
            .dataDir(tmp.toFile())
            .embeddedDriver(false)
            .aeronDirectoryName(driver.aeronDirectoryName())
            .driverTimeoutMs(1000)
            .driverReconnectTimeoutMs(1000)
            .clientLostHandler(lost::countDown)
            .agent(n -> agent)))
        {
            final long deadline = System.nanoTime() + DEADLINE_NS;
            while (agent.work.get() < 10)
            {
                assertTrue(System.nanoTime() < deadline, "agent runs");
                Thread.yield();
            }
            driver.close();
            assertTrue(lost.await(20, TimeUnit.SECONDS), "application told the driver is gone");
            assertTrue(node.clientLost());
            final int workAtLoss = agent.work.get();
            final long settle = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            while (System.nanoTime() < settle)
            {
                Thread.yield();
            }
            assertTrue(agent.work.get() - workAtLoss <= 1, "agent stopped with the client");
        }
        finally
        {
            driver.close();
        }
        assertEquals(1, agent.closed.get(), "agent closed once");
    }

    @ParameterizedTest
    @EnumSource(ThreadingMode.class)
    void anAgentFailingInOnStartFailsTheLaunchWithItsCause(final ThreadingMode mode)
    {
        final CountingAgent healthy = new CountingAgent();
        final Node.Context ctx = new Node.Context()
            .nodeId(4)
            .dataDir(tmp.toFile())
            .threadingMode(mode)
            .agent(node -> healthy)
            .agent(node -> new Agent()
            {
                public void onStart()
                {
                    throw new IllegalStateException("log 1 refusing to truncate good data");
                }

                public int doWork()
                {
                    return 0;
                }

                public String roleName()
                {
                    return "broken";
                }
            });
        final NodeStartException ex = assertThrows(NodeStartException.class, () -> Node.launch(ctx));
        assertTrue(ex.getMessage().contains("refusing to truncate good data"), ex.getMessage());
        assertTrue(ex.getCause() instanceof IllegalStateException, String.valueOf(ex.getCause()));
        assertEquals(1, healthy.closed.get(), "the other agents were closed with the node");
        assertFalse(new File(tmp.toFile(), Node.EMBEDDED_DRIVER_RECORD).exists(), "embedded driver closed");
    }

    @Test
    void anAgentFactoryFailingFailsTheLaunch()
    {
        final Node.Context ctx = new Node.Context().nodeId(4).dataDir(tmp.toFile()).agent(node ->
        {
            throw new IllegalStateException("cannot open log");
        });
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> Node.launch(ctx));
        assertEquals("cannot open log", ex.getMessage());
    }

    /**
     * The driver goes away and comes back in the same directory (what a host pause looks like to the
     * client): the node connects a new client and rebuilds its agents from their factories.
     */
    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = { "SHARED", "DEDICATED" })
    void aNodeWhoseClientClosedReconnectsAndRebuildsItsAgents(final ThreadingMode mode) throws Exception
    {
        final String dir = io.boomscooter.driver.AeronDirectories.uniqueDirectoryName("boomscooter-test-recover");
        final java.util.concurrent.CountDownLatch lost = new java.util.concurrent.CountDownLatch(1);
        final List<CountingAgent> built = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.boomscooter.driver.EmbeddedDriver driver = io.boomscooter.driver.EmbeddedDriver.launch(
            io.boomscooter.driver.DriverProfile.SMALL, c -> c.aeronDirectoryName(dir));
        try (Node node = Node.launch(new Node.Context()
            .nodeId(11)
            .dataDir(tmp.toFile())
            .threadingMode(mode)
            .embeddedDriver(false)
            .aeronDirectoryName(dir)
            .driverTimeoutMs(1000)
            .driverReconnectTimeoutMs(20_000)
            .clientLostHandler(lost::countDown)
            .agent(n ->
            {
                final CountingAgent agent = new CountingAgent();
                built.add(agent);
                return agent;
            })))
        {
            awaitWork(built.get(0), 10);
            final Aeron first = node.aeron();
            driver.close();
            awaitTrue(first::isClosed, "client closed when the driver went");
            driver = io.boomscooter.driver.EmbeddedDriver.launch(
                io.boomscooter.driver.DriverProfile.SMALL, c -> c.aeronDirectoryName(dir));
            awaitTrue(() -> built.size() == 2 && node.recoveries() == 1, "agents rebuilt: " + built.size());
            awaitWork(built.get(1), 10);
            assertEquals(1, built.get(0).closed.get(), "the old agent was closed");
            assertFalse(node.aeron().isClosed());
            assertFalse(node.clientLost());
            assertEquals(1, lost.getCount(), "the application was not told: the node recovered");
            node.counters().allocate(CounterTypes.COMMIT_SEQNO, "after recovery").setRelease(7);
        }
        finally
        {
            driver.close();
        }
        assertEquals(1, built.get(1).closed.get(), "the new agent closed with the node");
    }

    private static void awaitWork(final CountingAgent agent, final int work)
    {
        awaitTrue(() -> agent.work.get() >= work, "agent runs");
    }

    private static void awaitTrue(final java.util.function.BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + DEADLINE_NS;
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "timed out: " + what);
            Thread.yield();
        }
    }

    @Test
    void badSettingsAreRejectedWithTheirName()
    {
        final java.util.Properties props = new java.util.Properties();
        props.setProperty(Configuration.THREADING_MODE_PROP, "FAST");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new Node.Context(props));
        assertTrue(ex.getMessage().contains(Configuration.THREADING_MODE_PROP), ex.getMessage());

        props.setProperty(Configuration.THREADING_MODE_PROP, "shared");
        props.setProperty(Configuration.NODE_ID_PROP, "one");
        final IllegalArgumentException ex2 = assertThrows(IllegalArgumentException.class, () -> new Node.Context(props));
        assertTrue(ex2.getMessage().contains(Configuration.NODE_ID_PROP), ex2.getMessage());
    }

    @Test
    void contextFromFileUsesItsSettings()
    {
        final java.util.Properties props = new java.util.Properties();
        props.setProperty(Configuration.THREADING_MODE_PROP, "dedicated");
        props.setProperty(Configuration.NODE_ID_PROP, "4");
        props.setProperty(Configuration.DRIVER_PROFILE_PROP, "low-latency");
        final Node.Context ctx = new Node.Context(props);
        assertEquals(ThreadingMode.DEDICATED, ctx.threadingMode());
        assertEquals(4, ctx.nodeId());
        assertEquals(io.boomscooter.driver.DriverProfile.LOW_LATENCY, ctx.driverProfile());
        assertFalse(ctx.agentFactories().iterator().hasNext());
    }

    private static List<String> labels(final CountersReader reader)
    {
        final List<String> labels = new ArrayList<>();
        reader.forEach((counterId, typeId, keyBuffer, label) -> labels.add(label));
        return labels;
    }

    private static final class CountingAgent implements Agent
    {
        final AtomicInteger work = new AtomicInteger();
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final java.util.concurrent.atomic.AtomicReference<String> threadName =
            new java.util.concurrent.atomic.AtomicReference<>("");

        public void onStart()
        {
            started.incrementAndGet();
            threadName.set(Thread.currentThread().getName());
        }

        public int doWork()
        {
            work.incrementAndGet();
            return 1;
        }

        public void onClose()
        {
            closed.incrementAndGet();
        }

        public String roleName()
        {
            return "counting";
        }
    }
}
