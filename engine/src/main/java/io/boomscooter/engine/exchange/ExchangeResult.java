package io.boomscooter.engine.exchange;

import io.boomscooter.driver.tcp.TcpSendResult;

/**
 * What the sending calls of {@link ExchangeEndpoint} return when they do not succeed: negative codes, beside
 * the TCP transport's own ({@link TcpSendResult}: not connected, back-pressured, closing, closed).
 */
public final class ExchangeResult
{
    /** The peer has not yet answered our whoami: its buffer size and compressions are not known. */
    public static final long NOT_READY = -10;
    /** Every opaque of this side's range is in flight on this connection. */
    public static final long NO_OPAQUE = -11;
    /** The frame would be longer than the peer's buffer size. */
    public static final long TOO_LONG = -12;
    /** No such exchange: a respond, stream send or finish for an opaque that is not open. */
    public static final long UNKNOWN_EXCHANGE = -13;
    /** Message ids 0 and 0x1000–0x100f are gofast's own. */
    public static final long RESERVED_ID = -14;

    private ExchangeResult()
    {
    }

    public static String describe(final long result)
    {
        if (result >= 0)
        {
            return "ok";
        }
        if (result == NOT_READY)
        {
            return "peer not ready (whoami not answered yet)";
        }
        if (result == NO_OPAQUE)
        {
            return "no free opaque (too many exchanges in flight)";
        }
        if (result == TOO_LONG)
        {
            return "frame longer than the peer's buffer size";
        }
        if (result == UNKNOWN_EXCHANGE)
        {
            return "no such open exchange";
        }
        if (result == RESERVED_ID)
        {
            return "message id reserved by gofast";
        }
        return TcpSendResult.describe(result);
    }
}
