package io.boomscooter.engine.subscriber;

import org.agrona.MutableDirectBuffer;

/**
 * Where a {@link SubscriberSession} writes its messages: a TCP connection or an Aeron publication.
 * Messages are encoded in place after a successful {@link #claim}, so an entry goes from the mapped
 * segment to the transport's buffer in one copy. A failed claim is back pressure: the session stops
 * for this duty cycle and retries later, never spinning.
 */
interface SessionOutbound
{
    /**
     * @param length  of the message.
     * @param reserve bytes that must stay free behind it (room for a final Dropped message), 0 for none.
     * @return true when room was claimed: encode into {@link #buffer()} from {@link #offset()}, then
     *         {@link #commit()} or {@link #abort()}.
     */
    boolean claim(int length, int reserve);

    MutableDirectBuffer buffer();

    int offset();

    /**
     * @return true when the message is on its way; false means it was not sent and must be retried.
     */
    boolean commit();

    void abort();

    /**
     * @return false once the peer is gone for good (TCP closed); an Aeron publication not connected
     *         yet is still open.
     */
    boolean isOpen();

    /**
     * Write what is queued, then close.
     */
    void closeAfterFlush();

    /**
     * Close now.
     */
    void close();
}
