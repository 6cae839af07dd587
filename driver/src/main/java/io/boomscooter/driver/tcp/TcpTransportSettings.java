package io.boomscooter.driver.tcp;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.Properties;

/**
 * Settings for a {@link TcpTransportPoller}, used as {@link TcpTransportPoller.Context}; defaults from
 * {@link TcpTransportConfiguration}: system properties for {@code new Context()}, a node file's keys with
 * system properties winning for {@link TcpTransportPoller.Context#from(Properties)}. Generic in the
 * type the setters return, so {@code new TcpTransportPoller.Context().host(..).port(..)} chains as
 * before this class was split out of the poller.
 *
 * @param <T> the concrete settings type, {@link TcpTransportPoller.Context}.
 */
public abstract class TcpTransportSettings<T extends TcpTransportSettings<T>>
{
    private String host = TcpTransportConfiguration.host();
    private int port = TcpTransportConfiguration.port();
    private int maxMessageLength = TcpTransportConfiguration.maxMessageLength();
    private int receiveBufferLength = TcpTransportConfiguration.receiveBufferLength();
    private int sendBufferLength = TcpTransportConfiguration.sendBufferLength();
    private int socketSendBufferSize = TcpTransportConfiguration.socketSendBufferSize();
    private int socketReceiveBufferSize = TcpTransportConfiguration.socketReceiveBufferSize();
    private int maxConnections = TcpTransportConfiguration.maxConnections();
    private int acceptBacklog = TcpTransportConfiguration.acceptBacklog();
    private long closeFlushTimeoutNs = TcpTransportConfiguration.closeFlushTimeoutNs();
    private long connectTimeoutNs = TcpTransportConfiguration.connectTimeoutNs();
    private long bufferPoolBytes = TcpTransportConfiguration.bufferPoolBytes();
    private boolean listen = true;
    private TcpFramer framer;
    private boolean tcpNoDelay = TcpTransportConfiguration.tcpNoDelay();
    private TcpFrameHandler frameHandler;
    private ErrorHandler errorHandler;
    private TcpTransportCounters counters;
    private NanoClock nanoClock;
    private boolean isConcluded;

    /**
     * Every {@code boomscooter.tcp.*} key from a node file, each overridden by a system property of the
     * same name when one is set.
     */
    protected void load(final Properties file)
    {
        final TcpTransportSettings<T> ctx = this;
        ctx.host = TcpTransportConfiguration.host(file);
        ctx.port = TcpTransportConfiguration.port(file);
        ctx.maxMessageLength = TcpTransportConfiguration.maxMessageLength(file);
        ctx.receiveBufferLength = TcpTransportConfiguration.receiveBufferLength(file);
        ctx.sendBufferLength = TcpTransportConfiguration.sendBufferLength(file);
        ctx.socketSendBufferSize = TcpTransportConfiguration.socketSendBufferSize(file);
        ctx.socketReceiveBufferSize = TcpTransportConfiguration.socketReceiveBufferSize(file);
        ctx.maxConnections = TcpTransportConfiguration.maxConnections(file);
        ctx.acceptBacklog = TcpTransportConfiguration.acceptBacklog(file);
        ctx.closeFlushTimeoutNs = TcpTransportConfiguration.closeFlushTimeoutNs(file);
        ctx.connectTimeoutNs = TcpTransportConfiguration.connectTimeoutNs(file);
        ctx.bufferPoolBytes = TcpTransportConfiguration.bufferPoolBytes(file);
        ctx.tcpNoDelay = TcpTransportConfiguration.tcpNoDelay(file);
    }

    @SuppressWarnings("unchecked")
    private T self()
    {
        return (T)this;
    }

    /**
     * Validate and fill in defaults; called by the poller.
     *
     * @return this.
     */
    public T conclude()
    {
        if (isConcluded)
        {
            return self();
        }
        if (null == frameHandler)
        {
            throw new IllegalStateException("frameHandler is required");
        }
        if (port < 0 || port > 65535)
        {
            throw new IllegalArgumentException("port must be in 0..65535: " + port);
        }
        TcpFraming.validateMaxMessageLength(maxMessageLength);
        final int minBuffer = maxMessageLength + TcpFraming.LENGTH_FIELD_LENGTH;
        receiveBufferLength = requireBufferLength("receiveBufferLength", receiveBufferLength, minBuffer);
        sendBufferLength = requireBufferLength("sendBufferLength", sendBufferLength, minBuffer);
        if (maxConnections < 1)
        {
            throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
        }
        if (closeFlushTimeoutNs < 0)
        {
            throw new IllegalArgumentException("closeFlushTimeoutNs must not be negative");
        }
        if (connectTimeoutNs <= 0)
        {
            throw new IllegalArgumentException("connectTimeoutNs must be positive: " + connectTimeoutNs);
        }
        if (bufferPoolBytes < 0)
        {
            throw new IllegalArgumentException("bufferPoolBytes must not be negative: " + bufferPoolBytes);
        }
        if (null == framer)
        {
            framer = new TcpLengthPrefixFramer(maxMessageLength);
        }
        if (null == errorHandler)
        {
            errorHandler = Throwable::printStackTrace;
        }
        if (null == counters)
        {
            counters = TcpTransportCounters.inProcess();
        }
        if (null == nanoClock)
        {
            nanoClock = SystemNanoClock.INSTANCE;
        }
        isConcluded = true;
        return self();
    }

    private static int requireBufferLength(final String name, final int length, final int min)
    {
        if (length > 1 << 30)
        {
            throw new IllegalArgumentException(name + " too large: " + length);
        }
        // A buffer smaller than one largest frame could never hold it, so round up rather than fail.
        return Math.max(length, min);
    }

    public T host(final String host)
    {
        this.host = host;
        return self();
    }

    public String host()
    {
        return host;
    }

    /**
     * @param port to listen on; 0 picks an ephemeral port, see {@link TcpTransportPoller#port()}.
     * @return this.
     */
    public T port(final int port)
    {
        this.port = port;
        return self();
    }

    public int port()
    {
        return port;
    }

    /**
     * @param maxMessageLength largest message a frame may carry in either direction.
     * @return this.
     */
    public T maxMessageLength(final int maxMessageLength)
    {
        this.maxMessageLength = maxMessageLength;
        return self();
    }

    public int maxMessageLength()
    {
        return maxMessageLength;
    }

    /**
     * @param receiveBufferLength per-connection reassembly buffer; at least one largest frame.
     * @return this.
     */
    public T receiveBufferLength(final int receiveBufferLength)
    {
        this.receiveBufferLength = receiveBufferLength;
        return self();
    }

    public int receiveBufferLength()
    {
        return receiveBufferLength;
    }

    /**
     * @param sendBufferLength per-connection backlog before sends report back pressure.
     * @return this.
     */
    public T sendBufferLength(final int sendBufferLength)
    {
        this.sendBufferLength = sendBufferLength;
        return self();
    }

    public int sendBufferLength()
    {
        return sendBufferLength;
    }

    public T socketSendBufferSize(final int socketSendBufferSize)
    {
        this.socketSendBufferSize = socketSendBufferSize;
        return self();
    }

    public int socketSendBufferSize()
    {
        return socketSendBufferSize;
    }

    public T socketReceiveBufferSize(final int socketReceiveBufferSize)
    {
        this.socketReceiveBufferSize = socketReceiveBufferSize;
        return self();
    }

    public int socketReceiveBufferSize()
    {
        return socketReceiveBufferSize;
    }

    /**
     * @param maxConnections beyond which new connections are accepted and closed at once.
     * @return this.
     */
    public T maxConnections(final int maxConnections)
    {
        this.maxConnections = maxConnections;
        return self();
    }

    public int maxConnections()
    {
        return maxConnections;
    }

    public T acceptBacklog(final int acceptBacklog)
    {
        this.acceptBacklog = acceptBacklog;
        return self();
    }

    public int acceptBacklog()
    {
        return acceptBacklog;
    }

    public T closeFlushTimeoutNs(final long closeFlushTimeoutNs)
    {
        this.closeFlushTimeoutNs = closeFlushTimeoutNs;
        return self();
    }

    public long closeFlushTimeoutNs()
    {
        return closeFlushTimeoutNs;
    }

    /**
     * @param connectTimeoutNs default time a {@link TcpTransportPoller#connect} may take before it fails
     *                         with {@link TcpDisconnectReason#CONNECT_TIMEOUT}.
     * @return this.
     */
    public T connectTimeoutNs(final long connectTimeoutNs)
    {
        this.connectTimeoutNs = connectTimeoutNs;
        return self();
    }

    public long connectTimeoutNs()
    {
        return connectTimeoutNs;
    }

    /**
     * @param bufferPoolBytes most bytes of idle connection buffers kept for reuse; beyond it a closed
     *                        connection's buffers are freed at once. 0 frees every one.
     * @return this.
     */
    public T bufferPoolBytes(final long bufferPoolBytes)
    {
        this.bufferPoolBytes = bufferPoolBytes;
        return self();
    }

    public long bufferPoolBytes()
    {
        return bufferPoolBytes;
    }

    /**
     * @param listen false for a poller that only dials out: no listening socket is opened.
     * @return this.
     */
    public T listen(final boolean listen)
    {
        this.listen = listen;
        return self();
    }

    public boolean listen()
    {
        return listen;
    }

    /**
     * @param framer framing of accepted connections and the default for dialled ones; defaults to
     *               {@link TcpLengthPrefixFramer} with {@link #maxMessageLength()}.
     * @return this.
     */
    public T framer(final TcpFramer framer)
    {
        this.framer = framer;
        return self();
    }

    public TcpFramer framer()
    {
        return framer;
    }

    public T tcpNoDelay(final boolean tcpNoDelay)
    {
        this.tcpNoDelay = tcpNoDelay;
        return self();
    }

    public boolean tcpNoDelay()
    {
        return tcpNoDelay;
    }

    public T frameHandler(final TcpFrameHandler frameHandler)
    {
        this.frameHandler = frameHandler;
        return self();
    }

    public TcpFrameHandler frameHandler()
    {
        return frameHandler;
    }

    public T errorHandler(final ErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        return self();
    }

    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    public T counters(final TcpTransportCounters counters)
    {
        this.counters = counters;
        return self();
    }

    public TcpTransportCounters counters()
    {
        return counters;
    }

    public T nanoClock(final NanoClock nanoClock)
    {
        this.nanoClock = nanoClock;
        return self();
    }

    public NanoClock nanoClock()
    {
        return nanoClock;
    }
}
