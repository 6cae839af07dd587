package io.boomscooter.driver.tcp;

import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.NanoClock;
import org.agrona.nio.TransportPoller;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * A non-blocking TCP transport driven by {@link #doWork()} from one agent thread: accepts connections
 * and dials out ({@link #connect}), cuts incoming bytes into frames with each connection's
 * {@link TcpFramer} for a {@link TcpFrameHandler} and writes queued frames out, all on one
 * {@link java.nio.channels.Selector} polled with {@code selectNow}.
 * <p>
 * Zero-GC in steady state: selected keys are delivered to a pre-built action
 * ({@link java.nio.channels.Selector#selectNow(Consumer)}), so no selected-key set or iterator is
 * filled; every connection reads and writes through its own direct buffers, taken from a bounded pool
 * when it opens and given back when it closes, so memory follows the connections open now. Bytes a thread
 * allocation counter still shows on this thread after warm-up, at the selector or a socket read or write, are
 * HotSpot's: the thread that requests a C2 compile interns that class's string literals first, once per class
 * ({@code TcpLinePipelineAllocationTest} and its {@code AllocationWindows} have the evidence).
 * <p>
 * Single threaded: {@link #doWork()}, the send methods, {@link #connect} and {@link #close(long)} must
 * all be called from the same thread, as the handler callbacks are.
 * <p>
 * Longer than 400 lines (about 700, half of it Javadoc) for a reason: accepting, reading, writing,
 * draining and closing all work on the same connection map, flush queue and release queue, from one
 * selector pass; split further, each piece would reach into the others' state. Dials in progress are in
 * {@link TcpDials}, settings in {@link TcpTransportSettings}.
 * Why one class of this length: the accept, dial, read, write and close paths all work on one selector and
 * one connection table, and splitting them would put that state behind accessors on the hottest path;
 * settings ({@code TcpTransportSettings}) and dials in progress ({@code TcpDials}) are already apart.
 */
public final class TcpTransportPoller extends TransportPoller
{
    private static final int ACCEPTS_PER_DUTY_CYCLE = 64;

    static
    {
        // Loaded here, not on a duty cycle: the first use of the reasons otherwise loads the class (a few KiB of
        // allocation) in the middle of traffic, long after warm-up.
        TcpDisconnectReason.values();
    }

    private final Context ctx;
    private final TcpFrameHandler handler;
    private final TcpTransportCounters counters;
    private final ErrorHandler errorHandler;
    private final NanoClock nanoClock;
    private final ServerSocketChannel serverChannel;
    private final InetSocketAddress localAddress;
    private final TcpFramer framer;
    private final TcpBufferPool bufferPool;
    private final TcpFramer.Decoded decoded = new TcpFramer.Decoded();
    private final Long2ObjectHashMap<TcpConnection> connectionById = new Long2ObjectHashMap<>();
    private final Consumer<SelectionKey> onSelectedKey = this::onSelectedKey;
    private TcpConnection[] flushQueue = new TcpConnection[64];
    private int flushQueueSize;
    private TcpConnection[] closingConnections = new TcpConnection[8];
    private int closingCount;
    private final TcpDials dials = new TcpDials(this);
    private TcpConnection[] released = new TcpConnection[64];
    private int releasedCount;
    private long nextConnectionId = 1;
    private boolean acceptReady;
    private int selectedWorkCount;
    private boolean isClosed;

    /**
     * Binds the listening socket at once, so {@link #localAddress()} is known on return; with
     * {@link Context#listen(boolean) listen(false)} there is no listening socket and the poller only dials.
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
        framer = ctx.framer();
        bufferPool = new TcpBufferPool(ctx.bufferPoolBytes());

        if (!ctx.listen())
        {
            serverChannel = null;
            localAddress = null;
            return;
        }
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
     * @return the address actually bound, with the real port when 0 was asked for; null when not listening.
     */
    public InetSocketAddress localAddress()
    {
        return localAddress;
    }

    /**
     * @return the port actually bound; 0 when not listening.
     */
    public int port()
    {
        return null == localAddress ? 0 : localAddress.getPort();
    }

    /**
     * @return bytes of direct memory held for connection buffers: those of open connections plus the
     * idle ones kept for reuse (bounded by {@link Context#bufferPoolBytes(long)}).
     */
    public long bufferBytesAllocated()
    {
        return bufferPool.allocatedBytes();
    }

    /**
     * @return bytes of idle connection buffers kept for the next connections.
     */
    public long bufferBytesPooled()
    {
        return bufferPool.pooledBytes();
    }

    /**
     * Dial a peer with the endpoint's framer and the configured connect timeout.
     *
     * @see #connect(InetSocketAddress, TcpFramer, long)
     */
    public long connect(final InetSocketAddress address)
    {
        return connect(address, framer, ctx.connectTimeoutNs());
    }

    /**
     * Dial a peer with a framer of its own and the configured connect timeout.
     *
     * @see #connect(InetSocketAddress, TcpFramer, long)
     */
    public long connect(final InetSocketAddress address, final TcpFramer framer)
    {
        return connect(address, framer, ctx.connectTimeoutNs());
    }

    /**
     * Start a non-blocking connect and return at once. The connect completes in a later duty cycle:
     * then {@link TcpFrameHandler#onConnected} is called and frames flow as on an accepted connection,
     * with the same callbacks. If it fails, {@link TcpFrameHandler#onDisconnected} is called (never
     * from inside this method) with {@link TcpDisconnectReason#CONNECT_REFUSED},
     * {@link TcpDisconnectReason#CONNECT_TIMEOUT}, {@link TcpDisconnectReason#UNRESOLVED_ADDRESS} or
     * {@link TcpDisconnectReason#CONNECT_FAILED}, and no {@code onConnected}. Frames sent or claimed
     * before the connect completes are queued and written once it does.
     * <p>
     * No DNS lookup happens here or in the duty cycle: pass an address resolved beforehand (e.g.
     * {@code new InetSocketAddress(host, port)} on a thread that may block); an unresolved address fails
     * with {@link TcpDisconnectReason#UNRESOLVED_ADDRESS}. Dialled connections do not count against
     * {@link Context#maxConnections(int)}, which limits what peers may open on us.
     *
     * @param address          of the peer, already resolved.
     * @param framer           framing for this connection.
     * @param connectTimeoutNs after which an unfinished connect fails, > 0.
     * @return the connection id (> 0), or {@link TcpSendResult#CLOSED} when the poller is closed.
     */
    public long connect(final InetSocketAddress address, final TcpFramer framer, final long connectTimeoutNs)
    {
        if (isClosed)
        {
            return TcpSendResult.CLOSED;
        }
        if (null == framer || connectTimeoutNs <= 0)
        {
            throw new IllegalArgumentException("a framer and a positive connect timeout are required");
        }
        SocketChannel channel = null;
        TcpDisconnectReason failure = null;
        boolean connected = false;
        if (address.isUnresolved())
        {
            failure = TcpDisconnectReason.UNRESOLVED_ADDRESS;
        }
        else
        {
            try
            {
                channel = SocketChannel.open();
                configureSocket(channel);
                connected = channel.connect(address);
            }
            catch (final ConnectException ex)
            {
                failure = TcpDisconnectReason.CONNECT_REFUSED;
            }
            catch (final IOException | RuntimeException ex)
            {
                failure = TcpDisconnectReason.CONNECT_FAILED;
            }
            if (null != failure)
            {
                CloseHelper.quietClose(channel);
                channel = null;
            }
        }

        final TcpConnection connection = newConnection(channel, address, framer, false);
        connection.connectDeadlineNs = nanoClock.nanoTime() + connectTimeoutNs;
        connection.connectFailure = failure;
        if (null != channel)
        {
            try
            {
                // Registered with no interest when already connected: the duty cycle finishes it.
                connection.selectionKey(channel.register(
                    selector, connected ? 0 : SelectionKey.OP_CONNECT, connection));
            }
            catch (final IOException ex)
            {
                connection.connectFailure = TcpDisconnectReason.CONNECT_FAILED;
            }
        }
        connectionById.put(connection.id(), connection);
        dials.add(connection);
        return connection.id();
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
        if (dials.count() > 0)
        {
            workCount += dials.progress(nanoClock.nanoTime());
        }
        workCount += flushQueued();
        if (closingCount > 0)
        {
            workCount += expireClosing(nanoClock.nanoTime());
        }
        if (releasedCount > 0)
        {
            releaseBuffers();
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
        releaseBuffers();
        bufferPool.clear();
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
        if (connection.isConnecting())
        {
            if ((readyOps & SelectionKey.OP_CONNECT) != 0)
            {
                selectedWorkCount++;
                dials.finishConnect(connection);
            }
            return;
        }
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
            if (reason.isProtocolError())
            {
                TcpTransportCounters.increment(counters.protocolErrors);
                closeConnection(connection, reason, connection.malformedDetail());
            }
            else
            {
                closeConnection(connection, reason);
            }
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

    private void configureSocket(final SocketChannel channel) throws IOException
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
    }

    private TcpConnection newConnection(
        final SocketChannel channel, final InetSocketAddress remoteAddress, final TcpFramer framer, final boolean open)
    {
        final TcpFrameAssembler assembler = new TcpFrameAssembler(framer, decoded,
            bufferPool.acquire(TcpFrameAssembler.capacityFor(framer, ctx.receiveBufferLength())));
        final TcpSendBuffer sendBuffer = new TcpSendBuffer(framer,
            bufferPool.acquire(TcpSendBuffer.capacityFor(framer, ctx.sendBufferLength())));
        return new TcpConnection(
            nextConnectionId++, channel, remoteAddress, framer, assembler, sendBuffer, counters, open);
    }

    private void openConnection(final SocketChannel channel)
    {
        final InetSocketAddress remoteAddress;
        try
        {
            configureSocket(channel);
            remoteAddress = (InetSocketAddress)channel.getRemoteAddress();
        }
        catch (final IOException ex)
        {
            // The peer went away between accept and set-up; nothing was announced, so nothing to undo.
            CloseHelper.quietClose(channel);
            return;
        }
        final TcpConnection connection = newConnection(channel, remoteAddress, framer, true);
        try
        {
            connection.selectionKey(channel.register(selector, SelectionKey.OP_READ, connection));
        }
        catch (final IOException ex)
        {
            connection.close();
            queueRelease(connection);
            return;
        }

        connectionById.put(connection.id(), connection);
        TcpTransportCounters.increment(counters.connectionsAccepted);
        announceConnected(connection);
    }

    private void announceConnected(final TcpConnection connection)
    {
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

    /**
     * A dial completed: from here on it is like an accepted connection.
     */
    void onDialConnected(final TcpConnection connection)
    {
        connection.onConnectFinished();
        TcpTransportCounters.increment(counters.connectionsDialled);
        enqueueFlush(connection);
        announceConnected(connection);
    }

    /**
     * A dial failed: reported with its reason, counted as a connect failure, not as a closed connection.
     */
    void onDialFailed(final TcpConnection connection, final TcpDisconnectReason reason)
    {
        TcpTransportCounters.increment(counters.connectFailures);
        closeConnection(connection, reason);
    }

    private void closeConnection(final TcpConnection connection, final TcpDisconnectReason reason)
    {
        closeConnection(connection, reason, null);
    }

    private void closeConnection(final TcpConnection connection, final TcpDisconnectReason reason, final String detail)
    {
        if (connection.state() == TcpConnection.State.CLOSED)
        {
            return;
        }
        connection.close();
        connectionById.remove(connection.id());
        if (!reason.isConnectFailure())
        {
            TcpTransportCounters.increment(counters.connectionsClosed);
        }
        queueRelease(connection);
        try
        {
            handler.onDisconnected(connection.id(), reason, detail);
        }
        catch (final RuntimeException ex)
        {
            errorHandler.onError(ex);
        }
    }

    /**
     * Buffers go back to the pool at the end of the duty cycle, not at close: a handler that closes a
     * connection from {@code onFrame} may still be reading that frame.
     */
    private void queueRelease(final TcpConnection connection)
    {
        if (releasedCount == released.length)
        {
            released = Arrays.copyOf(released, releasedCount * 2);
        }
        released[releasedCount++] = connection;
    }

    private void releaseBuffers()
    {
        for (int i = 0; i < releasedCount; i++)
        {
            final TcpConnection connection = released[i];
            released[i] = null;
            bufferPool.release(connection.assembler().byteBuffer());
            bufferPool.release(connection.sendBuffer().byteBuffer());
        }
        releasedCount = 0;
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
     * Settings for a {@link TcpTransportPoller}; every setting, default and check is in
     * {@link TcpTransportSettings}, so this class only fixes the type setters return.
     */
    public static final class Context extends TcpTransportSettings<Context>
    {
        /**
         * Every {@code boomscooter.tcp.*} key from a node config file, each overridden by a system property
         * of the same name when one is set (the project rule: a system property wins), else the default.
         *
         * @param file a node file's settings; may be empty.
         * @return a new context; handler, error handler and counters still to be set.
         */
        public static Context from(final Properties file)
        {
            final Context ctx = new Context();
            ctx.load(file);
            return ctx;
        }
    }
}
