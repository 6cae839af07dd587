package io.boomscooter.driver.tcp;

import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.nio.TransportPoller;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A non-blocking TCP server for length-prefixed frames, driven by {@link #doWork()} from one agent
 * thread: accepts connections, reassembles incoming frames for a {@link TcpFrameHandler} and writes
 * queued frames out, all on one {@link java.nio.channels.Selector} polled with {@code selectNow}.
 * <p>
 * Zero-GC in steady state: selected keys are delivered to a pre-built action
 * ({@link java.nio.channels.Selector#selectNow(Consumer)}), so no selected-key set or iterator is
 * filled; every connection reads and writes through its own pre-allocated direct buffers.
 * <p>
 * Single threaded: {@link #doWork()}, the send methods and {@link #close(long)} must all be called
 * from the same thread, as the handler callbacks are.
 */
public final class TcpTransportPoller extends TransportPoller
{
    private static final int ACCEPTS_PER_DUTY_CYCLE = 64;

    private final Context ctx;
    private final TcpFrameHandler handler;
    private final TcpTransportCounters counters;
    private final ErrorHandler errorHandler;
    private final NanoClock nanoClock;
    private final ServerSocketChannel serverChannel;
    private final InetSocketAddress localAddress;
    private final Long2ObjectHashMap<TcpConnection> connectionById = new Long2ObjectHashMap<>();
    private final Consumer<SelectionKey> onSelectedKey = this::onSelectedKey;
    private TcpConnection[] flushQueue = new TcpConnection[64];
    private int flushQueueSize;
    private TcpConnection[] closingConnections = new TcpConnection[8];
    private int closingCount;
    private long nextConnectionId = 1;
    private boolean acceptReady;
    private int selectedWorkCount;
    private boolean isClosed;

    /**
     * Binds the listening socket at once, so {@link #localAddress()} is known on return.
     *
     * @param ctx configuration; concluded here.
     * @throws UncheckedIOException when the address cannot be bound.
     */
    public TcpTransportPoller(final Context ctx)
    {
        this.ctx = ctx.conclude();
        handler = ctx.frameHandler();
        counters = ctx.counters();
        errorHandler = ctx.errorHandler();
        nanoClock = ctx.nanoClock();

        ServerSocketChannel channel = null;
        try
        {
            channel = ServerSocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(ctx.host(), ctx.port()), ctx.acceptBacklog());
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_ACCEPT, null);
            localAddress = (InetSocketAddress)channel.getLocalAddress();
            serverChannel = channel;
        }
        catch (final IOException ex)
        {
            CloseHelper.quietClose(channel);
            super.close();
            throw new UncheckedIOException("cannot listen on " + ctx.host() + ":" + ctx.port(), ex);
        }
    }

    /**
     * @return the address actually bound, with the real port when 0 was asked for.
     */
    public InetSocketAddress localAddress()
    {
        return localAddress;
    }

    /**
     * @return the port actually bound.
     */
    public int port()
    {
        return localAddress.getPort();
    }

    /**
     * @return the counters this poller updates.
     */
    public TcpTransportCounters counters()
    {
        return counters;
    }

    /**
     * @return the concluded configuration.
     */
    public Context context()
    {
        return ctx;
    }

    /**
     * @return connections open or draining.
     */
    public int connectionCount()
    {
        return connectionById.size();
    }

    /**
     * @param connectionId of a connection.
     * @return true while the connection is open for sending.
     */
    public boolean isConnected(final long connectionId)
    {
        final TcpConnection connection = connectionById.get(connectionId);
        return null != connection && connection.isOpen();
    }

    /**
     * @param connectionId of a connection.
     * @return bytes queued for the connection and not yet taken by its socket, or -1 when unknown.
     */
    public int backlog(final long connectionId)
    {
        final TcpConnection connection = connectionById.get(connectionId);
        return null == connection ? -1 : connection.backlog();
    }

    /**
     * One duty cycle: accept, read and dispatch, then write what was queued. Never blocks.
     *
     * @return work done, 0 when idle.
     */
    public int doWork()
    {
        if (isClosed)
        {
            return 0;
        }

        selectedWorkCount = 0;
        try
        {
            selector.selectNow(onSelectedKey);
        }
        catch (final IOException ex)
        {
            errorHandler.onError(ex);
        }

        int workCount = selectedWorkCount;
        if (acceptReady)
        {
            acceptReady = false;
            workCount += acceptConnections();
        }
        workCount += flushQueued();
        if (closingCount > 0)
        {
            workCount += expireClosing(nanoClock.nanoTime());
        }
        return workCount;
    }

    /**
     * Queue one frame (prefix plus a copy of the message) for a connection; it is written on this or
     * the next duty cycle.
     *
     * @return the connection's send position after the frame, or a negative {@link TcpSendResult} code.
     */
    public long send(final long connectionId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (isClosed)
        {
            return TcpSendResult.CLOSED;
        }
        final TcpConnection connection = connectionById.get(connectionId);
        if (null == connection)
        {
            return TcpSendResult.NOT_CONNECTED;
        }
        final long result = connection.offer(buffer, offset, length);
        if (result > 0)
        {
            enqueueFlush(connection);
        }
        return result;
    }

    /**
     * Reserve room for a frame in a connection's send buffer so the caller can encode straight into it;
     * the frame is queued by {@link TcpBufferClaim#commit()}.
     *
     * @return the send position the frame will end at once committed, or a negative
     * {@link TcpSendResult} code (the claim is then untouched).
     */
    public long tryClaim(final long connectionId, final int length, final TcpBufferClaim claim)
    {
        if (isClosed)
        {
            return TcpSendResult.CLOSED;
        }
        final TcpConnection connection = connectionById.get(connectionId);
        if (null == connection)
        {
            return TcpSendResult.NOT_CONNECTED;
        }
        final long result = connection.tryClaim(length, claim);
        if (result > 0)
        {
            // Queued now so a commit needs no access to the poller; flushing an empty backlog is free.
            enqueueFlush(connection);
        }
        return result;
    }

    /**
     * Drop a connection now, discarding anything not yet written.
     *
     * @return true when the connection existed.
     */
    public boolean close(final long connectionId)
    {
        final TcpConnection connection = connectionById.get(connectionId);
        if (null == connection)
        {
            return false;
        }
        closeConnection(connection, TcpDisconnectReason.CLOSED_BY_APPLICATION);
        return true;
    }

    /**
     * Stop reading from a connection and refuse new frames for it, write its backlog (e.g. a final
     * reject frame), then close it; give up after the configured close-flush timeout.
     *
     * @return true when the connection existed and was open.
     */
    public boolean closeAfterFlush(final long connectionId)
    {
        final TcpConnection connection = connectionById.get(connectionId);
        if (null == connection || !connection.isOpen())
        {
            return false;
        }
        connection.startClosing(nanoClock.nanoTime() + ctx.closeFlushTimeoutNs());
        if (closingCount == closingConnections.length)
        {
            closingConnections = Arrays.copyOf(closingConnections, closingCount * 2);
        }
        closingConnections[closingCount++] = connection;
        enqueueFlush(connection);
        return true;
    }

    /**
     * Close every connection (handler told {@link TcpDisconnectReason#TRANSPORT_CLOSED}), the listening
     * socket and the selector. Idempotent.
     */
    public void close()
    {
        if (isClosed)
        {
            return;
        }
        isClosed = true;
        final TcpConnection[] all = connectionById.values().toArray(new TcpConnection[0]);
        for (final TcpConnection connection : all)
        {
            closeConnection(connection, TcpDisconnectReason.TRANSPORT_CLOSED);
        }
        CloseHelper.quietClose(serverChannel);
        super.close();
    }

    private void onSelectedKey(final SelectionKey key)
    {
        final Object attachment = key.attachment();
        if (null == attachment)
        {
            acceptReady = true;
            return;
        }

        // A handler may have closed this connection earlier in the same pass; its key is then cancelled
        // and readyOps() would throw, so check our own state first.
        final TcpConnection connection = (TcpConnection)attachment;
        if (connection.state() == TcpConnection.State.CLOSED)
        {
            return;
        }
        final int readyOps = key.readyOps();
        if ((readyOps & SelectionKey.OP_READ) != 0 && connection.isOpen())
        {
            selectedWorkCount++;
            receive(connection);
        }
        if ((readyOps & SelectionKey.OP_WRITE) != 0 && connection.state() != TcpConnection.State.CLOSED)
        {
            selectedWorkCount++;
            flush(connection);
        }
    }

    private void receive(final TcpConnection connection)
    {
        TcpDisconnectReason reason;
        try
        {
            reason = connection.receive(handler);
        }
        catch (final RuntimeException ex)
        {
            errorHandler.onError(ex);
            reason = TcpDisconnectReason.HANDLER_ERROR;
        }

        if (null != reason)
        {
            if (reason == TcpDisconnectReason.INVALID_FRAME_LENGTH)
            {
                TcpTransportCounters.increment(counters.protocolErrors);
            }
            closeConnection(connection, reason);
        }
    }

    private void flush(final TcpConnection connection)
    {
        final TcpDisconnectReason reason = connection.flush();
        if (null != reason)
        {
            closeConnection(connection, reason);
        }
    }

    private int acceptConnections()
    {
        int accepted = 0;
        while (accepted < ACCEPTS_PER_DUTY_CYCLE)
        {
            final SocketChannel channel;
            try
            {
                channel = serverChannel.accept();
            }
            catch (final IOException ex)
            {
                // e.g. out of file descriptors: report it and keep serving those already connected.
                errorHandler.onError(ex);
                break;
            }
            if (null == channel)
            {
                break;
            }
            accepted++;
            if (connectionById.size() >= ctx.maxConnections())
            {
                TcpTransportCounters.increment(counters.connectionsRejected);
                CloseHelper.quietClose(channel);
                continue;
            }
            openConnection(channel);
        }
        if (accepted == ACCEPTS_PER_DUTY_CYCLE)
        {
            acceptReady = true;
        }
        return accepted;
    }

    private void openConnection(final SocketChannel channel)
    {
        final TcpConnection connection;
        try
        {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, ctx.tcpNoDelay());
            if (ctx.socketSendBufferSize() > 0)
            {
                channel.setOption(StandardSocketOptions.SO_SNDBUF, ctx.socketSendBufferSize());
            }
            if (ctx.socketReceiveBufferSize() > 0)
            {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, ctx.socketReceiveBufferSize());
            }
            connection = new TcpConnection(
                nextConnectionId++,
                channel,
                (InetSocketAddress)channel.getRemoteAddress(),
                ctx.maxMessageLength(),
                ctx.receiveBufferLength(),
                ctx.sendBufferLength(),
                counters);
            connection.selectionKey(channel.register(selector, SelectionKey.OP_READ, connection));
        }
        catch (final IOException ex)
        {
            // The peer went away between accept and set-up; nothing was announced, so nothing to undo.
            CloseHelper.quietClose(channel);
            return;
        }

        connectionById.put(connection.id(), connection);
        TcpTransportCounters.increment(counters.connectionsAccepted);
        try
        {
            handler.onConnected(connection.id(), connection.remoteAddress());
        }
        catch (final RuntimeException ex)
        {
            errorHandler.onError(ex);
            closeConnection(connection, TcpDisconnectReason.HANDLER_ERROR);
        }
    }

    private void closeConnection(final TcpConnection connection, final TcpDisconnectReason reason)
    {
        if (connection.state() == TcpConnection.State.CLOSED)
        {
            return;
        }
        connection.close();
        connectionById.remove(connection.id());
        TcpTransportCounters.increment(counters.connectionsClosed);
        try
        {
            handler.onDisconnected(connection.id(), reason);
        }
        catch (final RuntimeException ex)
        {
            errorHandler.onError(ex);
        }
    }

    private void enqueueFlush(final TcpConnection connection)
    {
        if (!connection.inFlushQueue)
        {
            connection.inFlushQueue = true;
            if (flushQueueSize == flushQueue.length)
            {
                flushQueue = Arrays.copyOf(flushQueue, flushQueueSize * 2);
            }
            flushQueue[flushQueueSize++] = connection;
        }
    }

    private int flushQueued()
    {
        final int size = flushQueueSize;
        final TcpConnection[] queue = flushQueue;
        for (int i = 0; i < size; i++)
        {
            final TcpConnection connection = queue[i];
            queue[i] = null;
            connection.inFlushQueue = false;
            if (connection.state() != TcpConnection.State.CLOSED)
            {
                flush(connection);
            }
        }
        flushQueueSize = 0;
        return size;
    }

    private int expireClosing(final long nowNs)
    {
        int workCount = 0;
        for (int i = closingCount - 1; i >= 0; i--)
        {
            final TcpConnection connection = closingConnections[i];
            final boolean expired = nowNs - connection.closeDeadlineNs() >= 0;
            if (expired)
            {
                closeConnection(connection, TcpDisconnectReason.CLOSE_FLUSH_TIMEOUT);
            }
            if (connection.state() == TcpConnection.State.CLOSED)
            {
                closingConnections[i] = closingConnections[--closingCount];
                closingConnections[closingCount] = null;
                workCount++;
            }
        }
        return workCount;
    }

    /**
     * Settings for a {@link TcpTransportPoller}; defaults from {@link TcpTransportConfiguration}.
     */
    public static final class Context
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
        private boolean tcpNoDelay = true;
        private TcpFrameHandler frameHandler;
        private ErrorHandler errorHandler;
        private TcpTransportCounters counters;
        private NanoClock nanoClock;
        private boolean isConcluded;

        /**
         * Validate and fill in defaults; called by the poller.
         *
         * @return this.
         */
        public Context conclude()
        {
            if (isConcluded)
            {
                return this;
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
            return this;
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

        public Context host(final String host)
        {
            this.host = host;
            return this;
        }

        public String host()
        {
            return host;
        }

        /**
         * @param port to listen on; 0 picks an ephemeral port, see {@link TcpTransportPoller#port()}.
         * @return this.
         */
        public Context port(final int port)
        {
            this.port = port;
            return this;
        }

        public int port()
        {
            return port;
        }

        /**
         * @param maxMessageLength largest message a frame may carry in either direction.
         * @return this.
         */
        public Context maxMessageLength(final int maxMessageLength)
        {
            this.maxMessageLength = maxMessageLength;
            return this;
        }

        public int maxMessageLength()
        {
            return maxMessageLength;
        }

        /**
         * @param receiveBufferLength per-connection reassembly buffer; at least one largest frame.
         * @return this.
         */
        public Context receiveBufferLength(final int receiveBufferLength)
        {
            this.receiveBufferLength = receiveBufferLength;
            return this;
        }

        public int receiveBufferLength()
        {
            return receiveBufferLength;
        }

        /**
         * @param sendBufferLength per-connection backlog before sends report back pressure.
         * @return this.
         */
        public Context sendBufferLength(final int sendBufferLength)
        {
            this.sendBufferLength = sendBufferLength;
            return this;
        }

        public int sendBufferLength()
        {
            return sendBufferLength;
        }

        public Context socketSendBufferSize(final int socketSendBufferSize)
        {
            this.socketSendBufferSize = socketSendBufferSize;
            return this;
        }

        public int socketSendBufferSize()
        {
            return socketSendBufferSize;
        }

        public Context socketReceiveBufferSize(final int socketReceiveBufferSize)
        {
            this.socketReceiveBufferSize = socketReceiveBufferSize;
            return this;
        }

        public int socketReceiveBufferSize()
        {
            return socketReceiveBufferSize;
        }

        /**
         * @param maxConnections beyond which new connections are accepted and closed at once.
         * @return this.
         */
        public Context maxConnections(final int maxConnections)
        {
            this.maxConnections = maxConnections;
            return this;
        }

        public int maxConnections()
        {
            return maxConnections;
        }

        public Context acceptBacklog(final int acceptBacklog)
        {
            this.acceptBacklog = acceptBacklog;
            return this;
        }

        public int acceptBacklog()
        {
            return acceptBacklog;
        }

        public Context closeFlushTimeoutNs(final long closeFlushTimeoutNs)
        {
            this.closeFlushTimeoutNs = closeFlushTimeoutNs;
            return this;
        }

        public long closeFlushTimeoutNs()
        {
            return closeFlushTimeoutNs;
        }

        public Context tcpNoDelay(final boolean tcpNoDelay)
        {
            this.tcpNoDelay = tcpNoDelay;
            return this;
        }

        public boolean tcpNoDelay()
        {
            return tcpNoDelay;
        }

        public Context frameHandler(final TcpFrameHandler frameHandler)
        {
            this.frameHandler = frameHandler;
            return this;
        }

        public TcpFrameHandler frameHandler()
        {
            return frameHandler;
        }

        public Context errorHandler(final ErrorHandler errorHandler)
        {
            this.errorHandler = errorHandler;
            return this;
        }

        public ErrorHandler errorHandler()
        {
            return errorHandler;
        }

        public Context counters(final TcpTransportCounters counters)
        {
            this.counters = counters;
            return this;
        }

        public TcpTransportCounters counters()
        {
            return counters;
        }

        public Context nanoClock(final NanoClock nanoClock)
        {
            this.nanoClock = nanoClock;
            return this;
        }

        public NanoClock nanoClock()
        {
            return nanoClock;
        }
    }
}
