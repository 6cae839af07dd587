package io.boomscooter.engine.subscriber;

import io.boomscooter.driver.tcp.TcpBufferClaim;
import io.boomscooter.driver.tcp.TcpFraming;
import io.boomscooter.driver.tcp.TcpTransportPoller;
import org.agrona.MutableDirectBuffer;

/**
 * A session's messages framed onto one connection of the fan-out's {@link TcpTransportPoller}.
 * The claim is shared by all connections: it is always committed or aborted before the next claim.
 */
final class TcpOutbound implements SessionOutbound
{
    private final TcpTransportPoller poller;
    private final TcpBufferClaim claim;
    private final long connectionId;
    private final int sendBufferLength;

    TcpOutbound(final TcpTransportPoller poller, final TcpBufferClaim claim, final long connectionId)
    {
        this.poller = poller;
        this.claim = claim;
        this.connectionId = connectionId;
        this.sendBufferLength = poller.context().sendBufferLength();
    }

    public boolean claim(final int length, final int reserve)
    {
        if (reserve > 0)
        {
            final int backlog = poller.backlog(connectionId);
            if (backlog < 0 ||
                backlog + TcpFraming.LENGTH_FIELD_LENGTH + length + reserve > sendBufferLength)
            {
                return false;
            }
        }
        return poller.tryClaim(connectionId, length, claim) > 0;
    }

    public MutableDirectBuffer buffer()
    {
        return claim.buffer();
    }

    public int offset()
    {
        return claim.offset();
    }

    public boolean commit()
    {
        return claim.commit();
    }

    public void abort()
    {
        claim.abort();
    }

    public boolean isOpen()
    {
        return poller.isConnected(connectionId);
    }

    public void closeAfterFlush()
    {
        poller.closeAfterFlush(connectionId);
    }

    public void close()
    {
        poller.close(connectionId);
    }
}
