package io.boomscooter.engine.subscriber;

import io.boomscooter.codecs.subscriber.CompleteReason;
import io.boomscooter.codecs.subscriber.DropReason;
import io.boomscooter.engine.log.LogEntryView;
import io.boomscooter.engine.log.LogFrameHandler;
import io.boomscooter.engine.log.LogReader;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One log delivered on a {@link SubscriberSession}: a {@link LogReader} cursor bounded by the log's
 * commit seqno, so reading history and following live are one path and the switch between them can
 * neither skip nor repeat an entry. Credit, limits and the channel-prefix filter are applied here.
 * <p>
 * An entry the transport pushes back on stays pending (the mapped frame is still valid: the reader is
 * polled one frame at a time and not again until the pending frame is sent) and is retried next tick.
 */
final class LogSubscription implements LogFrameHandler
{
    static final long NONE = -1;

    final SubscriberSession session;
    final LogSource source;
    final int logId;
    final long correlationId;
    final boolean notify;
    private final long startSeqno;
    private final long endSeqno;
    private final long maxCount;
    private final long maxBytes;
    private final UnsafeBuffer prefix;
    private final int prefixLength;
    private final long notifyIntervalNs;
    private final LogEntryView view = new LogEntryView();

    private LogReader reader;
    private boolean positioned;
    long credit;
    private long delivered;
    private long bytesDelivered;
    private long lastSeqno;
    private boolean done;
    private boolean blocked;

    private boolean hasPending;
    private DirectBuffer pendingBuffer;
    private int pendingOffset;
    private int pendingLength;
    private long pendingSeqno;
    private long pendingTimestampNs;

    private LogTail tail;
    private long sentCommit = -1;
    private long sentSegmentChanges;
    private long nextNotifyNs;

    LogSubscription(final SubscriberSession session, final LogSource source, final long correlationId,
        final boolean notify, final long startSeqno, final long endSeqno, final long maxCount, final long maxBytes,
        final long credit, final DirectBuffer prefixBuffer, final int prefixOffset, final int prefixLength,
        final long notifyIntervalMs)
    {
        this.session = session;
        this.source = source;
        this.logId = source.logId();
        this.correlationId = correlationId;
        this.notify = notify;
        this.startSeqno = startSeqno;
        this.endSeqno = endSeqno;
        this.maxCount = maxCount;
        this.maxBytes = maxBytes;
        this.credit = credit;
        this.prefix = new UnsafeBuffer(new byte[Math.max(1, prefixLength)]);
        prefix.putBytes(0, prefixBuffer, prefixOffset, prefixLength);
        this.prefixLength = prefixLength;
        this.notifyIntervalNs = notifyIntervalMs * 1_000_000L;
        this.lastSeqno = startSeqno - 1;
    }

    /**
     * @param reader opened on the log; owned from now on.
     * @return the result of seeking to the start seqno ({@link LogReader#SEEK_NOT_YET} is retried later).
     */
    int open(final LogReader reader)
    {
        this.reader = reader;
        final int result = reader.seek(startSeqno);
        positioned = LogReader.SEEK_OK == result;
        return result;
    }

    void attach(final LogTail tail)
    {
        this.tail = tail;
        sentSegmentChanges = tail.segmentChanges();
    }

    LogTail tail()
    {
        return tail;
    }

    long earliestSeqno()
    {
        return null == reader ? 1 : reader.earliestSeqno();
    }

    boolean isDone()
    {
        return done;
    }

    void addCredit(final long amount)
    {
        credit = credit + amount < 0 ? Long.MAX_VALUE : credit + amount;
    }

    /**
     * @return entries read (delivered or filtered out), or notifications sent.
     */
    int tick(final long nowNs, final int budget)
    {
        if (done)
        {
            return 0;
        }
        blocked = false;
        return notify ? tickNotify(nowNs) : tickEntries(budget);
    }

    /**
     * @return true when the transport pushed back during the last tick.
     */
    boolean isBlocked()
    {
        return blocked;
    }

    private int tickEntries(final int budget)
    {
        if (credit <= 0)
        {
            return 0; // out of credit: no reads at all
        }
        final long commit = source.commitSeqno();
        if (!positioned && !position(commit))
        {
            return 0;
        }
        int work = 0;
        if (hasPending)
        {
            if (!deliver(pendingBuffer, pendingOffset, pendingLength, pendingSeqno, pendingTimestampNs))
            {
                return 0;
            }
            hasPending = false;
            pendingBuffer = null;
            work++;
        }
        final LogReader reader = this.reader;
        while (work < budget && credit > 0 && !done)
        {
            final long next = reader.nextSeqno();
            if (NONE != endSeqno && next > endSeqno)
            {
                complete(CompleteReason.END_SEQNO);
                break;
            }
            if (next > commit)
            {
                break;
            }
            final int polled = reader.poll(this, 1);
            if (polled <= 0)
            {
                if (LogReader.TRIMMED == polled)
                {
                    drop(DropReason.TRIMMED, "entries deleted by retention before they were delivered");
                }
                else if (LogReader.CORRUPT == polled)
                {
                    drop(DropReason.CORRUPT, "corrupt log on this node");
                }
                break;
            }
            work++;
            if (blocked)
            {
                break;
            }
        }
        return work;
    }

    private boolean position(final long commit)
    {
        // The start is past the log's end; seek again (a directory listing) only once it can succeed.
        if (commit < startSeqno - 1)
        {
            return false;
        }
        final int result = reader.seek(startSeqno);
        if (LogReader.SEEK_OK == result)
        {
            positioned = true;
        }
        else if (LogReader.SEEK_TRIMMED == result)
        {
            drop(DropReason.TRIMMED, "start seqno deleted by retention");
        }
        else if (LogReader.SEEK_CORRUPT == result)
        {
            drop(DropReason.CORRUPT, "corrupt log on this node");
        }
        return positioned;
    }

    public void onFrame(final DirectBuffer buffer, final int frameOffset, final int frameLength, final long seqno,
        final long epoch, final long timestampNs)
    {
        if (!deliver(buffer, frameOffset, frameLength, seqno, timestampNs))
        {
            hasPending = true;
            pendingBuffer = buffer;
            pendingOffset = frameOffset;
            pendingLength = frameLength;
            pendingSeqno = seqno;
            pendingTimestampNs = timestampNs;
        }
    }

    /**
     * @return false when the transport pushed back and the frame must be retried.
     */
    private boolean deliver(final DirectBuffer buffer, final int frameOffset, final int frameLength, final long seqno,
        final long timestampNs)
    {
        final LogEntryView view = this.view;
        if (!view.wrap(buffer, frameOffset, frameLength))
        {
            drop(DropReason.CORRUPT, "malformed entry in the log on this node");
            return true;
        }
        if (prefixLength > 0 && !channelMatches(view))
        {
            if (NONE != endSeqno && seqno >= endSeqno)
            {
                complete(CompleteReason.END_SEQNO);
            }
            return true;
        }
        final int payloadLength = view.payloadLength();
        if (NONE != maxBytes && bytesDelivered + payloadLength > maxBytes)
        {
            complete(CompleteReason.BYTES);
            return true;
        }
        final int sent = session.sendEntry(logId, seqno, timestampNs, view);
        if (sent <= 0)
        {
            if (sent < 0)
            {
                drop(DropReason.MALFORMED, "entry longer than the transport's largest message");
                return true;
            }
            blocked = true;
            return false;
        }
        credit--;
        delivered++;
        bytesDelivered += payloadLength;
        lastSeqno = seqno;
        if (NONE != maxCount && delivered >= maxCount)
        {
            complete(CompleteReason.COUNT);
        }
        else if (NONE != endSeqno && seqno >= endSeqno)
        {
            complete(CompleteReason.END_SEQNO);
        }
        else if (NONE != maxBytes && bytesDelivered >= maxBytes)
        {
            complete(CompleteReason.BYTES);
        }
        return true;
    }

    private boolean channelMatches(final LogEntryView view)
    {
        if (view.channelLength() < prefixLength)
        {
            return false;
        }
        final DirectBuffer buffer = view.buffer();
        final int offset = view.channelOffset();
        for (int i = 0; i < prefixLength; i++)
        {
            if (buffer.getByte(offset + i) != prefix.getByte(i))
            {
                return false;
            }
        }
        return true;
    }

    private int tickNotify(final long nowNs)
    {
        final LogTail tail = this.tail;
        int work = 0;
        if (tail.segmentChanges() != sentSegmentChanges)
        {
            if (!session.sendSegmentCreated(tail))
            {
                blocked = true;
                return 0;
            }
            sentSegmentChanges = tail.segmentChanges();
            work++;
        }
        if (tail.commitSeqno() != sentCommit && nowNs - nextNotifyNs >= 0)
        {
            if (!session.sendLogProgress(tail))
            {
                blocked = true;
                return work;
            }
            sentCommit = tail.commitSeqno();
            nextNotifyNs = nowNs + notifyIntervalNs;
            work++;
        }
        return work;
    }

    void complete(final CompleteReason reason)
    {
        if (!done)
        {
            done = true;
            session.onComplete(this, lastSeqno, delivered, reason);
        }
    }

    void drop(final DropReason reason, final String text)
    {
        if (!done)
        {
            done = true;
            session.onDropped(this, reason, lastSeqno, text);
        }
    }

    /**
     * Ends the subscription without a message (the session is closing).
     */
    void close()
    {
        done = true;
        hasPending = false;
        pendingBuffer = null;
        CloseHelper.quietClose(reader);
        reader = null;
    }
}
