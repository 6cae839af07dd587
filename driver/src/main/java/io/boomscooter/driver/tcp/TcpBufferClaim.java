package io.boomscooter.driver.tcp;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Room for one frame reserved in a connection's send buffer by
 * {@link TcpTransportPoller#tryClaim(long, int, TcpBufferClaim)}, so a message can be encoded in place
 * with no copy. Encode into {@link #buffer()} from {@link #offset()} for {@link #length()} bytes, then
 * {@link #commit()} or {@link #abort()} before doing anything else with the same connection.
 * Reusable: keep one per sending agent.
 */
public final class TcpBufferClaim
{
    private static final byte[] EMPTY = new byte[0];

    private final UnsafeBuffer buffer = new UnsafeBuffer(EMPTY);
    private TcpConnection connection;
    private int frameOffset;
    private int length;

    /**
     * @return buffer to encode into; a view over the send buffer.
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return offset in {@link #buffer()} where the message starts.
     */
    public int offset()
    {
        return 0;
    }

    /**
     * @return bytes claimed for the message.
     */
    public int length()
    {
        return length;
    }

    /**
     * Make the frame part of the connection's backlog; it is written on the next duty cycle.
     *
     * @return true when committed, false when there was nothing to commit (already committed,
     * aborted, replaced by another send on the connection, or the connection closed).
     */
    public boolean commit()
    {
        final TcpConnection connection = this.connection;
        this.connection = null;
        buffer.wrap(EMPTY);
        return null != connection && connection.commitClaim(frameOffset, length);
    }

    /**
     * Give the room back without sending anything.
     */
    public void abort()
    {
        final TcpConnection connection = this.connection;
        this.connection = null;
        buffer.wrap(EMPTY);
        if (null != connection)
        {
            connection.abortClaim(frameOffset);
        }
    }

    void wrap(
        final TcpConnection connection,
        final UnsafeBuffer sendBuffer,
        final int frameOffset,
        final int headerLength,
        final int length)
    {
        this.connection = connection;
        this.frameOffset = frameOffset;
        this.length = length;
        buffer.wrap(sendBuffer, frameOffset + headerLength, length);
    }

    /**
     * The connection closed with this claim open: point the claim away from its buffer, which goes back
     * to the pool, so a late write fails its bounds check instead of landing in another connection's
     * buffer, and the commit reports false.
     */
    void detach(final TcpConnection connection)
    {
        if (this.connection == connection)
        {
            this.connection = null;
            buffer.wrap(EMPTY);
        }
    }
}
