package io.boomscooter.engine;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Agents on one thread (the small profile's backoff idle) with a command queue, for tests: {@link #call} runs code
 * on that thread, where agent APIs must be called, and returns its result; {@link #await} waits with a deadline.
 */
public final class AgentHarness implements AutoCloseable
{
    public final List<Throwable> errors;
    public final Thread thread;
    private final ManyToOneConcurrentArrayQueue<Runnable> commands = new ManyToOneConcurrentArrayQueue<>(1024);
    private final AgentRunner runner;

    public AgentHarness(final Agent... agents)
    {
        this(new CopyOnWriteArrayList<>(), agents);
    }

    public AgentHarness(final List<Throwable> errors, final Agent... agents)
    {
        this.errors = errors;
        final Agent commandAgent = new Agent()
        {
            public int doWork()
            {
                return commands.drain(Runnable::run);
            }

            public String roleName()
            {
                return "commands";
            }
        };
        final Agent[] all = java.util.Arrays.copyOf(agents, agents.length + 1);
        all[agents.length] = commandAgent;
        runner = new AgentRunner(new BackoffIdleStrategy(10, 10, 1000, 100_000), errors::add, null,
            new CompositeAgent(all));
        thread = AgentRunner.startOnThread(runner);
    }

    /** Runs the call on the agent thread and returns its result (10 s deadline). */
    public <T> T call(final Supplier<T> call) throws Exception
    {
        final CompletableFuture<T> result = new CompletableFuture<>();
        while (!commands.offer(() ->
        {
            try
            {
                result.complete(call.get());
            }
            catch (final Throwable t)
            {
                result.completeExceptionally(t);
            }
        }))
        {
            Thread.onSpinWait();
        }
        return result.get(10, TimeUnit.SECONDS);
    }

    /** Polls the condition every millisecond until it holds, failing after the deadline. */
    public static void await(final String what, final long timeoutMs, final BooleanSupplier condition)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            Thread.sleep(1);
        }
    }

    public void close()
    {
        runner.close();
    }
}
