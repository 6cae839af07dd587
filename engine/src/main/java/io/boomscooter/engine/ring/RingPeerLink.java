package io.boomscooter.engine.ring;

import io.boomscooter.driver.tcp.TcpTransportPoller;
import io.boomscooter.engine.log.LogReader;
import io.boomscooter.engine.log.TypedFrameHandler;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * This server's connection to one peer, which it dials and sends on: it forwards, in journal order, every
 * message whose routes name this peer, keeps at most {@link #WINDOW} unanswered, and moves the peer's cursor
 * (persisted in {@link RingCursors}) past each one the peer answers {@code ok}. A link that breaks is
 * dialled again with backoff, and forwarding resumes after the last {@code ok}: a message is never lost, and
 * one the peer already had is recognised there by its id. An idle link sends {@code keepAlive} and expects
 * {@code ack}; no answer within the keep-alive interval drops it.
 */
final class RingPeerLink implements TypedFrameHandler
{
    static final int WINDOW = 256;
    private static final long MIN_BACKOFF_NS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long MAX_BACKOFF_NS = TimeUnit.SECONDS.toNanos(2);
    private static final long HELLO = -1;
    private static final UnsafeBuffer KEEP_ALIVE_BUFFER = new UnsafeBuffer(RingLines.KEEP_ALIVE);

    final int peerIndex;
    final int offset;
    private final InetSocketAddress address;
    private final RingCursors cursors;
    private final LogReader cursor;
    private final TcpTransportPoller poller;
    private final RingLineFramer framer;
    private final RingCounters counters;
    private final long keepAliveNs;
    private final UnsafeBuffer line = new UnsafeBuffer(new byte[RingSettings.PEER_LINE_LENGTH]);
    private final UnsafeBuffer hello;
    private final RingJournal.Record record = new RingJournal.Record();
    private final long[] unacked = new long[WINDOW];
    private int unackedHead;
    private int unackedCount;
    private int lineLength;
    private long lineSeqno;
    private long polledSeqno;
    private long connectionId = -1;
    private boolean up;
    private long nextDialNs;
    private long backoffNs = MIN_BACKOFF_NS;
    private long lastActivityNs;
    private long keepAliveSentNs;

    RingPeerLink(final int selfIndex, final int peerIndex, final int servers, final InetSocketAddress address,
        final RingCursors cursors, final RingJournal journal, final TcpTransportPoller poller,
        final RingLineFramer framer, final RingCounters counters, final long keepAliveNs)
    {
        this.peerIndex = peerIndex;
        this.offset = Math.floorMod(peerIndex - selfIndex, servers);
        this.address = address;
        this.cursors = cursors;
        this.cursor = journal.openReader();
        this.poller = poller;
        this.framer = framer;
        this.counters = counters;
        this.keepAliveNs = keepAliveNs;
        final byte[] helloBytes = ("pzog-ids " + selfIndex).getBytes(StandardCharsets.US_ASCII);
        this.hello = new UnsafeBuffer(helloBytes);
    }

    long connectionId()
    {
        return connectionId;
    }

    boolean isUp()
    {
        return up;
    }

    /**
     * @return the journal seqno up to which the peer has answered every message meant for it.
     */
    long ackedSeqno()
    {
        return cursors.get(peerIndex);
    }

    int doWork(final long nowNs)
    {
        if (-1 == connectionId)
        {
            if (nowNs - nextDialNs >= 0)
            {
                connectionId = poller.connect(address, framer);
                return 1;
            }
            return 0;
        }
        if (!up)
        {
            return 0;
        }
        if (0 != keepAliveSentNs)
        {
            if (nowNs - keepAliveSentNs > keepAliveNs)
            {
                counters.errors.increment();
                poller.close(connectionId);
                onDisconnected(nowNs);
                return 1;
            }
        }
        else if (nowNs - lastActivityNs >= keepAliveNs &&
            poller.send(connectionId, KEEP_ALIVE_BUFFER, 0, RingLines.KEEP_ALIVE.length) > 0)
        {
            keepAliveSentNs = nowNs;
        }
        return forward(nowNs);
    }

    private int forward(final long nowNs)
    {
        int work = 0;
        while (unackedCount < WINDOW)
        {
            if (0 == lineLength)
            {
                if (cursor.pollFrames(this, 1) <= 0)
                {
                    break;
                }
                if (0 == lineLength)
                {
                    // not for this peer: nothing outstanding before it means the cursor may move past it
                    if (0 == unackedCount)
                    {
                        cursors.set(peerIndex, polledSeqno);
                    }
                    continue;
                }
            }
            if (poller.send(connectionId, line, 0, lineLength) <= 0)
            {
                break;
            }
            push(lineSeqno);
            lineLength = 0;
            lastActivityNs = nowNs;
            counters.forwarded.increment();
            work++;
        }
        return work;
    }

    /**
     * A journal frame the cursor passed: build the line for this peer when the message goes to it.
     */
    public void onFrame(final int type, final DirectBuffer buffer, final int frameOffset, final int frameLength,
        final long seqno, final long epoch, final long timestampNs)
    {
        polledSeqno = seqno;
        if (!record.wrap(type, buffer, frameOffset, frameLength))
        {
            return;
        }
        for (int i = 0; i < record.count(); i++)
        {
            if (record.offset(i) == offset)
            {
                int at = 0;
                line.putByte(at++, record.wrap(i));
                at += RingLines.putDecimal(line, at, record.origin());
                line.putByte(at++, (byte)'.');
                at += RingLines.putDecimal(line, at, record.seq());
                line.putByte(at++, (byte)' ');
                line.putBytes(at, record.buffer(), record.textOffset(), record.textLength());
                lineLength = at + record.textLength();
                lineSeqno = seqno;
                return;
            }
        }
    }

    /**
     * The dial completed: say who we are, then forward from after the last message the peer answered.
     */
    void onConnected(final long nowNs)
    {
        up = true;
        backoffNs = MIN_BACKOFF_NS;
        unackedHead = 0;
        unackedCount = 0;
        lineLength = 0;
        keepAliveSentNs = 0;
        lastActivityNs = nowNs;
        cursor.seek(cursors.get(peerIndex) + 1);
        if (poller.send(connectionId, hello, 0, hello.capacity()) > 0)
        {
            push(HELLO);
        }
        counters.peersUp.increment();
    }

    /**
     * The link broke or the dial failed: dial again after a backoff.
     */
    void onDisconnected(final long nowNs)
    {
        if (up)
        {
            counters.peersUp.decrement();
        }
        up = false;
        connectionId = -1;
        nextDialNs = nowNs + backoffNs;
        backoffNs = Math.min(MAX_BACKOFF_NS, backoffNs * 2);
    }

    /**
     * A line the peer sent back: {@code ok} (or an {@code error}) for the oldest unanswered line, or
     * {@code ack} for a keep-alive.
     *
     * @return false when the line is none of those.
     */
    boolean onAnswer(final DirectBuffer buffer, final int offset, final int length, final long nowNs)
    {
        lastActivityNs = nowNs;
        if (RingLines.is(buffer, offset, length, RingLines.ACK))
        {
            keepAliveSentNs = 0;
            return true;
        }
        final boolean ok = RingLines.is(buffer, offset, length, RingLines.OK);
        if (!ok && !RingLines.startsWith(buffer, offset, length, RingLines.ERROR))
        {
            return false;
        }
        if (0 == unackedCount)
        {
            return false;
        }
        final long seqno = unacked[unackedHead];
        unackedHead = (unackedHead + 1) % WINDOW;
        unackedCount--;
        if (!ok)
        {
            counters.errors.increment();
        }
        if (seqno != HELLO)
        {
            cursors.set(peerIndex, seqno);
        }
        return true;
    }

    private void push(final long seqno)
    {
        unacked[(unackedHead + unackedCount) % WINDOW] = seqno;
        unackedCount++;
    }

    void close()
    {
        CloseHelper.quietClose(cursor);
    }
}
