package io.boomscooter.engine.ring;

import io.boomscooter.driver.tcp.TcpDisconnectReason;
import io.boomscooter.driver.tcp.TcpFrameHandler;
import io.boomscooter.driver.tcp.TcpTransportPoller;
import io.boomscooter.engine.log.LogReader;
import io.boomscooter.engine.log.TypedFrameHandler;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One pzog ring server (see {@code docs/ring-relay.md}): clients on one port, the other servers on another;
 * every message accepted is journalled ({@link RingJournal}), answered {@code ok}, forwarded along its
 * routes by the {@link RingPeerLink}s and then written to access.log. A restarted server rebuilds from
 * its journal which messages it holds (so a peer's re-send is dropped), resumes every peer link after the
 * last {@code ok}, and logs what it had not logged yet. Malformed input goes to error.log and is answered
 * {@code error <reason>}; the connection carries on.
 * <p>
 * Over 400 lines (about 460): the client handler, the peer handler with its id parsing, and the start-up
 * rebuild all act on the same journal, routes, per-origin high seqs and per-connection state; the pieces
 * that need none of it live apart ({@link RingRoutes}, {@link RingPeerLink}, {@link RingJournal},
 * {@link RingTextLog}, {@link RingLineFramer}).
 */
public final class RingServerAgent implements Agent
{
    private static final long ID_MODE = 1;
    private static final long SKIPPING = 2;
    private static final int LOG_BATCH = 256;

    private final RingSettings settings;
    private final RingRoutes routes;
    private final RingJournal journal;
    private final RingCursors cursors;
    private final RingCounters counters;
    private final RingTextLog access;
    private final RingTextLog errors;
    private final ErrorHandler errorHandler;
    private final RingLineFramer clientFramer = new RingLineFramer(RingSettings.CLIENT_LINE_LENGTH);
    private final RingLineFramer peerFramer = new RingLineFramer(RingSettings.PEER_LINE_LENGTH);
    private final TcpTransportPoller clientPoller;
    private final TcpTransportPoller peerPoller;
    private final RingPeerLink[] links;
    private final Long2ObjectHashMap<RingPeerLink> linkByConnection = new Long2ObjectHashMap<>();
    private final Long2LongHashMap connectionFlags = new Long2LongHashMap(0);
    private final Long2ObjectHashMap<String> remoteNames = new Long2ObjectHashMap<>();
    private final long[] highestSeq;
    private final LogReader logCursor;
    private final RingJournal.Record logRecord = new RingJournal.Record();
    private final TypedFrameHandler logHandler = this::logFrame;
    private final UnsafeBuffer okLine = new UnsafeBuffer(RingLines.OK);
    private final UnsafeBuffer ackLine = new UnsafeBuffer(RingLines.ACK);
    private final UnsafeBuffer errorLine = new UnsafeBuffer(new byte[RingSettings.CLIENT_LINE_LENGTH]);
    private final int[] consumed = new int[1];
    private long ownSeq;
    private long nowNs;
    private long nowMs;

    /**
     * Opens the journal, cursors and logs under the settings' directory, rebuilds what the journal holds,
     * and binds both ports. Blocking work, done before the agent runs.
     *
     * @param settings     the ring and this server's place in it.
     * @param counters     allocates the server's counters (type id, what is counted).
     * @param errorHandler the node's error log, for faults of the server itself (not of its input).
     */
    public RingServerAgent(final RingSettings settings,
        final java.util.function.BiFunction<Integer, String, org.agrona.concurrent.status.AtomicCounter> counters,
        final ErrorHandler errorHandler)
    {
        this.settings = settings;
        this.errorHandler = errorHandler;
        this.routes = new RingRoutes(settings.size(), settings.scheme());
        this.counters = new RingCounters(counters);
        final Path dir = settings.dir();
        try
        {
            Files.createDirectories(dir);
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException("cannot create ring directory " + dir, ex);
        }
        this.journal = new RingJournal(dir.resolve("journal"), settings.journalSegmentLength());
        this.cursors = new RingCursors(dir.resolve("cursors"), settings.size());
        this.highestSeq = new long[settings.size()];
        rebuildFromJournal();
        final long logged = RingAccessLogRecovery.messageLinesLogged(dir.resolve("access.log"));
        this.access = new RingTextLog(dir.resolve("access.log"), 256 * 1024);
        this.errors = new RingTextLog(dir.resolve("error.log"), 64 * 1024);
        this.logCursor = journal.openReader();
        logCursor.seek(logged + 1);
        final RingSettings.Server self = settings.self();
        this.clientPoller = new TcpTransportPoller(new TcpTransportPoller.Context()
            .host(self.host()).port(self.clientPort()).framer(clientFramer)
            .maxMessageLength(RingSettings.CLIENT_LINE_LENGTH).receiveBufferLength(64 * 1024)
            .frameHandler(new ClientHandler()).errorHandler(errorHandler));
        this.peerPoller = new TcpTransportPoller(new TcpTransportPoller.Context()
            .host(self.host()).port(self.peerPort()).framer(peerFramer)
            .maxMessageLength(RingSettings.PEER_LINE_LENGTH).receiveBufferLength(64 * RingSettings.PEER_LINE_LENGTH)
            .sendBufferLength(RingPeerLink.WINDOW * (RingSettings.PEER_LINE_LENGTH + 2))
            .frameHandler(new PeerHandler()).errorHandler(errorHandler));
        this.links = new RingPeerLink[settings.size()];
        for (int i = 0; i < settings.size(); i++)
        {
            if (i != settings.index())
            {
                final RingSettings.Server peer = settings.servers().get(i);
                links[i] = new RingPeerLink(settings.index(), i, settings.size(),
                    new InetSocketAddress(peer.host(), peer.peerPort()), cursors, journal, peerPoller, peerFramer,
                    this.counters, settings.keepAliveNs());
            }
        }
        access.line(System.currentTimeMillis(), "ring server " + settings.index() + " of " + settings.size() +
            " started: clients on " + self.host() + ":" + clientPoller.port() + ", peers on " + self.host() + ":" +
            peerPoller.port() + ", scheme " + settings.scheme().name().toLowerCase(java.util.Locale.ROOT) +
            ", journal holds " + journal.lastSeqno() + " messages, " + logged + " logged");
        access.flush();
    }

    public String roleName()
    {
        return "ring-server-" + settings.index();
    }

    /** @return the bound client port (the configured one, or the ephemeral port chosen for 0). */
    public int clientPort()
    {
        return clientPoller.port();
    }

    public int peerPort()
    {
        return peerPoller.port();
    }

    public int doWork()
    {
        nowNs = System.nanoTime();
        nowMs = System.currentTimeMillis();
        int work = clientPoller.doWork();
        work += peerPoller.doWork();
        for (final RingPeerLink link : links)
        {
            if (null != link)
            {
                work += link.doWork(nowNs);
            }
        }
        // logged after forwarding: every message this cycle accepted has been handed to its links by now
        final int polled = logCursor.pollFrames(logHandler, LOG_BATCH);
        work += Math.max(0, polled);
        work += access.flush();
        work += errors.flush();
        work += journal.doWork();
        return work;
    }

    public void onClose()
    {
        for (final RingPeerLink link : links)
        {
            if (null != link)
            {
                link.close();
            }
        }
        CloseHelper.quietCloseAll(clientPoller, peerPoller, logCursor, access, errors, journal, cursors);
    }

    private void rebuildFromJournal()
    {
        final RingJournal.Record record = new RingJournal.Record();
        try (LogReader reader = journal.openReader())
        {
            reader.seek(1);
            while (reader.pollFrames((type, buffer, offset, length, seqno, epoch, ts) ->
            {
                if (record.wrap(type, buffer, offset, length) && record.origin() >= 0 &&
                    record.origin() < highestSeq.length)
                {
                    highestSeq[record.origin()] = Math.max(highestSeq[record.origin()], record.seq());
                }
            }, 4096) > 0)
            {
                // to the end
            }
        }
        ownSeq = highestSeq[settings.index()];
    }

    private void logFrame(final int type, final DirectBuffer buffer, final int frameOffset, final int frameLength,
        final long seqno, final long epoch, final long timestampNs)
    {
        if (logRecord.wrap(type, buffer, frameOffset, frameLength))
        {
            access.line(nowMs, logRecord.origin(), '.', logRecord.seq(), logRecord.buffer(), logRecord.textOffset(),
                logRecord.textLength());
            counters.logged.increment();
        }
    }

    private long accept(final int origin, final long seq, final DirectBuffer buffer, final int offset,
        final int length)
    {
        highestSeq[origin] = Math.max(highestSeq[origin], seq);
        return journal.append(origin, seq, routes, buffer, offset, length, nowNs);
    }

    private void refuse(final TcpTransportPoller poller, final long connectionId, final String reason)
    {
        counters.errors.increment();
        errors.line(nowMs, remoteNames.get(key(poller, connectionId)) + ": " + reason);
        final int length = errorLine.putStringWithoutLengthAscii(0, "error " + reason);
        poller.send(connectionId, errorLine, 0, length);
    }

    /**
     * @return true when the line was the tail of an over-long line, to be dropped; starts the skip for a
     * line that is itself too long.
     */
    private boolean skipOverlong(final TcpTransportPoller poller, final RingLineFramer framer,
        final long connectionId, final int length)
    {
        final long key = key(poller, connectionId);
        final long flags = connectionFlags.get(key);
        if (framer.isOverlong(length))
        {
            if (0 == (flags & SKIPPING))
            {
                setFlags(key, flags | SKIPPING);
                refuse(poller, connectionId, "line too long (no CRLF within " + framer.maxLineLength() + " bytes)");
            }
            return true;
        }
        if (0 != (flags & SKIPPING))
        {
            setFlags(key, flags & ~SKIPPING);
            return true;
        }
        return false;
    }

    /**
     * The two pollers number their connections independently: state about a connection is keyed by both.
     */
    private long key(final TcpTransportPoller poller, final long connectionId)
    {
        return (connectionId << 1) | (poller == peerPoller ? 1 : 0);
    }

    private void setFlags(final long key, final long flags)
    {
        if (0 == flags)
        {
            connectionFlags.remove(key); // 0 is the map's missing value
        }
        else
        {
            connectionFlags.put(key, flags);
        }
    }

    private void connected(final TcpTransportPoller poller, final long connectionId, final InetSocketAddress remote,
        final String kind)
    {
        final String name = kind + " " + remote.getAddress().getHostAddress() + ":" + remote.getPort();
        remoteNames.put(key(poller, connectionId), name);
        access.line(System.currentTimeMillis(), "connect " + name);
    }

    private void disconnected(final TcpTransportPoller poller, final long connectionId,
        final TcpDisconnectReason reason)
    {
        final String name = remoteNames.remove(key(poller, connectionId));
        connectionFlags.remove(key(poller, connectionId));
        if (null != name)
        {
            access.line(System.currentTimeMillis(), "disconnect " + name + " (" + reason + ")");
        }
    }

    /**
     * Lines from clients: a message (answered {@code ok} once journalled), {@code keepAlive}, or input to refuse.
     */
    private final class ClientHandler implements TcpFrameHandler
    {
        public void onConnected(final long connectionId, final InetSocketAddress remoteAddress)
        {
            connected(clientPoller, connectionId, remoteAddress, "client");
        }

        public void onFrame(final long connectionId, final DirectBuffer buffer, final int offset, final int length)
        {
            if (skipOverlong(clientPoller, clientFramer, connectionId, length))
            {
                return;
            }
            if (RingLines.is(buffer, offset, length, RingLines.KEEP_ALIVE))
            {
                clientPoller.send(connectionId, ackLine, 0, ackLine.capacity());
                return;
            }
            if (0 == length || !RingLines.isText(buffer, offset, length))
            {
                refuse(clientPoller, connectionId, 0 == length ? "empty message" :
                    "not text (only printable ASCII, ended by CRLF)");
                return;
            }
            routes.fromClient();
            accept(settings.index(), ++ownSeq, buffer, offset, length);
            counters.clientMessages.increment();
            clientPoller.send(connectionId, okLine, 0, okLine.capacity());
        }

        public void onDisconnected(final long connectionId, final TcpDisconnectReason reason)
        {
            disconnected(clientPoller, connectionId, reason);
        }
    }

    /**
     * Lines on peer connections: on those we dialled, answers for our {@link RingPeerLink}; on those the
     * peers dialled, their hello, keep-alives and forwarded messages.
     */
    private final class PeerHandler implements TcpFrameHandler
    {
        public void onConnected(final long connectionId, final InetSocketAddress remoteAddress)
        {
            for (final RingPeerLink link : links)
            {
                if (null != link && link.connectionId() == connectionId)
                {
                    linkByConnection.put(connectionId, link);
                    connected(peerPoller, connectionId, remoteAddress, "to peer " + link.peerIndex);
                    link.onConnected(nowNs);
                    return;
                }
            }
            connected(peerPoller, connectionId, remoteAddress, "from peer");
        }

        public void onFrame(final long connectionId, final DirectBuffer buffer, final int offset, final int length)
        {
            final RingPeerLink link = linkByConnection.get(connectionId);
            if (null != link)
            {
                if (!link.onAnswer(buffer, offset, length, nowNs))
                {
                    counters.errors.increment();
                    errors.line(nowMs, remoteNames.get(key(peerPoller, connectionId)) + ": unexpected answer");
                }
                return;
            }
            if (skipOverlong(peerPoller, peerFramer, connectionId, length))
            {
                return;
            }
            if (RingLines.is(buffer, offset, length, RingLines.KEEP_ALIVE))
            {
                peerPoller.send(connectionId, ackLine, 0, ackLine.capacity());
                return;
            }
            if (RingLines.startsWith(buffer, offset, length, RingLines.HELLO))
            {
                setFlags(key(peerPoller, connectionId), connectionFlags.get(key(peerPoller, connectionId)) | ID_MODE);
                peerPoller.send(connectionId, okLine, 0, okLine.capacity());
                return;
            }
            onPeerMessage(connectionId, buffer, offset, length);
        }

        public void onDisconnected(final long connectionId, final TcpDisconnectReason reason)
        {
            final RingPeerLink link = linkByConnection.remove(connectionId);
            if (null != link)
            {
                link.onDisconnected(System.nanoTime());
            }
            else
            {
                for (final RingPeerLink l : links)
                {
                    if (null != l && l.connectionId() == connectionId)
                    {
                        l.onDisconnected(System.nanoTime()); // a dial that failed
                    }
                }
            }
            disconnected(peerPoller, connectionId, reason);
        }
    }

    /**
     * {@code <wrapping><origin>.<seq> <text>} from a peer that said hello, {@code <wrapping><text>} from a plain
     * pzog peer (its message gets an id of this server's).
     */
    private void onPeerMessage(final long connectionId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < 2)
        {
            refuse(peerPoller, connectionId, "message too short for a wrapping and text");
            return;
        }
        final byte wrap = buffer.getByte(offset);
        if (routes.fromPeer(wrap) < 0)
        {
            refuse(peerPoller, connectionId, "wrapping not valid in a ring of " + settings.size());
            return;
        }
        int at = offset + 1;
        final int end = offset + length;
        int origin = settings.index();
        long seq = 0;
        if (0 != (connectionFlags.get(key(peerPoller, connectionId)) & ID_MODE))
        {
            final long o = RingLines.parseNumber(buffer, at, end, consumed);
            at += consumed[0];
            if (o < 0 || o >= settings.size() || at >= end || buffer.getByte(at) != '.')
            {
                refuse(peerPoller, connectionId, "message id is not <origin>.<seq> with origin in the ring");
                return;
            }
            seq = RingLines.parseNumber(buffer, at + 1, end, consumed);
            at += 1 + consumed[0];
            if (seq < 1 || at >= end || buffer.getByte(at) != ' ')
            {
                refuse(peerPoller, connectionId, "message id is not <origin>.<seq> followed by a space");
                return;
            }
            at++;
            origin = (int)o;
        }
        final int textLength = end - at;
        if (textLength < 1 || textLength > clientFramer.maxMessageLength() || !RingLines.isText(buffer, at, textLength))
        {
            refuse(peerPoller, connectionId, "message text is not 1.." + clientFramer.maxMessageLength() +
                " printable ASCII bytes");
            return;
        }
        if (0 == seq)
        {
            origin = settings.index();
            seq = ++ownSeq;
        }
        else if (seq <= highestSeq[origin])
        {
            // a re-send after a broken link: already journalled, forwarded and logged here
            counters.duplicates.increment();
            peerPoller.send(connectionId, okLine, 0, okLine.capacity());
            return;
        }
        accept(origin, seq, buffer, at, textLength);
        counters.peerMessages.increment();
        peerPoller.send(connectionId, okLine, 0, okLine.capacity());
    }
}
