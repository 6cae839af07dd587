package io.boomscooter.engine.session;

import org.agrona.MutableDirectBuffer;

/**
 * Where a session writes its messages: a TCP connection ({@link TcpOutbound}) or an Aeron publication
 * ({@link AeronOutbound}), the same for every protocol family. Messages are encoded in place after a
 * successful {@link #claim}, so an entry goes from the mapped segment to the transport's buffer in one copy.
 * Nothing here blocks: a failed claim or commit is back pressure (or a transport not ready yet), and the
 * session stops for this duty cycle and retries later, never spinning.
 */
public interface Outbound
{
    /**
     * @param length  of the message.
     * @param reserve bytes that must stay free behind it (room for a final message such as a Dropped),
     *                0 for none.
     * @return true when room was claimed: encode into {@link #buffer()} from {@link #offset()}, then
     *         {@link #commit()} or {@link #abort()}; false on back pressure, not ready or closed.
     */
    boolean claim(int length, int reserve);

    MutableDirectBuffer buffer();

    int offset();

    /**
     * @return true when the message is on its way; false means it was not sent and must be retried.
     */
    boolean commit();

    /** Gives up the claimed room without sending. */
    void abort();

    /**
     * @return the largest message this outbound can ever send; a longer one will never fit.
     */
    int maxMessageLength();

    /**
     * @return false once the peer is gone for good (TCP closed, publication closed); an Aeron publication
     *         not connected yet is still open.
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
