package io.boomscooter.driver.tcp;

/**
 * Why a connection ended; handed to {@link TcpFrameHandler#onDisconnected(long, TcpDisconnectReason)}.
 * The codes are stable so they can be stored in counters and logs.
 */
public enum TcpDisconnectReason
{
    /**
     * The peer closed its side cleanly between frames.
     */
    PEER_CLOSED(1),

    /**
     * The peer closed its side part-way through a frame; the partial frame was discarded.
     */
    PEER_CLOSED_MID_FRAME(2),

    /**
     * A read or write failed, typically a connection reset by the peer.
     */
    IO_ERROR(3),

    /**
     * The peer sent a length prefix outside {@code 1..maxMessageLength}: a protocol error.
     */
    INVALID_FRAME_LENGTH(4),

    /**
     * The application called {@code close} or {@code closeAfterFlush} and the backlog was written.
     */
    CLOSED_BY_APPLICATION(5),

    /**
     * {@code closeAfterFlush} gave up because the peer did not take the backlog in time.
     */
    CLOSE_FLUSH_TIMEOUT(6),

    /**
     * The frame handler threw while processing this connection's input.
     */
    HANDLER_ERROR(7),

    /**
     * The transport itself was closed.
     */
    TRANSPORT_CLOSED(8);

    private final int code;

    TcpDisconnectReason(final int code)
    {
        this.code = code;
    }

    /**
     * @return the stable numeric code.
     */
    public int code()
    {
        return code;
    }
}
