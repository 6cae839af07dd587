package io.boomscooter.driver.tcp;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Deadlines, handlers and a poller thread shared by the TCP transport tests.
 */
final class TcpTestSupport
{
    static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(20);

    private TcpTestSupport()
    {
    }

    /**
     * Yield until the condition holds, failing with the message when the deadline passes.
     */
    static void await(final BooleanSupplier condition, final Supplier<String> message)
    {
        await(condition, () -> {}, message);
    }

    /**
     * Run the step (e.g. a poll) until the condition holds, failing when the deadline passes.
     */
    static void await(final BooleanSupplier condition, final Runnable step, final Supplier<String> message)
    {
        final long deadlineNs = System.nanoTime() + DEADLINE_NS;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                fail("timed out: " + message.get());
            }
            step.run();
            Thread.yield();
        }
    }

    static TcpTransportPoller.Context loopbackContext(final TcpFrameHandler handler)
    {
        return new TcpTransportPoller.Context()
            .host("127.0.0.1")
            .port(0)
            .frameHandler(handler)
            .errorHandler(Throwable::printStackTrace);
    }

    static InetSocketAddress address(final TcpTransportPoller poller)
    {
        return new InetSocketAddress("127.0.0.1", poller.port());
    }

    /**
     * Echoes every frame back on the connection it came from, alternating copy and in-place claim, and
     * records connects and disconnects for the test thread to inspect. Allocation-free per frame.
     */
    static class EchoHandler implements TcpFrameHandler
    {
        final Map<Long, TcpDisconnectReason> disconnected = new ConcurrentHashMap<>();
        final Queue<Long> connected = new ConcurrentLinkedQueue<>();
        final Map<Integer, Long> idByRemotePort = new ConcurrentHashMap<>();
        final TcpBufferClaim claim = new TcpBufferClaim();
        volatile long framesEchoed;
        volatile long echoFailures;
        TcpTransportPoller poller;
        private boolean useClaim;

        public void onConnected(final long connectionId, final InetSocketAddress remoteAddress)
        {
            connected.add(connectionId);
            idByRemotePort.put(remoteAddress.getPort(), connectionId);
        }

        public void onFrame(final long connectionId, final DirectBuffer buffer, final int offset, final int length)
        {
            useClaim = !useClaim;
            boolean ok;
            if (useClaim)
            {
                ok = poller.tryClaim(connectionId, length, claim) > 0;
                if (ok)
                {
                    claim.buffer().putBytes(claim.offset(), buffer, offset, length);
                    ok = claim.commit();
                }
            }
            else
            {
                ok = poller.send(connectionId, buffer, offset, length) > 0;
            }

            if (ok)
            {
                framesEchoed++;
            }
            else
            {
                echoFailures++;
            }
        }

        public void onDisconnected(final long connectionId, final TcpDisconnectReason reason)
        {
            disconnected.put(connectionId, reason);
        }

        /**
         * Wait for the server to see the client on this local port, then for it to disconnect.
         */
        TcpDisconnectReason awaitDisconnect(final int clientPort)
        {
            await(() -> idByRemotePort.containsKey(clientPort), () -> "connection from port " + clientPort);
            final long id = idByRemotePort.get(clientPort);
            await(() -> disconnected.containsKey(id), () -> "disconnect of connection " + id);
            return disconnected.get(id);
        }
    }

    /**
     * Runs a poller's duty cycle on a thread the test controls, with a backoff idle strategy so two
     * cores are shared fairly. The poller is closed on that thread, as its single-thread rule requires.
     */
    static final class PollerThread implements AutoCloseable
    {
        private final TcpTransportPoller poller;
        private final Thread thread;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile boolean running = true;

        PollerThread(final TcpTransportPoller poller)
        {
            this.poller = poller;
            thread = new Thread(this::run, "tcp-poller-test");
            thread.setDaemon(true);
            thread.start();
        }

        long threadId()
        {
            return thread.getId();
        }

        /**
         * @return true while the idle strategy has the thread parked (it parks after a spell with nothing to do).
         */
        boolean isParked()
        {
            return thread.getState() == Thread.State.TIMED_WAITING;
        }

        private void run()
        {
            final IdleStrategy idle = new BackoffIdleStrategy(10, 20, 1_000, 100_000);
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            try
            {
                while (running && System.nanoTime() - deadlineNs < 0)
                {
                    idle.idle(poller.doWork());
                }
            }
            catch (final Throwable ex)
            {
                failure.set(ex);
            }
            finally
            {
                poller.close();
            }
        }

        public void close()
        {
            running = false;
            try
            {
                thread.join(TimeUnit.SECONDS.toMillis(20));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while stopping the poller thread", ex);
            }
            if (thread.isAlive())
            {
                fail("poller thread did not stop");
            }
            if (null != failure.get())
            {
                throw new AssertionError("poller thread failed", failure.get());
            }
        }
    }
}
