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
    TRANSPORT_CLOSED(8),

    /**
     * The peer's bytes break the connection's framing (e.g. a line over the limit, a stray CR or LF);
     * the framer's detail is passed to {@link TcpFrameHandler#onDisconnected(long, TcpDisconnectReason, String)}.
     */
    MALFORMED_FRAME(9),

    /**
     * A dialled connection was refused: nothing listens at the address (a TCP reset to the SYN).
     */
    CONNECT_REFUSED(10),

    /**
     * A dialled connection did not complete within its connect timeout.
     */
    CONNECT_TIMEOUT(11),

    /**
     * A dial was given an address whose host name was never resolved; the poller does no DNS lookups.
     */
    UNRESOLVED_ADDRESS(12),

    /**
     * A dial failed for another reason (no route, address not available, too many open files).
     */
    CONNECT_FAILED(13);

    private final int code;

    TcpDisconnectReason(final int code)
    {
        this.code = code;
    }

    /**
     * @return true when the peer broke the framing rules; counted as a protocol error.
     */
    public boolean isProtocolError()
    {
        return this == INVALID_FRAME_LENGTH || this == MALFORMED_FRAME;
    }

    /**
     * @return true when a dialled connection never connected; {@code onConnected} was not called for it.
     */
    public boolean isConnectFailure()
    {
        return this == CONNECT_REFUSED || this == CONNECT_TIMEOUT || this == UNRESOLVED_ADDRESS ||
            this == CONNECT_FAILED;
    }

    /**
     * @return the stable numeric code.
     */
    public int code()
    {
        return code;
    }
}
