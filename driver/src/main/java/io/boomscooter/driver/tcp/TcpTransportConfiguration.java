package io.boomscooter.driver.tcp;

import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Keys and defaults behind {@link TcpTransportPoller.Context}. Every key can come from a node config
 * file (the {@code Properties} overloads, used by {@link TcpTransportPoller.Context#from(Properties)})
 * or from a system property of the same name; when both are set, the system property wins, as for
 * every other node setting. The no-argument methods read system properties only (what
 * {@code new Context()} uses). {@code docs/tcp-transport.md} lists every key in one table.
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
     * Kernel SO_SNDBUF / SO_RCVBUF for accepted and dialled sockets; 0 leaves the OS default.
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

    public static final String CONNECT_TIMEOUT_PROP_NAME = "boomscooter.tcp.connect.timeout.ns";
    public static final long CONNECT_TIMEOUT_DEFAULT_NS = TimeUnit.SECONDS.toNanos(5);

    /**
     * Idle connection buffers kept for reuse; 16 MiB is about 40 connections at the default buffer sizes.
     */
    public static final String BUFFER_POOL_BYTES_PROP_NAME = "boomscooter.tcp.buffer.pool.bytes";
    public static final long BUFFER_POOL_BYTES_DEFAULT = 16L * 1024 * 1024;

    public static final String TCP_NODELAY_PROP_NAME = "boomscooter.tcp.nodelay";
    public static final boolean TCP_NODELAY_DEFAULT = true;

    private static final Properties NONE = new Properties();

    private TcpTransportConfiguration()
    {
    }

    /**
     * @param file     a node file's settings; may be empty.
     * @param key      property name.
     * @param fallback when neither a system property nor the file sets the key.
     * @return the system property, else the file's value, else the fallback; trimmed.
     */
    public static String get(final Properties file, final String key, final String fallback)
    {
        String value = System.getProperty(key);
        if (null == value)
        {
            value = file.getProperty(key);
        }
        return null == value ? fallback : value.trim();
    }

    public static int getInt(final Properties file, final String key, final int fallback)
    {
        final String value = get(file, key, null);
        try
        {
            return null == value ? fallback : Integer.parseInt(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(key + " must be an integer: " + value, ex);
        }
    }

    public static long getLong(final Properties file, final String key, final long fallback)
    {
        final String value = get(file, key, null);
        try
        {
            return null == value ? fallback : Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(key + " must be an integer: " + value, ex);
        }
    }

    public static boolean getBoolean(final Properties file, final String key, final boolean fallback)
    {
        final String value = get(file, key, null);
        if (null == value)
        {
            return fallback;
        }
        if ("true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value))
        {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException(key + " must be true or false: " + value);
    }

    public static String host(final Properties file)
    {
        return get(file, HOST_PROP_NAME, HOST_DEFAULT);
    }

    public static int port(final Properties file)
    {
        return getInt(file, PORT_PROP_NAME, PORT_DEFAULT);
    }

    public static int maxMessageLength(final Properties file)
    {
        return getInt(file, MAX_MESSAGE_LENGTH_PROP_NAME, MAX_MESSAGE_LENGTH_DEFAULT);
    }

    public static int receiveBufferLength(final Properties file)
    {
        return getInt(file, RECEIVE_BUFFER_LENGTH_PROP_NAME, RECEIVE_BUFFER_LENGTH_DEFAULT);
    }

    public static int sendBufferLength(final Properties file)
    {
        return getInt(file, SEND_BUFFER_LENGTH_PROP_NAME, SEND_BUFFER_LENGTH_DEFAULT);
    }

    public static int socketSendBufferSize(final Properties file)
    {
        return getInt(file, SOCKET_SNDBUF_PROP_NAME, SOCKET_BUFFER_DEFAULT);
    }

    public static int socketReceiveBufferSize(final Properties file)
    {
        return getInt(file, SOCKET_RCVBUF_PROP_NAME, SOCKET_BUFFER_DEFAULT);
    }

    public static int maxConnections(final Properties file)
    {
        return getInt(file, MAX_CONNECTIONS_PROP_NAME, MAX_CONNECTIONS_DEFAULT);
    }

    public static int acceptBacklog(final Properties file)
    {
        return getInt(file, ACCEPT_BACKLOG_PROP_NAME, ACCEPT_BACKLOG_DEFAULT);
    }

    public static long closeFlushTimeoutNs(final Properties file)
    {
        return getLong(file, CLOSE_FLUSH_TIMEOUT_PROP_NAME, CLOSE_FLUSH_TIMEOUT_DEFAULT_NS);
    }

    public static long connectTimeoutNs(final Properties file)
    {
        return getLong(file, CONNECT_TIMEOUT_PROP_NAME, CONNECT_TIMEOUT_DEFAULT_NS);
    }

    public static long bufferPoolBytes(final Properties file)
    {
        return getLong(file, BUFFER_POOL_BYTES_PROP_NAME, BUFFER_POOL_BYTES_DEFAULT);
    }

    public static boolean tcpNoDelay(final Properties file)
    {
        return getBoolean(file, TCP_NODELAY_PROP_NAME, TCP_NODELAY_DEFAULT);
    }

    public static String host()
    {
        return host(NONE);
    }

    public static int port()
    {
        return port(NONE);
    }

    public static int maxMessageLength()
    {
        return maxMessageLength(NONE);
    }

    public static int receiveBufferLength()
    {
        return receiveBufferLength(NONE);
    }

    public static int sendBufferLength()
    {
        return sendBufferLength(NONE);
    }

    public static int socketSendBufferSize()
    {
        return socketSendBufferSize(NONE);
    }

    public static int socketReceiveBufferSize()
    {
        return socketReceiveBufferSize(NONE);
    }

    public static int maxConnections()
    {
        return maxConnections(NONE);
    }

    public static int acceptBacklog()
    {
        return acceptBacklog(NONE);
    }

    public static long closeFlushTimeoutNs()
    {
        return closeFlushTimeoutNs(NONE);
    }

    public static long connectTimeoutNs()
    {
        return connectTimeoutNs(NONE);
    }

    public static long bufferPoolBytes()
    {
        return bufferPoolBytes(NONE);
    }

    public static boolean tcpNoDelay()
    {
        return tcpNoDelay(NONE);
    }
}
