package io.boomscooter.engine.exchange;

import org.agrona.DirectBuffer;

/**
 * What {@code boomscooter exchange serve} does with what arrives: answers each request with its own id and data,
 * echoes each message on a stream the peer opened, and counts posts.
 */
public final class ExchangeEcho implements ExchangeListener
{
    private ExchangeEndpoint endpoint;
    private volatile long peersReady;
    private volatile long posts;

    public ExchangeEcho endpoint(final ExchangeEndpoint endpoint)
    {
        this.endpoint = endpoint;
        return this;
    }

    public long peersReady()
    {
        return peersReady;
    }

    public long posts()
    {
        return posts;
    }

    public void onPeerReady(final long peer, final GofastWhoami whoami)
    {
        peersReady++;
    }

    public void onPost(final long peer, final long messageId, final DirectBuffer data, final int offset,
        final int length)
    {
        posts++;
    }

    public void onRequest(final long peer, final long opaque, final long messageId, final DirectBuffer data,
        final int offset, final int length)
    {
        endpoint.respond(peer, opaque, messageId, data, offset, length);
    }

    public void onStreamMessage(final long peer, final long opaque, final boolean local, final long messageId,
        final DirectBuffer data, final int offset, final int length)
    {
        if (!local)
        {
            endpoint.streamSend(peer, opaque, messageId, data, offset, length);
        }
    }
}
