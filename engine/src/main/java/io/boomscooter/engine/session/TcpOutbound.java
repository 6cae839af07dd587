package io.boomscooter.engine.session;

import io.boomscooter.driver.tcp.TcpBufferClaim;
import io.boomscooter.driver.tcp.TcpFraming;
import io.boomscooter.driver.tcp.TcpTransportPoller;
import org.agrona.MutableDirectBuffer;

/**
 * A session's messages framed onto one connection of a {@link TcpTransportPoller}. The claim may be
 * shared by all connections of one poller (one agent thread): it is always committed or aborted before
 * the next claim.
 */
public final class TcpOutbound implements Outbound
{
    private final TcpTransportPoller poller;
    private final TcpBufferClaim claim;
    private final long connectionId;
    private final int sendBufferLength;

    /**
     * @param poller       the poller that owns the connection.
     * @param claim        a claim the caller's thread reuses.
     * @param connectionId the connection written to.
     */
    public TcpOutbound(final TcpTransportPoller poller, final TcpBufferClaim claim, final long connectionId)
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

    public int maxMessageLength()
    {
        return poller.context().maxMessageLength();
    }

    /**
     * @return the connection this outbound writes to.
     */
    public long connectionId()
    {
        return connectionId;
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
