package io.boomscooter.engine.exchange;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Two exchange endpoints in this JVM on one agent thread: {@link #server} listens on 127.0.0.1, {@link #client}
 * dials it. Tests run endpoint calls on the agent thread through {@link #call}, and wait with deadlines.
 */
final class ExchangePair implements AutoCloseable
{
    final ExchangeEndpoint server;
    final ExchangeEndpoint client;
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    final long clientPeer;
    private final Runner runner;

    ExchangePair(final ExchangeSettings serverSettings, final ExchangeListener serverListener,
        final ExchangeSettings clientSettings, final ExchangeListener clientListener) throws Exception
    {
        server = new ExchangeEndpoint(serverSettings, serverListener, "127.0.0.1", 0, errors::add);
        client = new ExchangeEndpoint(clientSettings, clientListener, null, 0, errors::add);
        runner = new Runner(errors, server, client);
        clientPeer = call(() -> client.connect(new InetSocketAddress("127.0.0.1", server.port())));
    }

    long threadId()
    {
        return runner.thread.getId();
    }

    <T> T call(final Supplier<T> call) throws Exception
    {
        return runner.call(call);
    }

    /**
     * Agents on one thread with a command queue: {@link #call} runs code on that thread.
     */
    static final class Runner implements AutoCloseable
    {
        final List<Throwable> errors;
        private final ManyToOneConcurrentArrayQueue<Runnable> commands = new ManyToOneConcurrentArrayQueue<>(1024);
        private final AgentRunner runner;
        final Thread thread;

        Runner(final Agent... agents)
        {
            this(new CopyOnWriteArrayList<>(), agents);
        }

        Runner(final List<Throwable> errors, final Agent... agents)
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

        /** Runs the call on the agent thread and returns its result. */
        <T> T call(final Supplier<T> call) throws Exception
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

        public void close()
        {
            runner.close();
        }
    }

    static void await(final String what, final long timeoutMs, final BooleanSupplier condition)
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
