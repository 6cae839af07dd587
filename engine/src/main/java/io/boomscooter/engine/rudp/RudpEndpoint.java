package io.boomscooter.engine.rudp;

import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A reliable-UDP endpoint as one agent: non-blocking datagram channels (one IPv4, one IPv6: dual-stack is not
 * everywhere), sequenced streams per peer with their own reliability, fire-and-forget messages, a control lane
 * (syncs and pings leave at once, in their own datagrams), generations, and with a key AES-256-GCM on every
 * datagram with replay protection. Every call on the duty-cycle thread; after warm-up nothing allocates per message.
 * Why one class of this length: receive dispatch, the generation and replay checks and the send path share the
 * datagram buffers and must be read together; the stream state machines live in their own classes.
 */
public final class RudpEndpoint implements Agent, RudpReceiveStream.Delivery, RudpSendStream.Sender
{
    public static final long BACK_PRESSURED = RudpSendStream.BACK_PRESSURED;
    public static final long NOT_OPEN = -2;
    public static final long TOO_LONG = RudpSendStream.TOO_LONG;
    /** The stream id fire-and-forget messages are delivered with. */
    public static final int FIRE_AND_FORGET = -1;

    private static final int NONCE = 12;
    private static final int TAG = 16;
    private static final int RECEIVES_PER_CYCLE = 64;
    private static final int ACK_EVERY = 128;

    private final RudpSettings settings;
    private final RudpListener listener;
    private final ErrorHandler errorHandler;
    private final DatagramChannel v4;
    private final DatagramChannel v6;
    private final long generation;
    private final RudpAesGcm aes;
    private final int nonceFixed;
    private long nonceCounter;
    private final int overhead;
    private final byte[] rx;
    private final ByteBuffer rxBuffer;
    private final UnsafeBuffer rxView;
    private final byte[] held;
    private final byte[] duplicate;
    private int heldLength = -1;
    private SocketAddress heldFrom;
    private final byte[] tx;
    private final ByteBuffer txBuffer;
    private final UnsafeBuffer txView;
    private final UnsafeBuffer control;
    private final RudpHeader header = new RudpHeader();
    private final RudpSync sync = new RudpSync();
    private final RudpBufferPool pool;
    private final RudpCounters counters = new RudpCounters();
    private final List<RudpPeer> peers = new ArrayList<>();
    private final Map<SocketAddress, RudpPeer> byAddress = new HashMap<>();
    private final org.agrona.collections.Int2ObjectHashMap<RudpReplayWindow> replayWindows =
        new org.agrona.collections.Int2ObjectHashMap<>();
    private final long[] naks;
    private RudpFaults faults;
    private long nowNs;
    private long nextSyncNs;

    /**
     * Opens and binds the sockets (blocking work, done before the agent runs).
     */
    public RudpEndpoint(final RudpSettings settings, final RudpListener listener, final ErrorHandler errorHandler)
    {
        this.settings = settings;
        this.listener = listener;
        this.errorHandler = errorHandler;
        this.generation = System.currentTimeMillis() & RudpHeader.GENERATION_MASK;
        this.aes = null == settings.key ? null : new RudpAesGcm(settings.key);
        this.nonceFixed = new SecureRandom().nextInt();
        this.nonceCounter = new SecureRandom().nextLong() >>> 16;
        this.overhead = 1 + (null == aes ? 0 : NONCE + TAG);
        final int datagram = Math.max(settings.payloadV4, settings.payloadV6);
        this.rx = new byte[65_536];
        this.rxBuffer = ByteBuffer.wrap(rx);
        this.rxView = new UnsafeBuffer(rx);
        this.held = new byte[65_536];
        this.duplicate = new byte[65_536];
        this.tx = new byte[datagram + 64];
        this.txBuffer = ByteBuffer.wrap(tx);
        this.txView = new UnsafeBuffer(tx);
        this.control = new UnsafeBuffer(new byte[datagram]);
        this.pool = new RudpBufferPool(settings.receiveBuffers, datagram);
        this.naks = new long[settings.maxNaksPerSync];
        this.v4 = null == settings.bindV4 ? null : open(settings.bindV4);
        this.v6 = null == settings.bindV6 ? null : open(settings.bindV6);
    }

    private static DatagramChannel open(final InetSocketAddress address)
    {
        try
        {
            final DatagramChannel channel = DatagramChannel.open(address.getAddress() instanceof java.net.Inet6Address ?
                java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 8 * 1024 * 1024);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 * 1024 * 1024);
            channel.bind(address);
            channel.configureBlocking(false);
            return channel;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot bind reliable-UDP socket " + address + ": " + ex.getMessage(), ex);
        }
    }

    public String roleName()
    {
        return "rudp";
    }

    public long generation()
    {
        return generation;
    }

    public RudpCounters counters()
    {
        return counters;
    }

    /** @return the bound IPv4 address (the chosen port when 0 was asked for), or null. */
    public InetSocketAddress localV4()
    {
        return local(v4);
    }

    public InetSocketAddress localV6()
    {
        return local(v6);
    }

    private static InetSocketAddress local(final DatagramChannel channel)
    {
        try
        {
            return null == channel ? null : (InetSocketAddress)channel.getLocalAddress();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Installs a receive-path fault hook (tests). */
    public void faults(final RudpFaults faults)
    {
        this.faults = faults;
    }

    /**
     * @param address already resolved.
     * @return the peer's index, the same for the same address.
     */
    public int addPeer(final InetSocketAddress address)
    {
        final RudpPeer known = byAddress.get(address);
        if (null != known)
        {
            return known.index;
        }
        final RudpPeer peer = new RudpPeer(peers.size(), address);
        if (peer.v6 ? null == v6 : null == v4)
        {
            throw new IllegalArgumentException("no " + (peer.v6 ? "IPv6" : "IPv4") + " socket for " + address);
        }
        peers.add(peer);
        byAddress.put(address, peer);
        return peer.index;
    }

    /** Opens a sequenced stream to a peer (allocates its send window: do it before traffic). */
    public void openStream(final int peer, final int streamId, final RudpReliability reliability)
    {
        if (reliability == RudpReliability.FIRE_AND_FORGET)
        {
            throw new IllegalArgumentException("fire-and-forget needs no stream: use sendFireAndForget");
        }
        if (streamId < 0 || streamId > 0xFFFF)
        {
            throw new IllegalArgumentException("stream id must be 0..65535: " + streamId);
        }
        final RudpPeer p = peers.get(peer);
        p.sendStreams.put(streamId, new RudpSendStream(peer, streamId, reliability, settings.sendWindow,
            packetLength(p), settings.maxMessageLength, counters));
    }

    private int packetLength(final RudpPeer peer)
    {
        return (peer.v6 ? settings.payloadV6 : settings.payloadV4) - overhead;
    }

    /**
     * Sends a message on a stream; it is packed with others into the packet being filled.
     *
     * @return a non-negative position, {@link #BACK_PRESSURED} (reliable stream, window full: try again),
     * {@link #TOO_LONG} or {@link #NOT_OPEN}.
     */
    public long offer(final int peer, final int streamId, final DirectBuffer buffer, final int offset,
        final int length)
    {
        final RudpSendStream stream = peer < peers.size() ? peers.get(peer).sendStreams.get(streamId) : null;
        if (null == stream)
        {
            return NOT_OPEN;
        }
        return stream.offer(buffer, offset, length, nowNs, this);
    }

    /** Sends one message in a datagram of its own, unsequenced and never repaired. */
    public long sendFireAndForget(final int peer, final DirectBuffer buffer, final int offset, final int length)
    {
        if (peer >= peers.size())
        {
            return NOT_OPEN;
        }
        final RudpPeer p = peers.get(peer);
        final int headerLength = RudpHeader.length(RudpHeader.KIND_FIRE_AND_FORGET, RudpHeader.ADDRESS_NONE);
        if (headerLength + 4 + length > packetLength(p))
        {
            return TOO_LONG;
        }
        RudpHeader.encode(control, 0, RudpHeader.KIND_FIRE_AND_FORGET, 0, 0, 0, 0, 0);
        control.putInt(headerLength, length, ByteOrder.BIG_ENDIAN);
        control.putBytes(headerLength + 4, buffer, offset, length);
        send(peer, control, headerLength + 4 + length, false);
        counters.messagesSent++;
        return 0;
    }

    /** Sends every partly filled packet now. */
    public void flush()
    {
        for (int i = 0; i < peers.size(); i++)
        {
            for (final RudpSendStream stream : peers.get(i).sendStreams.values())
            {
                stream.seal(this);
            }
        }
    }

    /** @return true when everything sent on the stream has been acknowledged. */
    public boolean isAcknowledged(final int peer, final int streamId)
    {
        final RudpSendStream stream = peers.get(peer).sendStreams.get(streamId);
        return null != stream && !stream.hasFill() && !stream.hasPending() && !stream.hasUnacknowledged();
    }

    public int doWork()
    {
        nowNs = System.nanoTime();
        int work = receive(v4) + receive(v6);
        if (nowNs - nextSyncNs >= 0)
        {
            nextSyncNs = nowNs + settings.syncIntervalNs;
            work += syncs();
        }
        for (int i = 0; i < peers.size(); i++)
        {
            final RudpPeer peer = peers.get(i);
            for (final RudpReceiveStream stream : peer.receiveStreams.values())
            {
                // a gap is NAK'd on the control lane once it is a NAK delay old, not at the next periodic sync
                if (stream.hasGap() && nowNs - stream.lastRecvSyncNs >= settings.nakDelayNs)
                {
                    sendRecvSync(peer, stream);
                    work++;
                }
            }
            for (final RudpSendStream stream : peer.sendStreams.values())
            {
                if (stream.hasPending())
                {
                    stream.continuePending(nowNs, this);
                }
                if (stream.hasFill() && nowNs - stream.fillStartNs >= settings.sendDelayNs)
                {
                    stream.seal(this);
                    work++;
                }
            }
        }
        return work;
    }

    public void onClose()
    {
        try
        {
            if (null != v4)
            {
                v4.close();
            }
            if (null != v6)
            {
                v6.close();
            }
        }
        catch (final IOException ex)
        {
            errorHandler.onError(ex);
        }
    }

    private int receive(final DatagramChannel channel)
    {
        if (null == channel)
        {
            return 0;
        }
        int work = 0;
        try
        {
            for (; work < RECEIVES_PER_CYCLE; work++)
            {
                rxBuffer.clear();
                final SocketAddress from = channel.receive(rxBuffer);
                if (null == from)
                {
                    break;
                }
                final int length = rxBuffer.position();
                final int fate = null == faults ? RudpFaults.DELIVER : faults.onDatagram(rx, length);
                if (fate == RudpFaults.DROP)
                {
                    counters.droppedFault++;
                    continue;
                }
                if (fate == RudpFaults.DELAY && heldLength < 0)
                {
                    System.arraycopy(rx, 0, held, 0, length);
                    heldLength = length;
                    heldFrom = from;
                    continue;
                }
                if (fate == RudpFaults.DUPLICATE)
                {
                    System.arraycopy(rx, 0, duplicate, 0, length); // decryption works in place
                }
                onDatagram(from, length);
                if (fate == RudpFaults.DUPLICATE)
                {
                    System.arraycopy(duplicate, 0, rx, 0, length);
                    onDatagram(from, length);
                }
                if (heldLength >= 0)
                {
                    System.arraycopy(held, 0, rx, 0, heldLength);
                    final int h = heldLength;
                    heldLength = -1;
                    onDatagram(heldFrom, h);
                }
            }
        }
        catch (final IOException ex)
        {
            errorHandler.onError(ex);
        }
        return work;
    }

    private void onDatagram(final SocketAddress from, final int length)
    {
        counters.packetsReceived++;
        counters.bytesReceived += length;
        if (length < 1 || rx[0] != RudpHeader.VERSION)
        {
            counters.droppedVersion++;
            return;
        }
        int start = 1;
        int end = length;
        int fixed = 0;
        long counter = 0;
        if (null != aes)
        {
            if (length < 1 + NONCE + TAG + 13)
            {
                counters.droppedMalformed++;
                return;
            }
            fixed = rxView.getInt(1, ByteOrder.BIG_ENDIAN);
            counter = rxView.getLong(5, ByteOrder.BIG_ENDIAN);
            if (!aes.decrypt(rx, 1, 1 + NONCE, length - 1 - NONCE - TAG))
            {
                counters.droppedDecrypt++;
                return;
            }
            start = 1 + NONCE;
            end = length - TAG;
        }
        if (!header.decode(rxView, start, end))
        {
            counters.droppedMalformed++;
            return;
        }
        RudpPeer peer = byAddress.get(from);
        if (null == peer)
        {
            peer = peers.get(addPeer((InetSocketAddress)from));
        }
        if (header.receiverGeneration != 0 && header.receiverGeneration != generation)
        {
            counters.droppedGeneration++; // meant for an earlier incarnation of this endpoint
            return;
        }
        final boolean newer = header.senderGeneration > peer.generation;
        if (header.senderGeneration < peer.generation)
        {
            counters.droppedGeneration++; // from an earlier incarnation of the peer
            return;
        }
        if (null != aes)
        {
            RudpReplayWindow window = replayWindows.get(fixed);
            if (null == window)
            {
                // Only an authentic datagram gets here, so only a real sender incarnation adds a window.
                window = new RudpReplayWindow();
                replayWindows.put(fixed, window);
            }
            if (!window.accept(counter))
            {
                counters.droppedReplay++;
                return;
            }
        }
        if (newer)
        {
            if (peer.generation != 0)
            {
                restart(peer);
            }
            peer.generation = header.senderGeneration;
        }
        dispatch(peer, end);
    }

    private void restart(final RudpPeer peer)
    {
        counters.peerRestarts++;
        for (final RudpSendStream stream : peer.sendStreams.values())
        {
            stream.reset();
        }
        for (final RudpReceiveStream stream : peer.receiveStreams.values())
        {
            stream.reset();
        }
        listener.onPeerRestarted(peer.index);
    }

    private RudpReceiveStream receiveStream(final RudpPeer peer, final int streamId)
    {
        RudpReceiveStream stream = peer.receiveStreams.get(streamId);
        if (null == stream)
        {
            stream = new RudpReceiveStream(peer.index, streamId, settings.receiveHorizon, pool,
                settings.maxMessageLength, counters);
            peer.receiveStreams.put(streamId, stream);
        }
        return stream;
    }

    private void dispatch(final RudpPeer peer, final int end)
    {
        final int payload = header.payloadOffset;
        switch (header.kind)
        {
            case RudpHeader.KIND_SEQUENCED:
            {
                final RudpReceiveStream stream = receiveStream(peer, header.streamId);
                stream.onPacket(rxView, payload, end - payload, header.firstMessageOffset, header.packetNumber, nowNs,
                    this);
                if (stream.expected - stream.syncedExpected >= ACK_EVERY && stream.syncedExpected >= 0)
                {
                    sendRecvSync(peer, stream);
                }
                reportLoss(stream);
                break;
            }
            case RudpHeader.KIND_FIRE_AND_FORGET:
                if (end - payload < 4 || rxView.getInt(payload, ByteOrder.BIG_ENDIAN) != end - payload - 4)
                {
                    counters.droppedMalformed++;
                    return;
                }
                counters.messagesReceived++;
                listener.onMessage(peer.index, FIRE_AND_FORGET, rxView, payload + 4, end - payload - 4);
                break;
            case RudpHeader.KIND_RECV_SYNC:
            {
                counters.syncsReceived++;
                final RudpSendStream stream = peer.sendStreams.get(header.streamId);
                if (null == stream || !sync.decodeRecvSync(rxView, payload, end))
                {
                    counters.droppedMalformed += null == stream ? 0 : 1;
                    return;
                }
                stream.onAcknowledged(sync.ackThreshold);
                counters.naksReceived += sync.nakCount;
                for (int i = 0; i < sync.nakCount; i++)
                {
                    stream.resend(sync.nak(rxView, i), this);
                }
                break;
            }
            case RudpHeader.KIND_SEND_SYNC:
            {
                counters.syncsReceived++;
                if (!sync.decodeSendSync(rxView, payload, end))
                {
                    counters.droppedMalformed++;
                    return;
                }
                final RudpReceiveStream stream = receiveStream(peer, header.streamId);
                stream.onSendSync(sync.highWater, sync.lowWater, nowNs, this);
                reportLoss(stream);
                // The sender still waits for an acknowledgement: ours may have been lost. Answer at once.
                sendRecvSync(peer, stream);
                break;
            }
            default: // PING: answer one that does not know our generation yet
                if (header.receiverGeneration == 0)
                {
                    ping(peer);
                }
                break;
        }
    }

    private void reportLoss(final RudpReceiveStream stream)
    {
        if (stream.lostSinceReport > 0)
        {
            final long lost = stream.lostSinceReport;
            stream.lostSinceReport = 0;
            listener.onLoss(stream.peer, stream.streamId, lost);
        }
    }

    /** Sends a PING, which a peer that does not know our generation answers: both then know each other's. */
    public void ping(final int peer)
    {
        ping(peers.get(peer));
    }

    private void ping(final RudpPeer peer)
    {
        final int length = RudpHeader.encode(control, 0, RudpHeader.KIND_PING, 0, 0, 0, 0, 0);
        send(peer.index, control, length, false);
    }

    private int syncs()
    {
        int work = 0;
        for (int i = 0; i < peers.size(); i++)
        {
            final RudpPeer peer = peers.get(i);
            for (final RudpReceiveStream stream : peer.receiveStreams.values())
            {
                if (stream.needsSync())
                {
                    sendRecvSync(peer, stream);
                    work++;
                }
            }
            for (final RudpSendStream stream : peer.sendStreams.values())
            {
                if (stream.hasUnacknowledged())
                {
                    int at = RudpHeader.encode(control, 0, RudpHeader.KIND_SEND_SYNC, 0, 0, stream.streamId, 0, 0);
                    at += RudpSync.encodeSendSync(control, at, stream.next, stream.low);
                    send(peer.index, control, at, false);
                    counters.syncsSent++;
                    work++;
                }
            }
        }
        return work;
    }

    private void sendRecvSync(final RudpPeer peer, final RudpReceiveStream stream)
    {
        final int maxNaks = Math.min(naks.length, (packetLength(peer) - 64) / 8);
        final int count = stream.collectNaks(naks, maxNaks, nowNs, settings.nakDelayNs);
        stream.lastRecvSyncNs = nowNs;
        int at = RudpHeader.encode(control, 0, RudpHeader.KIND_RECV_SYNC, 0, 0, stream.streamId, 0, 0);
        at += RudpSync.encodeRecvSyncStart(control, at, stream.highWater, stream.expected, stream.expected, count);
        for (int i = 0; i < count; i++)
        {
            control.putLong(at, naks[i], ByteOrder.BIG_ENDIAN);
            at += 8;
        }
        send(peer.index, control, at, false);
        stream.syncedExpected = stream.expected;
        counters.syncsSent++;
        counters.naksSent += count;
    }

    public void deliver(final int peer, final int streamId, final DirectBuffer buffer, final int offset,
        final int length)
    {
        listener.onMessage(peer, streamId, buffer, offset, length);
    }

    /** Patches the generations into the packet, wraps it (version, nonce, encryption) and sends it now. */
    public void send(final int peerIndex, final UnsafeBuffer packet, final int length, final boolean resend)
    {
        final RudpPeer peer = peers.get(peerIndex);
        RudpHeader.putU48(packet, 1, generation);
        RudpHeader.putU48(packet, 7, peer.generation);
        tx[0] = RudpHeader.VERSION;
        int total;
        if (null == aes)
        {
            txView.putBytes(1, packet, 0, length);
            total = 1 + length;
        }
        else
        {
            txView.putInt(1, nonceFixed, ByteOrder.BIG_ENDIAN);
            txView.putLong(5, nonceCounter++, ByteOrder.BIG_ENDIAN);
            txView.putBytes(1 + NONCE, packet, 0, length);
            aes.encrypt(tx, 1, 1 + NONCE, length);
            total = 1 + NONCE + length + TAG;
        }
        txBuffer.clear().limit(total);
        try
        {
            final DatagramChannel channel = peer.v6 ? v6 : v4;
            if (channel.send(txBuffer, peer.address) == 0)
            {
                counters.sendFailed++; // socket buffer full: lost here; a NAK repairs sequenced packets
                return;
            }
        }
        catch (final IOException ex)
        {
            counters.sendFailed++;
            return;
        }
        counters.packetsSent++;
        counters.bytesSent += total;
        if (resend)
        {
            counters.packetsResent++;
        }
    }
}
