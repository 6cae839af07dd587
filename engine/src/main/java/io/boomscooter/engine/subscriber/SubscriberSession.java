package io.boomscooter.engine.subscriber;

import io.boomscooter.codecs.subscriber.CompleteReason;
import io.boomscooter.codecs.subscriber.DropReason;
import io.boomscooter.codecs.subscriber.EntryEncoder;
import io.boomscooter.codecs.subscriber.LogSwitchEncoder;
import io.boomscooter.codecs.subscriber.MessageHeaderEncoder;
import io.boomscooter.engine.log.LogEntryView;
import io.boomscooter.engine.session.AeronOutbound;
import io.boomscooter.engine.session.Outbound;
import io.boomscooter.engine.session.Session;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * One subscriber's connection (a TCP connection, or an Aeron request publication with its response
 * publication): its control queue, its subscriptions (one log, or several when multiplexed) ticked
 * round-robin, the log-switch state of its stream, and how long it has been unable to take data.
 * A {@link Session}: its agent ticks it through a {@code SessionList} and closes it once done (peer gone,
 * final message drained, or aborted). While the node authenticates subscribers it carries its
 * {@link SubscriberSessionAuth}, and its agent acts on no request of it until that is proven.
 */
final class SubscriberSession implements Session
{
    /** Room kept free in a TCP send buffer so Dropped messages always fit behind the entries. */
    static final int DROP_RESERVE = 4096;
    private static final int NO_LOG = Integer.MIN_VALUE;

    final long key;
    final boolean isAeron;
    private final SubscriberAgent agent;
    private final Outbound outbound;
    private final int budget;
    private final long lagTimeoutNs;
    final ControlQueue control;
    /** Null when the node does not authenticate subscribers. */
    final SubscriberSessionAuth auth;
    private final LogSubscription[] subscriptions;
    private int count;
    private int roundRobin;
    private int lastEntryLogId = NO_LOG;
    private long blockedSinceNs;
    private long disconnectedSinceNs;
    private boolean closeWhenDrained;
    private long closeDeadlineNs;
    private boolean done;
    private boolean flushOnClose;
    private boolean closed;

    SubscriberSession(final SubscriberAgent agent, final long key, final boolean isAeron,
        final Outbound outbound, final int maxSubscriptions, final int budget, final long lagTimeoutNs,
        final SubscriberSessionAuth auth)
    {
        this.auth = auth;
        this.agent = agent;
        this.key = key;
        this.isAeron = isAeron;
        this.outbound = outbound;
        this.budget = budget;
        this.lagTimeoutNs = lagTimeoutNs;
        this.control = new ControlQueue(Math.max(8192, maxSubscriptions * 2 * (SubscriberProxy.MAX_CONTROL_LENGTH + 4)));
        this.subscriptions = new LogSubscription[maxSubscriptions];
    }

    Outbound outbound()
    {
        return outbound;
    }

    public boolean isDone()
    {
        return done;
    }

    boolean isClosing()
    {
        return closeWhenDrained || done;
    }

    /**
     * Marks the session done; its agent closes it at the end of this cycle.
     *
     * @param flush write what is queued (the final message) before the transport closes.
     */
    void finish(final boolean flush)
    {
        if (!done)
        {
            done = true;
            flushOnClose = flush;
        }
    }

    LogSubscription find(final int logId)
    {
        for (int i = 0; i < count; i++)
        {
            if (subscriptions[i].logId == logId)
            {
                return subscriptions[i];
            }
        }
        return null;
    }

    boolean isFull()
    {
        return count == subscriptions.length;
    }

    void add(final LogSubscription subscription)
    {
        subscriptions[count++] = subscription;
    }

    /**
     * @return work done.
     */
    public int doWork(final long nowNs)
    {
        if (done)
        {
            return 0;
        }
        if (null != auth && !closeWhenDrained && auth.expires(nowNs))
        {
            agent.onAuthExpired(this);
        }
        if (isAeron)
        {
            final int aeronState = ((AeronOutbound)outbound).poll();
            if (AeronOutbound.FAILED == aeronState)
            {
                agent.onPublicationFailed(this, ((AeronOutbound)outbound).failure());
                finish(false);
                return 1;
            }
            if (checkDisconnected(nowNs))
            {
                return 1;
            }
        }
        int work = control.drain(outbound);
        if (work > 0)
        {
            blockedSinceNs = 0;
        }
        if (!control.isEmpty())
        {
            return work + checkBlocked(nowNs, lagTimeoutNs);
        }
        if (closeWhenDrained)
        {
            finish(true);
            return work + 1;
        }
        removeDone();
        final int n = count;
        if (0 == n)
        {
            return work;
        }
        final int share = Math.max(1, budget / n);
        boolean blocked = false;
        int entries = 0;
        for (int i = 0; i < n && !closeWhenDrained; i++)
        {
            final LogSubscription subscription = subscriptions[(roundRobin + i) % n];
            entries += subscription.tick(nowNs, share);
            if (subscription.isBlocked())
            {
                blocked = true;
                break;
            }
        }
        roundRobin = roundRobin + 1 >= n ? 0 : roundRobin + 1;
        if (blocked)
        {
            return work + entries + checkBlocked(nowNs, lagTimeoutNs);
        }
        if (entries > 0)
        {
            blockedSinceNs = 0;
        }
        return work + entries;
    }

    private int checkBlocked(final long nowNs, final long lagTimeoutNs)
    {
        if (0 == blockedSinceNs)
        {
            blockedSinceNs = nowNs;
            return 0;
        }
        if (closeWhenDrained)
        {
            if (nowNs - closeDeadlineNs > 0)
            {
                finish(false); // the peer takes nothing, not even the reason
                return 1;
            }
            return 0;
        }
        if (nowNs - blockedSinceNs > lagTimeoutNs)
        {
            agent.onLagging(this);
            for (int i = 0; i < count; i++)
            {
                subscriptions[i].drop(DropReason.LAGGING, "subscriber took no data for longer than the lag timeout");
            }
            closeAfterDrain(nowNs + lagTimeoutNs);
            return 1;
        }
        return 0;
    }

    /**
     * Sessions on Aeron have no connection state of their own: a response publication that stays
     * unconnected (or not yet registered) for the lag timeout means the subscriber is gone.
     *
     * @return true when the session finished.
     */
    private boolean checkDisconnected(final long nowNs)
    {
        if (((AeronOutbound)outbound).isConnected())
        {
            disconnectedSinceNs = 0;
            return false;
        }
        if (0 == disconnectedSinceNs)
        {
            disconnectedSinceNs = nowNs;
        }
        else if (nowNs - disconnectedSinceNs > lagTimeoutNs)
        {
            finish(false);
            return true;
        }
        return false;
    }

    void closeAfterDrain(final long deadlineNs)
    {
        if (!closeWhenDrained)
        {
            closeWhenDrained = true;
            closeDeadlineNs = deadlineNs;
        }
    }

    private void removeDone()
    {
        for (int i = count - 1; i >= 0; i--)
        {
            final LogSubscription subscription = subscriptions[i];
            if (subscription.isDone())
            {
                agent.release(subscription);
                subscriptions[i] = subscriptions[count - 1];
                subscriptions[--count] = null;
            }
        }
    }

    /**
     * Encodes one entry in place: the Entry's fixed block, then the channel, key and payload copied from the
     * frame with the wire's length prefixes (log format 2 stores them more compactly). Sends a LogSwitch first when the
     * previous entry on this stream was of another log.
     *
     * @return 1 when sent, 0 on back pressure, -1 when it can never fit the transport.
     */
    int sendEntry(final int logId, final long seqno, final long timestampNs, final LogEntryView view)
    {
        final int varLength = 1 + view.channelLength() + 4 + view.keyLength() + 4 + view.payloadLength();
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + EntryEncoder.BLOCK_LENGTH + varLength;
        final Outbound outbound = this.outbound;
        if (length > outbound.maxMessageLength())
        {
            return -1;
        }
        if (logId != lastEntryLogId && NO_LOG != lastEntryLogId)
        {
            if (!outbound.claim(MessageHeaderEncoder.ENCODED_LENGTH + LogSwitchEncoder.BLOCK_LENGTH, DROP_RESERVE))
            {
                return 0;
            }
            agent.logSwitchEncoder.wrapAndApplyHeader(outbound.buffer(), outbound.offset(), agent.headerEncoder)
                .logId(logId);
            if (!outbound.commit())
            {
                return 0;
            }
        }
        lastEntryLogId = logId;
        if (!outbound.claim(length, DROP_RESERVE))
        {
            return 0;
        }
        final MutableDirectBuffer buffer = outbound.buffer();
        final int offset = outbound.offset();
        agent.entryEncoder.wrapAndApplyHeader(buffer, offset, agent.headerEncoder)
            .logId(logId)
            .seqno(seqno)
            .timestampNs(timestampNs)
            .producerId(view.producerId())
            .producerSeqno(view.producerSeqno());
        int position = offset + MessageHeaderEncoder.ENCODED_LENGTH + EntryEncoder.BLOCK_LENGTH;
        buffer.putByte(position, (byte)view.channelLength());
        buffer.putBytes(position + 1, view.buffer(), view.channelOffset(), view.channelLength());
        position += 1 + view.channelLength();
        buffer.putInt(position, view.keyLength(), ByteOrder.LITTLE_ENDIAN);
        buffer.putBytes(position + 4, view.buffer(), view.keyOffset(), view.keyLength());
        position += 4 + view.keyLength();
        buffer.putInt(position, view.payloadLength(), ByteOrder.LITTLE_ENDIAN);
        buffer.putBytes(position + 4, view.buffer(), view.payloadOffset(), view.payloadLength());
        if (!outbound.commit())
        {
            return 0;
        }
        agent.entriesSent++;
        return 1;
    }

    boolean sendLogProgress(final LogTail tail)
    {
        final int length = agent.proxy.logProgress(agent.notificationScratch, 0, tail.logId(), tail.segmentBase(),
            tail.writtenSize(), tail.commitSeqno(), tail.fileName(), tail.fileNameLength());
        return sendScratch(length);
    }

    boolean sendSegmentCreated(final LogTail tail)
    {
        final int length = agent.proxy.segmentCreated(agent.notificationScratch, 0, tail.logId(), tail.segmentBase(),
            tail.segmentLength(), tail.fileName(), tail.fileNameLength());
        return sendScratch(length);
    }

    private boolean sendScratch(final int length)
    {
        if (!outbound.claim(length, DROP_RESERVE))
        {
            return false;
        }
        outbound.buffer().putBytes(outbound.offset(), agent.notificationScratch, 0, length);
        return outbound.commit();
    }

    void onComplete(final LogSubscription subscription, final long lastSeqno, final long delivered,
        final CompleteReason reason)
    {
        if (!agent.proxy.complete(control, subscription.correlationId, subscription.logId, lastSeqno, delivered, reason))
        {
            closeAfterDrain(0);
        }
    }

    void onDropped(final LogSubscription subscription, final DropReason reason, final long lastSeqno, final String text)
    {
        agent.onDropped();
        if (!agent.proxy.dropped(control, subscription.correlationId, subscription.logId, reason, lastSeqno, text))
        {
            closeAfterDrain(0);
        }
    }

    /**
     * Drops every subscription of this session: each gets a Dropped with the reason and text.
     */
    void dropAll(final DropReason reason, final String text)
    {
        for (int i = 0; i < count; i++)
        {
            subscriptions[i].drop(reason, text);
        }
    }

    /**
     * Drops every subscription with SHUTDOWN and the reason, pushes what the transport takes now, and
     * finishes with a flush, so the peer learns why before its stream ends.
     */
    public void abort(final String reason)
    {
        if (done)
        {
            return;
        }
        dropAll(DropReason.SHUTDOWN, reason);
        control.drain(outbound);
        finish(true);
    }

    /**
     * Ends every subscription and frees the session's resources (flushing the final message when the session
     * ended with one); called once by the agent's session list after the session is done.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        done = true;
        for (int i = 0; i < count; i++)
        {
            agent.release(subscriptions[i]);
            subscriptions[i] = null;
        }
        count = 0;
        agent.onSessionClosed(this);
        if (flushOnClose)
        {
            outbound.closeAfterFlush();
        }
        else
        {
            outbound.close();
        }
    }
}
