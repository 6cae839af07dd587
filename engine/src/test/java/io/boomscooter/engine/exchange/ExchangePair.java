package io.boomscooter.engine.exchange;

import io.boomscooter.engine.AgentHarness;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
    private final AgentHarness runner;

    ExchangePair(final ExchangeSettings serverSettings, final ExchangeListener serverListener,
        final ExchangeSettings clientSettings, final ExchangeListener clientListener) throws Exception
    {
        server = new ExchangeEndpoint(serverSettings, serverListener, "127.0.0.1", 0, errors::add);
        client = new ExchangeEndpoint(clientSettings, clientListener, null, 0, errors::add);
        runner = new AgentHarness(errors, server, client);
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

    static void await(final String what, final long timeoutMs, final BooleanSupplier condition)
        throws InterruptedException
    {
        AgentHarness.await(what, timeoutMs, condition);
    }

    public void close()
    {
        runner.close();
    }
}
