package io.boomscooter.engine.exchange;

import io.boomscooter.driver.tcp.TcpDisconnectReason;
import io.boomscooter.driver.tcp.TcpFrameHandler;
import io.boomscooter.driver.tcp.TcpTransportPoller;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

import java.net.InetSocketAddress;
import java.nio.ByteOrder;

/**
 * gofast-compatible exchanges between symmetric peers, as one agent: a TCP poller with the gofast framer, a
 * whoami handshake on every connection, POST, REQUEST/RESPONSE (many in flight per connection) and STREAMs opened
 * from either end, compression as the peer asked, batching, heartbeats and liveness. Every call must be made on
 * the thread running {@link #doWork()} (from a listener callback or an agent on the same runner); none blocks and,
 * after warm-up, none allocates. Why one class of this length: receive dispatch and the send paths share the
 * per-peer state and the scratch buffers, and the rules that tie them (whose opaque marks a response) read best
 * side by side; the wire codec, framing, peer state and settings live in their own classes.
 */
public final class ExchangeEndpoint implements Agent
{
    private static final long TIMER_NS = 1_000_000;

    private final ExchangeSettings settings;
    private final ExchangeListener listener;
    private final ErrorHandler errorHandler;
    private final TcpTransportPoller poller;
    private final GofastFrameWriter writer;
    private final GofastPacketReader reader;
    private final Long2ObjectHashMap<ExchangePeer> peers = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<ExchangeMessage> types = new Long2ObjectHashMap<>();
    private final org.agrona.collections.LongHashSet dialled = new org.agrona.collections.LongHashSet();
    private final ExchangeCounters counters = new ExchangeCounters();
    private final UnsafeBuffer frame;
    private final UnsafeBuffer data;
    private final UnsafeBuffer small = new UnsafeBuffer(new byte[512]);
    private final byte[] nameBytes;
    private final byte[] tagBytes;
    private final ExchangeCompression gzip;
    private final ExchangeCompression lzw;
    private final int maxFrame;
    private long nowNs;
    private long nextTimerNs;

    /**
     * Binds the listening port (blocking work, done before the agent runs).
     *
     * @param host          to listen on, or null for an endpoint that only dials.
     * @param port          to listen on; 0 for an ephemeral port.
     * @param errorHandler  for faults of the endpoint itself (not of its input, which is counted and refused).
     */
    public ExchangeEndpoint(final ExchangeSettings settings, final ExchangeListener listener, final String host,
        final int port, final ErrorHandler errorHandler)
    {
        this.settings = settings;
        this.listener = listener;
        this.errorHandler = errorHandler;
        this.maxFrame = settings.bufferSize + GofastFramer.OVERHEAD;
        this.frame = new UnsafeBuffer(new byte[Math.max(maxFrame, 64 * 1024) + GofastFramer.OVERHEAD]);
        this.data = new UnsafeBuffer(new byte[Math.max(maxFrame, 64 * 1024)]);
        this.gzip = new ExchangeGzip(frame.capacity(), settings.gzipLevel);
        this.lzw = new ExchangeLzw(frame.capacity());
        this.writer = new GofastFrameWriter(settings.numbering, frame.capacity());
        this.reader = new GofastPacketReader(settings.numbering, accepted(settings.tags), settings.bufferSize);
        this.nameBytes = GofastWhoami.utf8(settings.name);
        this.tagBytes = GofastWhoami.utf8(settings.tags);
        final GofastFramer framer = new GofastFramer(settings.bufferSize);
        final TcpTransportPoller.Context ctx = new TcpTransportPoller.Context()
            .framer(framer).maxMessageLength(framer.maxMessageLength())
            .receiveBufferLength(Math.max(64 * 1024, 4 * framer.maxFrameLength()))
            .sendBufferLength(settings.sendBufferLength)
            .frameHandler(new Handler()).errorHandler(errorHandler);
        if (null == host)
        {
            ctx.listen(false);
        }
        else
        {
            ctx.host(host).port(port);
        }
        this.poller = new TcpTransportPoller(ctx);
    }

    private ExchangeCompression[] accepted(final String tags)
    {
        int n = 0;
        final ExchangeCompression[] out = new ExchangeCompression[2];
        for (final String tag : tags.split(","))
        {
            if ("gzip".equals(tag))
            {
                out[n++] = gzip;
            }
            else if ("lzw".equals(tag))
            {
                out[n++] = lzw;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    public String roleName()
    {
        return "exchange";
    }

    /** @return the listening port (the chosen one when 0 was asked for). */
    public int port()
    {
        return poller.port();
    }

    public ExchangeCounters counters()
    {
        return counters;
    }

    /**
     * Dials a peer; the handshake starts when the connect completes and {@link ExchangeListener#onPeerReady}
     * follows the peer's whoami answer.
     *
     * @param address already resolved (no DNS lookup happens here).
     * @return the peer id, or a negative transport code.
     */
    public long connect(final InetSocketAddress address)
    {
        final long id = poller.connect(address);
        if (id > 0)
        {
            dialled.add(id);
        }
        return id;
    }

    /** Registers a message type; once any is registered, messages with other ids are dropped and counted. */
    public void register(final ExchangeMessage type)
    {
        if (type.id() == 0 || GofastWire.isReservedMessage(type.id()))
        {
            throw new IllegalArgumentException("message id " + type.id() + " is reserved by gofast");
        }
        types.put(type.id(), type);
    }

    /**
     * @return the registered flyweight for this id filled from the data, or null when the id is not registered
     * or the data does not decode.
     */
    public ExchangeMessage decode(final long messageId, final DirectBuffer buffer, final int offset, final int length)
    {
        final ExchangeMessage type = types.get(messageId);
        return null != type && type.decode(buffer, offset, length) ? type : null;
    }

    public boolean isReady(final long peer)
    {
        final ExchangePeer p = peers.get(peer);
        return null != p && p.ready;
    }

    /** @return exchanges of ours in flight to this peer (requests awaiting a response, open streams). */
    public int inFlight(final long peer)
    {
        final ExchangePeer p = peers.get(peer);
        return null == p ? 0 : p.inFlight();
    }

    /** @return bytes queued for the peer and not yet written to its socket. */
    public int backlog(final long peer)
    {
        return poller.backlog(peer);
    }

    public long post(final long peer, final long messageId, final DirectBuffer buffer, final int offset,
        final int length)
    {
        final long result = post(peer, messageId, buffer, offset, length, true);
        if (result >= 0)
        {
            counters.postsOut++;
        }
        return result;
    }

    /** A post travels under an opaque of ours too (as gofast's), released as soon as it is written. */
    private long post(final long peer, final long messageId, final DirectBuffer buffer, final int offset,
        final int length, final boolean userMessage)
    {
        final ExchangePeer p = peers.get(peer);
        if (null == p)
        {
            return io.boomscooter.driver.tcp.TcpSendResult.NOT_CONNECTED;
        }
        final long opaque = p.acquireOpaque(ExchangePeer.KIND_REQUEST);
        if (opaque < 0)
        {
            return ExchangeResult.NO_OPAQUE;
        }
        final long result = sendMessage(peer, GofastWire.POST, opaque, messageId, buffer, offset, length, userMessage);
        p.releaseOpaque(opaque);
        return result;
    }

    /** @return the request's opaque (its response arrives under it), or a negative {@link ExchangeResult}. */
    public long request(final long peer, final long messageId, final DirectBuffer buffer, final int offset,
        final int length)
    {
        return open(peer, GofastWire.REQUEST, ExchangePeer.KIND_REQUEST, messageId, buffer, offset, length);
    }

    /** Answers the peer's request made under this opaque. */
    public long respond(final long peer, final long opaque, final long messageId, final DirectBuffer buffer,
        final int offset, final int length)
    {
        final long result = sendMessage(peer, GofastWire.REQUEST, opaque, messageId, buffer, offset, length, true);
        if (result >= 0)
        {
            counters.responsesOut++;
        }
        return result;
    }

    /** @return the new stream's opaque, or a negative {@link ExchangeResult}. */
    public long openStream(final long peer, final long messageId, final DirectBuffer buffer, final int offset,
        final int length)
    {
        return open(peer, GofastWire.START, ExchangePeer.KIND_STREAM, messageId, buffer, offset, length);
    }

    /** Sends on an open stream, one we opened or one the peer opened. */
    public long streamSend(final long peer, final long opaque, final long messageId, final DirectBuffer buffer,
        final int offset, final int length)
    {
        final ExchangePeer p = peers.get(peer);
        if (null == p || !(p.local.get(opaque) == ExchangePeer.KIND_STREAM || p.remoteStreams.contains(opaque)))
        {
            return ExchangeResult.UNKNOWN_EXCHANGE;
        }
        final long result = sendMessage(peer, GofastWire.STREAM, opaque, messageId, buffer, offset, length, true);
        if (result >= 0)
        {
            counters.streamMessagesOut++;
        }
        return result;
    }

    /**
     * Ends an open stream from this side (either end may finish a stream). As in gofast, both ends finish: a stream
     * we opened keeps its opaque until the peer's finish comes back; when the peer finishes first, the endpoint
     * answers with its own finish.
     */
    public long finish(final long peer, final long opaque)
    {
        final ExchangePeer p = peers.get(peer);
        if (null == p)
        {
            return ExchangeResult.UNKNOWN_EXCHANGE;
        }
        final boolean local = p.local.get(opaque) == ExchangePeer.KIND_STREAM;
        if (!local && !p.remoteStreams.contains(opaque))
        {
            return ExchangeResult.UNKNOWN_EXCHANGE;
        }
        final long result = sendFinish(p, opaque);
        if (result >= 0)
        {
            if (local)
            {
                p.local.put(opaque, ExchangePeer.KIND_FINISHING);
            }
            else
            {
                p.remoteStreams.remove(opaque);
            }
        }
        return result;
    }

    private long sendFinish(final ExchangePeer p, final long opaque)
    {
        final int length = writer.writeFinish(frame, 0, frame.capacity(), opaque);
        final long result = emit(p, frame, length);
        if (result >= 0)
        {
            counters.finishesOut++;
        }
        return result;
    }

    /** Sends gofast's ping (a request the peer echoes); the echo arrives as a response with id 0x1001. */
    public long ping(final long peer, final String echo)
    {
        final int length = small.putStringWithoutLengthAscii(2, echo);
        small.putShort(0, (short)length, ByteOrder.BIG_ENDIAN);
        return open(peer, GofastWire.REQUEST, ExchangePeer.KIND_PING, GofastWire.MSG_PING, small, 0, length + 2);
    }

    /** Posts a typed message. */
    public long post(final long peer, final ExchangeMessage message)
    {
        final int length = message.encode(data, 0, data.capacity());
        return length < 0 ? ExchangeResult.TOO_LONG : post(peer, message.id(), data, 0, length);
    }

    /** Requests with a typed message. */
    public long request(final long peer, final ExchangeMessage message)
    {
        final int length = message.encode(data, 0, data.capacity());
        return length < 0 ? ExchangeResult.TOO_LONG : request(peer, message.id(), data, 0, length);
    }

    /** Writes any batch held back for the peer now. */
    public void flush(final long peer)
    {
        final ExchangePeer p = peers.get(peer);
        if (null != p)
        {
            flushBatch(p);
        }
    }

    /** Closes the connection (pending exchanges are reported failed). */
    public void close(final long peer)
    {
        poller.close(peer);
    }

    public int doWork()
    {
        nowNs = System.nanoTime();
        int work = poller.doWork();
        if (nowNs - nextTimerNs >= 0)
        {
            nextTimerNs = nowNs + TIMER_NS;
            work += timers();
        }
        return work;
    }

    public void onClose()
    {
        poller.close();
        gzip.close();
        lzw.close();
    }

    private long open(final long peer, final int type, final long kind, final long messageId,
        final DirectBuffer buffer, final int offset, final int length)
    {
        final ExchangePeer p = peers.get(peer);
        if (null == p)
        {
            return io.boomscooter.driver.tcp.TcpSendResult.NOT_CONNECTED;
        }
        if (!p.ready && kind != ExchangePeer.KIND_WHOAMI)
        {
            return ExchangeResult.NOT_READY;
        }
        final long opaque = p.acquireOpaque(kind);
        if (opaque < 0)
        {
            return ExchangeResult.NO_OPAQUE;
        }
        final boolean internal = kind == ExchangePeer.KIND_WHOAMI || kind == ExchangePeer.KIND_PING;
        final long result = sendMessage(peer, type, opaque, messageId, buffer, offset, length, !internal);
        if (result < 0)
        {
            p.releaseOpaque(opaque);
            return result;
        }
        if (kind == ExchangePeer.KIND_STREAM)
        {
            counters.streamsOpened++;
        }
        else if (kind == ExchangePeer.KIND_REQUEST)
        {
            counters.requestsOut++;
        }
        return opaque;
    }

    private long sendMessage(final long peer, final int type, final long opaque, final long messageId,
        final DirectBuffer buffer, final int offset, final int length, final boolean userMessage)
    {
        final ExchangePeer p = peers.get(peer);
        if (null == p)
        {
            return io.boomscooter.driver.tcp.TcpSendResult.NOT_CONNECTED;
        }
        if (userMessage && (messageId == 0 || GofastWire.isReservedMessage(messageId)))
        {
            return ExchangeResult.RESERVED_ID;
        }
        final boolean handshake = messageId == GofastWire.MSG_WHOAMI;
        if (!p.ready && !handshake)
        {
            return ExchangeResult.NOT_READY;
        }
        // Whoami goes before the peer's buffer size is known, and is never compressed.
        final long limit = handshake ? maxFrame : Math.min(p.whoami.bufferSize, frame.capacity());
        final int frameLength = writer.write(frame, 0, (int)limit, type, opaque, messageId, buffer, offset, length,
            p.layers, handshake ? 0 : p.layerCount);
        if (frameLength < 0)
        {
            counters.tooLong++;
            return ExchangeResult.TOO_LONG;
        }
        return emit(p, frame, frameLength);
    }

    private long emit(final ExchangePeer p, final MutableDirectBuffer buffer, final int length)
    {
        if (null != p.batch)
        {
            if (p.batchLength + length > p.batch.capacity())
            {
                final long flushed = flushBatch(p);
                if (flushed < 0)
                {
                    return flushed;
                }
            }
            if (p.batchFrames == 0)
            {
                p.batchStartNs = nowNs;
            }
            p.batch.putBytes(p.batchLength, buffer, 0, length);
            p.batchLength += length;
            p.batchFrames++;
            counters.framesOut++;
            counters.bytesOut += length;
            return p.batchFrames >= settings.batchSize ? flushBatch(p) : p.batchLength;
        }
        final long result = poller.send(p.id, buffer, 0, length);
        if (result >= 0)
        {
            counters.framesOut++;
            counters.bytesOut += length;
        }
        return result;
    }

    private long flushBatch(final ExchangePeer p)
    {
        if (null == p.batch || p.batchLength == 0)
        {
            return 0;
        }
        final long result = poller.send(p.id, p.batch, 0, p.batchLength);
        if (result >= 0)
        {
            p.batchLength = 0;
            p.batchFrames = 0;
        }
        return result;
    }

    private int timers()
    {
        int work = 0;
        for (final ExchangePeer p : peers.values())
        {
            if (null != p.batch && p.batchFrames > 0 && nowNs - p.batchStartNs >= settings.flushPeriodNs)
            {
                flushBatch(p);
                work++;
            }
            if (settings.silenceTimeoutNs > 0 && nowNs - p.lastReceiveNs > settings.silenceTimeoutNs)
            {
                counters.peersClosedSilent++;
                errorHandler.onError(new IllegalStateException("exchange peer " + p.id + " sent nothing for " +
                    settings.silenceTimeoutNs / 1_000_000 + " ms: closed"));
                poller.close(p.id);
                work++;
                break; // the peers map changed
            }
            if (p.ready && settings.heartbeatPeriodNs > 0 && nowNs - p.nextHeartbeatNs >= 0)
            {
                p.nextHeartbeatNs = nowNs + settings.heartbeatPeriodNs;
                small.putLong(0, p.heartbeats, ByteOrder.BIG_ENDIAN);
                if (post(p.id, GofastWire.MSG_HEARTBEAT, small, 0, 8, false) >= 0)
                {
                    p.heartbeats++;
                    counters.heartbeatsOut++;
                }
                work++;
            }
        }
        return work;
    }

    private void onConnected(final long id, final boolean dialled)
    {
        final long start = dialled ? settings.dialOpaqueStart : settings.acceptOpaqueStart;
        final long end = dialled ? settings.dialOpaqueEnd : settings.acceptOpaqueEnd;
        final ExchangePeer p = new ExchangePeer(id, dialled, settings.numbering, start, end,
            settings.batchSize > 1 ? settings.batchSize * maxFrame : 0);
        p.lastReceiveNs = System.nanoTime();
        peers.put(id, p);
        final int length = GofastWhoami.encode(data, 0, nameBytes, settings.version, settings.bufferSize, tagBytes);
        open(id, GofastWire.REQUEST, ExchangePeer.KIND_WHOAMI, GofastWire.MSG_WHOAMI, data, 0, length);
        flushBatch(p);
    }

    private void onFrame(final long id, final DirectBuffer buffer, final int offset, final int length)
    {
        final ExchangePeer p = peers.get(id);
        if (null == p)
        {
            return;
        }
        counters.framesIn++;
        p.lastReceiveNs = nowNs;
        if (!reader.read(buffer, offset, length))
        {
            refuse(p, reader.error());
            return;
        }
        final long opaque = reader.opaque;
        switch (reader.type)
        {
            case GofastWire.FINISH:
                onFinish(p, opaque);
                break;
            case GofastWire.POST:
                onPost(p);
                break;
            case GofastWire.REQUEST:
                if (p.local.get(opaque) != 0)
                {
                    onResponse(p, opaque);
                }
                else
                {
                    onRequest(p, opaque);
                }
                break;
            case GofastWire.START:
                if (p.local.get(opaque) != 0 || !p.remoteStreams.add(opaque))
                {
                    counters.dropped++;
                    return;
                }
                counters.streamsAccepted++;
                if (accepts(reader.messageId))
                {
                    listener.onStreamStarted(id, opaque, reader.messageId, reader.data, reader.dataOffset,
                        reader.dataLength);
                }
                break;
            default:
                onStreamMessage(p, opaque);
                break;
        }
    }

    private void onFinish(final ExchangePeer p, final long opaque)
    {
        final long kind = p.local.get(opaque);
        if (kind == ExchangePeer.KIND_STREAM || kind == ExchangePeer.KIND_FINISHING)
        {
            if (kind == ExchangePeer.KIND_STREAM)
            {
                sendFinish(p, opaque); // the peer finished our stream first: both ends finish
            }
            p.releaseOpaque(opaque);
            counters.finishesIn++;
            if (kind == ExchangePeer.KIND_STREAM)
            {
                listener.onStreamFinished(p.id, opaque, true);
            }
        }
        else if (p.remoteStreams.remove(opaque))
        {
            counters.finishesIn++;
            sendFinish(p, opaque); // gofast reuses the opaque only once both ends have finished
            listener.onStreamFinished(p.id, opaque, false);
        }
        else
        {
            counters.dropped++;
        }
    }

    private void onPost(final ExchangePeer p)
    {
        final long messageId = reader.messageId;
        if (messageId == GofastWire.MSG_HEARTBEAT)
        {
            counters.heartbeatsIn++;
            return;
        }
        if (accepts(messageId))
        {
            counters.postsIn++;
            listener.onPost(p.id, messageId, reader.data, reader.dataOffset, reader.dataLength);
        }
    }

    private void onRequest(final ExchangePeer p, final long opaque)
    {
        final long messageId = reader.messageId;
        if (messageId == GofastWire.MSG_WHOAMI)
        {
            final int length =
                GofastWhoami.encode(data, 0, nameBytes, settings.version, settings.bufferSize, tagBytes);
            sendMessage(p.id, GofastWire.REQUEST, opaque, GofastWire.MSG_WHOAMI, data, 0, length, false);
            p.answeredWhoami = true;
            flushBatch(p);
            return;
        }
        if (messageId == GofastWire.MSG_PING)
        {
            if (reader.dataLength < 2 || (reader.data.getShort(reader.dataOffset, ByteOrder.BIG_ENDIAN) & 0xffff) >
                reader.dataLength - 2)
            {
                refuse(p, "ping is not u16 length and text");
                return;
            }
            data.putBytes(0, reader.data, reader.dataOffset, reader.dataLength);
            if (sendMessage(p.id, GofastWire.REQUEST, opaque, GofastWire.MSG_PING, data, 0, reader.dataLength,
                false) >= 0)
            {
                counters.pingsAnswered++;
            }
            return;
        }
        if (accepts(messageId))
        {
            counters.requestsIn++;
            listener.onRequest(p.id, opaque, messageId, reader.data, reader.dataOffset, reader.dataLength);
        }
    }

    private void onResponse(final ExchangePeer p, final long opaque)
    {
        final long kind = p.local.get(opaque);
        if (kind == ExchangePeer.KIND_STREAM)
        {
            counters.dropped++; // a response under a stream's opaque: gofast counts it as a dropped message
            return;
        }
        p.releaseOpaque(opaque);
        if (kind == ExchangePeer.KIND_WHOAMI)
        {
            if (!p.whoami.decode(reader.data, reader.dataOffset, reader.dataLength))
            {
                refuse(p, GofastWhoami.MALFORMED);
                return;
            }
            chooseLayers(p);
            p.ready = true;
            p.nextHeartbeatNs = nowNs + settings.heartbeatPeriodNs;
            listener.onPeerReady(p.id, p.whoami);
            return;
        }
        counters.responsesIn++;
        listener.onResponse(p.id, opaque, reader.messageId, reader.data, reader.dataOffset, reader.dataLength);
    }

    private void onStreamMessage(final ExchangePeer p, final long opaque)
    {
        final boolean local = p.local.get(opaque) == ExchangePeer.KIND_STREAM;
        if (!local && !p.remoteStreams.contains(opaque))
        {
            counters.dropped++; // after a finish, gofast too drops what was still in flight
            return;
        }
        if (accepts(reader.messageId))
        {
            counters.streamMessagesIn++;
            listener.onStreamMessage(p.id, opaque, local, reader.messageId, reader.data, reader.dataOffset,
                reader.dataLength);
        }
    }

    private boolean accepts(final long messageId)
    {
        if (GofastWire.isReservedMessage(messageId) || !types.isEmpty() && !types.containsKey(messageId))
        {
            counters.unknownIds++;
            return false;
        }
        return true;
    }

    /** Compress what we send with the tags from the peer's whoami answer, split on commas, not trimmed. */
    private void chooseLayers(final ExchangePeer p)
    {
        p.layerCount = 0;
        for (final String tag : p.whoami.tags.split(","))
        {
            if ("gzip".equals(tag) && p.layerCount < p.layers.length)
            {
                p.layers[p.layerCount++] = gzip;
            }
            else if ("lzw".equals(tag) && p.layerCount < p.layers.length)
            {
                p.layers[p.layerCount++] = lzw;
            }
        }
    }

    private void refuse(final ExchangePeer p, final String reason)
    {
        counters.malformed++;
        errorHandler.onError(new IllegalArgumentException("exchange peer " + p.id + " sent a malformed frame: " +
            reason + "; connection closed"));
        poller.close(p.id);
    }

    private void onDisconnected(final long id, final String reason)
    {
        dialled.remove(id);
        final ExchangePeer p = peers.remove(id);
        if (null != p)
        {
            final long[] open = new long[p.local.size()];
            final int[] n = {0};
            p.local.forEach((opaque, kind) -> open[n[0]++] = opaque);
            for (int i = 0; i < n[0]; i++)
            {
                listener.onExchangeFailed(id, open[i], reason);
            }
        }
        listener.onPeerClosed(id, reason);
    }

    private final class Handler implements TcpFrameHandler
    {
        public void onConnected(final long connectionId, final InetSocketAddress remoteAddress)
        {
            ExchangeEndpoint.this.onConnected(connectionId, dialled.contains(connectionId));
        }

        public void onFrame(final long connectionId, final DirectBuffer buffer, final int offset, final int length)
        {
            ExchangeEndpoint.this.onFrame(connectionId, buffer, offset, length);
        }

        public void onDisconnected(final long connectionId, final TcpDisconnectReason reason)
        {
            ExchangeEndpoint.this.onDisconnected(connectionId, reason.name());
        }

        public void onDisconnected(final long connectionId, final TcpDisconnectReason reason, final String detail)
        {
            if (reason == TcpDisconnectReason.MALFORMED_FRAME)
            {
                counters.malformed++;
                errorHandler.onError(new IllegalArgumentException("exchange peer " + connectionId +
                    " sent a malformed frame: " + detail + "; connection closed"));
            }
            ExchangeEndpoint.this.onDisconnected(connectionId,
                null == detail ? reason.name() : reason.name() + ": " + detail);
        }
    }
}
