package io.boomscooter.engine.exchange;

import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

import java.net.InetSocketAddress;

/**
 * A load generator on one connection, as an agent beside its endpoint: POSTs, REQUESTs with a window in flight, or
 * messages on one STREAM the peer echoes. Each message carries its send time in its first 8 bytes, so a response
 * or echo gives a round trip without any per-message bookkeeping. Posts end with a ping: its answer comes after
 * every post was taken, so the run's time covers delivery. For {@code boomscooter exchange} and its benchmark.
 */
public final class ExchangeLoad implements Agent, ExchangeListener
{
    public enum Mode
    {
        POST, REQUEST, STREAM
    }

    private final Mode mode;
    private final long count;
    private final int inFlight;
    private final long messageId;
    private final UnsafeBuffer body;
    private final Histogram rtt = new Histogram(60_000_000_000L, 3);
    private ExchangeEndpoint endpoint;
    private InetSocketAddress address;
    private long peer;
    private long stream;
    private long sent;
    private long answered;
    private long outstanding;
    private long pingOpaque = -1;
    private long startNs;
    private volatile long endNs;
    private volatile String failure;

    /**
     * @param size     bytes of data per message (at least 8).
     * @param inFlight most requests or stream messages unanswered at once (posts: ignored).
     */
    public ExchangeLoad(final Mode mode, final long count, final int inFlight, final int size, final long messageId)
    {
        this.mode = mode;
        this.count = count;
        this.inFlight = Math.max(1, inFlight);
        this.messageId = messageId;
        this.body = new UnsafeBuffer(new byte[Math.max(8, size)]);
        for (int i = 8; i < body.capacity(); i++)
        {
            body.putByte(i, (byte)('a' + i % 26));
        }
    }

    /** Sets the endpoint to load and the peer to dial on the first duty cycle. */
    public ExchangeLoad target(final ExchangeEndpoint endpoint, final InetSocketAddress address)
    {
        this.endpoint = endpoint;
        this.address = address;
        return this;
    }

    public String roleName()
    {
        return "exchange-load";
    }

    public boolean isDone()
    {
        return endNs != 0 || null != failure;
    }

    public String failure()
    {
        return failure;
    }

    /** @return messages per second from the first send to the last answer (posts: to the closing ping's answer). */
    public double rate()
    {
        return endNs == 0 ? 0 : count * 1e9 / (endNs - startNs);
    }

    /** @return round trips, in ns (requests and stream messages only). */
    public Histogram roundTrips()
    {
        return rtt;
    }

    public int doWork()
    {
        if (null != address)
        {
            peer = endpoint.connect(address);
            address = null;
            return 1;
        }
        if (peer <= 0 || !endpoint.isReady(peer) || endNs != 0 || null != failure)
        {
            return 0;
        }
        if (sent == 0 && startNs == 0)
        {
            startNs = System.nanoTime();
            if (mode == Mode.STREAM)
            {
                stream = endpoint.openStream(peer, messageId, body, 0, 8);
                if (stream < 0)
                {
                    failure = "open stream: " + ExchangeResult.describe(stream);
                    return 0;
                }
            }
        }
        int work = 0;
        while (sent < count && (mode == Mode.POST ? endpoint.backlog(peer) < 256 * 1024 : outstanding < inFlight))
        {
            body.putLong(0, System.nanoTime());
            final long result = mode == Mode.POST ? endpoint.post(peer, messageId, body, 0, body.capacity()) :
                mode == Mode.REQUEST ? endpoint.request(peer, messageId, body, 0, body.capacity()) :
                endpoint.streamSend(peer, stream, messageId, body, 0, body.capacity());
            if (result < 0)
            {
                if (result != io.boomscooter.driver.tcp.TcpSendResult.BACK_PRESSURED &&
                    result != ExchangeResult.NO_OPAQUE)
                {
                    failure = mode.name().toLowerCase() + " " + sent + ": " + ExchangeResult.describe(result);
                }
                break;
            }
            sent++;
            outstanding++;
            work++;
        }
        if (mode == Mode.POST && sent == count && pingOpaque < 0)
        {
            pingOpaque = endpoint.ping(peer, "done");
            work++;
        }
        return work;
    }

    private void answered(final DirectBuffer data, final int offset, final int length)
    {
        final long now = System.nanoTime();
        if (length >= 8)
        {
            rtt.recordValue(Math.max(0, now - data.getLong(offset)));
        }
        outstanding--;
        if (++answered == count)
        {
            endNs = now;
            if (mode == Mode.STREAM)
            {
                endpoint.finish(peer, stream);
            }
        }
    }

    public void onResponse(final long p, final long opaque, final long id, final DirectBuffer data, final int offset,
        final int length)
    {
        if (mode == Mode.POST)
        {
            if (opaque == pingOpaque)
            {
                endNs = System.nanoTime();
            }
            return;
        }
        answered(data, offset, length);
    }

    public void onStreamMessage(final long p, final long opaque, final boolean local, final long id,
        final DirectBuffer data, final int offset, final int length)
    {
        if (local && opaque == stream)
        {
            answered(data, offset, length);
        }
    }

    public void onPeerClosed(final long p, final String reason)
    {
        if (!isDone())
        {
            failure = "connection closed: " + reason;
        }
    }
}
