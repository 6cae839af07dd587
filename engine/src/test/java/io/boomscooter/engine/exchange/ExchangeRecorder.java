package io.boomscooter.engine.exchange;

import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test listener: answers every request by echoing it, echoes stream messages on streams the peer opened (and
 * finishes when the peer does), and records what arrived as text for the tests to check.
 */
class ExchangeRecorder implements ExchangeListener
{
    ExchangeEndpoint endpoint;
    volatile long readyPeer;
    volatile GofastWhoami peerWhoami;
    final Queue<String> posts = new ConcurrentLinkedQueue<>();
    final Queue<String> requests = new ConcurrentLinkedQueue<>();
    final Map<Long, String> responses = new ConcurrentHashMap<>();
    final Queue<String> streamEvents = new ConcurrentLinkedQueue<>();
    final Queue<String> closed = new ConcurrentLinkedQueue<>();
    final Queue<String> failed = new ConcurrentLinkedQueue<>();
    final AtomicLong responseCount = new AtomicLong();
    boolean record = true;
    boolean echoRequests = true;

    public void onPeerReady(final long peer, final GofastWhoami whoami)
    {
        peerWhoami = whoami;
        readyPeer = peer;
    }

    public void onPeerClosed(final long peer, final String reason)
    {
        closed.add(reason);
    }

    public void onPost(final long peer, final long messageId, final DirectBuffer data, final int offset,
        final int length)
    {
        if (record)
        {
            posts.add(messageId + ":" + text(data, offset, length));
        }
    }

    public void onRequest(final long peer, final long opaque, final long messageId, final DirectBuffer data,
        final int offset, final int length)
    {
        if (record)
        {
            requests.add(messageId + ":" + text(data, offset, length));
        }
        if (echoRequests)
        {
            endpoint.respond(peer, opaque, messageId, data, offset, length);
        }
    }

    public void onResponse(final long peer, final long opaque, final long messageId, final DirectBuffer data,
        final int offset, final int length)
    {
        if (record)
        {
            responses.put(opaque, messageId + ":" + text(data, offset, length));
        }
        responseCount.incrementAndGet();
    }

    public void onStreamStarted(final long peer, final long opaque, final long messageId, final DirectBuffer data,
        final int offset, final int length)
    {
        streamEvents.add("started " + text(data, offset, length));
    }

    public void onStreamMessage(final long peer, final long opaque, final boolean local, final long messageId,
        final DirectBuffer data, final int offset, final int length)
    {
        final String text = text(data, offset, length);
        streamEvents.add((local ? "on mine " : "on theirs ") + text);
        if (!local)
        {
            endpoint.streamSend(peer, opaque, messageId, data, offset, length);
        }
    }

    public void onStreamFinished(final long peer, final long opaque, final boolean local)
    {
        streamEvents.add(local ? "peer finished mine" : "peer finished theirs");
    }

    public void onExchangeFailed(final long peer, final long opaque, final String reason)
    {
        failed.add(opaque + " " + reason);
    }

    static String text(final DirectBuffer data, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        data.getBytes(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
