package io.boomscooter.driver.tcp;

/**
 * Results of sending on a {@link TcpTransportPoller}: a positive value is the connection's send
 * position after the frame (bytes queued since it connected, prefixes included, like an Aeron
 * publication position); a negative value is one of these codes. Nothing on the send path throws.
 */
public final class TcpSendResult
{
    /**
     * No open connection has this id: never existed, or already disconnected.
     */
    public static final long NOT_CONNECTED = -1;

    /**
     * The connection's send buffer cannot take the frame now; retry later or drop the peer.
     */
    public static final long BACK_PRESSURED = -2;

    /**
     * The connection is draining after {@code closeAfterFlush} and accepts no new frames.
     */
    public static final long CLOSING = -3;

    /**
     * The transport has been closed.
     */
    public static final long CLOSED = -4;

    /**
     * The message length is outside {@code 1..maxMessageLength}; the peer would reject it.
     */
    public static final long INVALID_LENGTH = -5;

    private TcpSendResult()
    {
    }

    /**
     * @param result a value returned by a send.
     * @return a constant name for a code, or "OK"; never allocates.
     */
    public static String describe(final long result)
    {
        if (result > 0)
        {
            return "OK";
        }
        switch ((int)result)
        {
            case (int)NOT_CONNECTED:
                return "NOT_CONNECTED";
            case (int)BACK_PRESSURED:
                return "BACK_PRESSURED";
            case (int)CLOSING:
                return "CLOSING";
            case (int)CLOSED:
                return "CLOSED";
            case (int)INVALID_LENGTH:
                return "INVALID_LENGTH";
            default:
                return "UNKNOWN";
        }
    }
}
