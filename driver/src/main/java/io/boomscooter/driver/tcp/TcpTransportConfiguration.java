package io.boomscooter.driver.tcp;

import java.util.concurrent.TimeUnit;

/**
 * System property names and defaults behind {@link TcpTransportPoller.Context}.
 */
public final class TcpTransportConfiguration
{
    public static final String HOST_PROP_NAME = "boomscooter.tcp.host";
    public static final String HOST_DEFAULT = "0.0.0.0";

    public static final String PORT_PROP_NAME = "boomscooter.tcp.port";
    public static final int PORT_DEFAULT = 0;

    public static final String MAX_MESSAGE_LENGTH_PROP_NAME = "boomscooter.tcp.max.message.length";
    public static final int MAX_MESSAGE_LENGTH_DEFAULT = TcpFraming.DEFAULT_MAX_MESSAGE_LENGTH;

    public static final String RECEIVE_BUFFER_LENGTH_PROP_NAME = "boomscooter.tcp.receive.buffer.length";
    public static final int RECEIVE_BUFFER_LENGTH_DEFAULT = 128 * 1024;

    public static final String SEND_BUFFER_LENGTH_PROP_NAME = "boomscooter.tcp.send.buffer.length";
    public static final int SEND_BUFFER_LENGTH_DEFAULT = 256 * 1024;

    /**
     * Kernel SO_SNDBUF / SO_RCVBUF for accepted sockets; 0 leaves the OS default.
     */
    public static final String SOCKET_SNDBUF_PROP_NAME = "boomscooter.tcp.socket.sndbuf";
    public static final String SOCKET_RCVBUF_PROP_NAME = "boomscooter.tcp.socket.rcvbuf";
    public static final int SOCKET_BUFFER_DEFAULT = 0;

    public static final String MAX_CONNECTIONS_PROP_NAME = "boomscooter.tcp.max.connections";
    public static final int MAX_CONNECTIONS_DEFAULT = 4096;

    public static final String ACCEPT_BACKLOG_PROP_NAME = "boomscooter.tcp.accept.backlog";
    public static final int ACCEPT_BACKLOG_DEFAULT = 1024;

    public static final String CLOSE_FLUSH_TIMEOUT_PROP_NAME = "boomscooter.tcp.close.flush.timeout.ns";
    public static final long CLOSE_FLUSH_TIMEOUT_DEFAULT_NS = TimeUnit.SECONDS.toNanos(5);

    private TcpTransportConfiguration()
    {
    }

    public static String host()
    {
        return System.getProperty(HOST_PROP_NAME, HOST_DEFAULT);
    }

    public static int port()
    {
        return Integer.getInteger(PORT_PROP_NAME, PORT_DEFAULT);
    }

    public static int maxMessageLength()
    {
        return Integer.getInteger(MAX_MESSAGE_LENGTH_PROP_NAME, MAX_MESSAGE_LENGTH_DEFAULT);
    }

    public static int receiveBufferLength()
    {
        return Integer.getInteger(RECEIVE_BUFFER_LENGTH_PROP_NAME, RECEIVE_BUFFER_LENGTH_DEFAULT);
    }

    public static int sendBufferLength()
    {
        return Integer.getInteger(SEND_BUFFER_LENGTH_PROP_NAME, SEND_BUFFER_LENGTH_DEFAULT);
    }

    public static int socketSendBufferSize()
    {
        return Integer.getInteger(SOCKET_SNDBUF_PROP_NAME, SOCKET_BUFFER_DEFAULT);
    }

    public static int socketReceiveBufferSize()
    {
        return Integer.getInteger(SOCKET_RCVBUF_PROP_NAME, SOCKET_BUFFER_DEFAULT);
    }

    public static int maxConnections()
    {
        return Integer.getInteger(MAX_CONNECTIONS_PROP_NAME, MAX_CONNECTIONS_DEFAULT);
    }

    public static int acceptBacklog()
    {
        return Integer.getInteger(ACCEPT_BACKLOG_PROP_NAME, ACCEPT_BACKLOG_DEFAULT);
    }

    public static long closeFlushTimeoutNs()
    {
        return Long.getLong(CLOSE_FLUSH_TIMEOUT_PROP_NAME, CLOSE_FLUSH_TIMEOUT_DEFAULT_NS);
    }
}
