package io.boomscooter.engine.exchange;

import io.boomscooter.engine.AgentHarness;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.boomscooter.engine.exchange.ExchangePair.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After warm-up, the thread running both endpoints allocates nothing per message: requests answered, posts and
 * stream messages echoed, with and without compression. Measured with the thread's allocated-bytes counter over
 * 100,000 exchanges of each kind.
 */
class ExchangeZeroAllocationTest
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    /** Keeps a window of requests, posts and stream messages going from the client, echoed by the server. */
    private static final class Load implements Agent, ExchangeListener
    {
        ExchangeEndpoint client;
        ExchangeEndpoint server;
        volatile long peer;
        long stream;
        final UnsafeBuffer body = new UnsafeBuffer(new byte[64]);
        volatile long completed;
        long outstanding;
        long sent;
        volatile long target;

        public int doWork()
        {
            if (peer == 0 || !client.isReady(peer))
            {
                return 0;
            }
            if (stream == 0)
            {
                stream = client.openStream(peer, 3, body, 0, 16);
            }
            int work = 0;
            while (outstanding < 32 && sent < target)
            {
                body.putLong(0, sent);
                final long kind = sent % 3;
                final long result = kind == 0 ? client.request(peer, 1, body, 0, 48) :
                    kind == 1 ? client.post(peer, 2, body, 0, 48) : client.streamSend(peer, stream, 3, body, 0, 48);
                if (result < 0)
                {
                    break;
                }
                sent++;
                outstanding++;
                work++;
            }
            return work;
        }

        public String roleName()
        {
            return "load";
        }

        public void onRequest(final long p, final long opaque, final long id, final DirectBuffer data, final int o,
            final int l)
        {
            server.respond(p, opaque, id, data, o, l);
        }

        public void onPost(final long p, final long id, final DirectBuffer data, final int o, final int l)
        {
            server.post(p, id, data, o, l); // echo the post back as a post
        }

        public void onStreamMessage(final long p, final long opaque, final boolean local, final long id,
            final DirectBuffer data, final int o, final int l)
        {
            if (!local)
            {
                server.streamSend(p, opaque, id, data, o, l);
            }
        }
    }

    /** The client side of the load: counts the echoes. */
    private static final class Echoes implements ExchangeListener
    {
        final Load load;

        Echoes(final Load load)
        {
            this.load = load;
        }

        public void onPeerReady(final long p, final GofastWhoami whoami)
        {
            load.peer = p;
        }

        private void done()
        {
            load.outstanding--;
            load.completed++;
        }

        public void onResponse(final long p, final long opaque, final long id, final DirectBuffer d, final int o,
            final int l)
        {
            done();
        }

        public void onPost(final long p, final long id, final DirectBuffer d, final int o, final int l)
        {
            done();
        }

        public void onStreamMessage(final long p, final long opaque, final boolean local, final long id,
            final DirectBuffer d, final int o, final int l)
        {
            done();
        }
    }

    private static void measure(final String tags) throws Exception
    {
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final Load load = new Load();
        final ExchangeEndpoint server = new ExchangeEndpoint(new ExchangeSettings().tags(tags), load, "127.0.0.1", 0,
            errors::add);
        final ExchangeEndpoint client = new ExchangeEndpoint(new ExchangeSettings().tags(tags), new Echoes(load),
            null, 0, errors::add);
        load.server = server;
        load.client = client;
        try (AgentHarness runner = new AgentHarness(errors, server, client, load))
        {
            runner.call(() -> client.connect(new InetSocketAddress("127.0.0.1", server.port())));
            load.target = 60_000;
            await("warm-up", 60_000, () -> load.completed == 60_000);
            final long before = THREADS.getThreadAllocatedBytes(runner.thread.getId());
            load.target = 360_000;
            await("measured exchanges", 120_000, () -> load.completed == 360_000);
            final long allocated = THREADS.getThreadAllocatedBytes(runner.thread.getId()) - before;
            System.out.printf("exchange (tags '%s'): 300,000 requests, posts and stream messages, each echoed; " +
                "agent thread allocated %d bytes%n", tags, allocated);
            assertTrue(errors.isEmpty(), errors.toString());
            assertTrue(allocated < 2048, "tags '" + tags + "': " + allocated + " bytes for 300,000 exchanges");
        }
    }

    @Test
    void nothingAllocatedPerMessage() throws Exception
    {
        measure("");
    }

    @Test
    void nothingAllocatedPerMessageWithGzipAndLzw() throws Exception
    {
        measure("gzip,lzw");
    }
}
