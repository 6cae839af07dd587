package io.boomscooter.engine.exchange;

import org.agrona.DirectBuffer;

/**
 * What an {@link ExchangeEndpoint} tells its user, on the endpoint's duty-cycle thread. A peer is a connection
 * id; an exchange is the opaque it travels under. Data is only valid during the call. Any callback may call
 * back into the endpoint (respond, send on a stream, post, request).
 */
public interface ExchangeListener
{
    /** The peer answered our whoami: sends to it are now accepted. */
    default void onPeerReady(final long peer, final GofastWhoami whoami)
    {
    }

    /** The connection ended (or a dial failed); pending exchanges on it were reported failed first. */
    default void onPeerClosed(final long peer, final String reason)
    {
    }

    /** A POST: no answer expected. */
    default void onPost(final long peer, final long messageId, final DirectBuffer data, final int offset,
        final int length)
    {
    }

    /** A REQUEST from the peer: answer with {@link ExchangeEndpoint#respond} (now or later) under this opaque. */
    default void onRequest(final long peer, final long opaque, final long messageId, final DirectBuffer data,
        final int offset, final int length)
    {
    }

    /** The RESPONSE to a request of ours. */
    default void onResponse(final long peer, final long opaque, final long messageId, final DirectBuffer data,
        final int offset, final int length)
    {
    }

    /** The peer opened a STREAM; send on it with {@link ExchangeEndpoint#streamSend}, end it with finish. */
    default void onStreamStarted(final long peer, final long opaque, final long messageId, final DirectBuffer data,
        final int offset, final int length)
    {
    }

    /**
     * A message on a stream: one we opened ({@code local}) or one the peer opened.
     */
    default void onStreamMessage(final long peer, final long opaque, final boolean local, final long messageId,
        final DirectBuffer data, final int offset, final int length)
    {
    }

    /** The peer finished a stream (ours or its own). */
    default void onStreamFinished(final long peer, final long opaque, final boolean local)
    {
    }

    /** A request or stream of ours ended without an answer or finish: its connection closed. */
    default void onExchangeFailed(final long peer, final long opaque, final String reason)
    {
    }
}
