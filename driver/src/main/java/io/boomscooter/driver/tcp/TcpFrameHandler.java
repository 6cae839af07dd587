package io.boomscooter.driver.tcp;

import org.agrona.DirectBuffer;

import java.net.InetSocketAddress;

/**
 * Callbacks from a {@link TcpTransportPoller}, always on the thread calling its {@code doWork()}.
 * Implementations may call back into the poller (send, claim, close) from any callback.
 */
public interface TcpFrameHandler
{
    /**
     * A connection was accepted, or a dialled connection completed its connect. A dial that fails gets
     * {@link #onDisconnected} with a connect-failure reason and no {@code onConnected}.
     *
     * @param connectionId  id of the connection, unique for the life of the poller.
     * @param remoteAddress the peer; resolved once per connection, never per frame.
     */
    void onConnected(long connectionId, InetSocketAddress remoteAddress);

    /**
     * One complete message arrived.
     *
     * @param connectionId it arrived on.
     * @param buffer       holding the message; only valid during this call.
     * @param offset       of the message (after the length prefix).
     * @param length       of the message, {@code 1..maxMessageLength} with the default framing (a line
     *                     framer may deliver an empty line as 0).
     */
    void onFrame(long connectionId, DirectBuffer buffer, int offset, int length);

    /**
     * A connection ended; its id will not be seen again.
     *
     * @param connectionId that ended.
     * @param reason       why.
     */
    void onDisconnected(long connectionId, TcpDisconnectReason reason);

    /**
     * A connection ended, with a constant description when there is one (a malformed frame says what was
     * wrong). The poller calls this one; the default passes on to {@link #onDisconnected(long,
     * TcpDisconnectReason)}, so handlers that do not care about details need not implement it.
     *
     * @param connectionId that ended.
     * @param reason       why.
     * @param detail       a constant string (never built per call), or null.
     */
    default void onDisconnected(final long connectionId, final TcpDisconnectReason reason, final String detail)
    {
        onDisconnected(connectionId, reason);
    }
}
