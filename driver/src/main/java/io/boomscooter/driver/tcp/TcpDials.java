package io.boomscooter.driver.tcp;

import java.io.IOException;
import java.net.ConnectException;
import java.util.Arrays;

/**
 * The dials of one {@link TcpTransportPoller} still in progress: completes them when the selector
 * reports {@code OP_CONNECT} (or the socket connected at once), fails them on error or when their
 * deadline passes, and hands both outcomes back to the poller. Poller thread only; allocation-free once
 * the array has grown to the most dials in progress at once.
 */
final class TcpDials
{
    private final TcpTransportPoller poller;
    private TcpConnection[] connecting = new TcpConnection[8];
    private int count;

    TcpDials(final TcpTransportPoller poller)
    {
        this.poller = poller;
    }

    void add(final TcpConnection connection)
    {
        if (count == connecting.length)
        {
            connecting = Arrays.copyOf(connecting, count * 2);
        }
        connecting[count++] = connection;
    }

    int count()
    {
        return count;
    }

    /**
     * Completes, fails or times out the dials in progress; a dial that failed at once (unresolved,
     * refused on the spot) is reported here, so {@link TcpTransportPoller#connect} never calls the handler itself.
     */
    int progress(final long nowNs)
    {
        int workCount = 0;
        for (int i = count - 1; i >= 0; i--)
        {
            final TcpConnection connection = connecting[i];
            if (connection.isConnecting())
            {
                if (null != connection.connectFailure)
                {
                    poller.onDialFailed(connection, connection.connectFailure);
                }
                else if (connection.channel().isConnected())
                {
                    finishConnect(connection);
                }
                else if (nowNs - connection.connectDeadlineNs >= 0)
                {
                    poller.onDialFailed(connection, TcpDisconnectReason.CONNECT_TIMEOUT);
                }
            }
            if (!connection.isConnecting())
            {
                connecting[i] = connecting[--count];
                connecting[count] = null;
                workCount++;
            }
        }
        return workCount;
    }

    void finishConnect(final TcpConnection connection)
    {
        try
        {
            if (!connection.channel().finishConnect())
            {
                return;
            }
        }
        catch (final ConnectException ex)
        {
            // The JDK reports ECONNREFUSED and ETIMEDOUT (the kernel gave up first) with this one type.
            final String message = ex.getMessage();
            poller.onDialFailed(connection, null != message && message.contains("timed out") ?
                TcpDisconnectReason.CONNECT_TIMEOUT : TcpDisconnectReason.CONNECT_REFUSED);
            return;
        }
        catch (final IOException ex)
        {
            poller.onDialFailed(connection, TcpDisconnectReason.CONNECT_FAILED);
            return;
        }

        poller.onDialConnected(connection);
    }
}
