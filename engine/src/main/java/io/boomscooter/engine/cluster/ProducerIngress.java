package io.boomscooter.engine.cluster;

import io.aeron.Aeron;
import io.boomscooter.codecs.ingress.SubmitStatus;
import io.boomscooter.engine.log.LogDiskFullException;
import io.boomscooter.engine.ingress.IngressResponder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;

import java.util.concurrent.TimeUnit;

/**
 * The leader's producer ingress for one log: it takes each producer's entries in producer-seqno order
 * (a repeat is answered with the cumulative ack again, a gap refused), appends them, and answers each
 * connected producer through its {@link ProducerSession}. Sessions end after the idle timeout, so the
 * work of answering follows the producers that are live, not every producer ever seen.
 */
final class ProducerIngress implements AutoCloseable
{
    private static final String DISK_FULL_REASON = "the log's disk is full: entry refused, re-send later";
    private static final long DISK_FULL_REPORT_INTERVAL_NS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);
    static final long GAP_REJECT_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final String TOO_LARGE_REASON =
        "entry longer than the log's maximum frame (boomscooter.log.max.frame.length, header included): refused";
    private static final String GAP_REASON = "producer seqno gap on a solitary-producer log";
    private static final String PRODUCER_GAP_REASON = "producer seqno gap: entries were lost on the way, re-send";

    private final LogCore core;
    private final Election election;
    private final Aeron aeron;
    private final long idleTimeoutNs;
    private final IngressResponder responder = new IngressResponder();
    private final Long2ObjectHashMap<ProducerSession> producers = new Long2ObjectHashMap<>();
    private final EpochNanoClock clock = new OffsetEpochNanoClock();
    private long lastHeartbeatNs;
    private long lastDiskFullReportNs;
    private boolean heartbeatDue;
    private long nowNs = System.nanoTime();
    private ProducerAuthenticator authenticator;

    ProducerIngress(final LogCore core, final Election election, final Aeron aeron, final long idleTimeoutNs)
    {
        this.core = core;
        this.election = election;
        this.aeron = aeron;
        this.idleTimeoutNs = idleTimeoutNs;
    }

    /**
     * Turns on producer authentication for this log (before any producer connects).
     */
    void authenticator(final ProducerAuthenticator authenticator)
    {
        this.authenticator = authenticator;
    }

    /**
     * @return the node's producer authentication, or null when off.
     */
    ProducerAuthenticator authenticator()
    {
        return authenticator;
    }

    /**
     * A producer's AuthResponse for this log; ignored for a producer that has no session here.
     */
    void onAuthResponse(final long producerId, final DirectBuffer buffer, final int macOffset, final String principal)
    {
        final ProducerSession producer = producers.get(producerId);
        if (null == authenticator)
        {
            return;
        }
        if (null == producer)
        {
            authenticator.refuse(ProducerAuthenticator.NOT_CONNECTED, "AuthResponse from producer " + producerId + " that did not connect to log " +
                core.logId);
            return;
        }
        producer.onActivity(nowNs);
        producer.onAuthResponse(buffer, macOffset, principal, authenticator.imageSessionId);
    }

    // what a ProducerSession needs to answer
    int logId()
    {
        return core.logId;
    }

    long epoch()
    {
        return election.epoch();
    }

    long commitSeqno()
    {
        return core.commitSeqno();
    }

    long idleTimeoutNs()
    {
        return idleTimeoutNs;
    }

    boolean isLeading()
    {
        return election.role() == Role.LEADER;
    }

    boolean heartbeatDue()
    {
        return heartbeatDue;
    }

    IngressResponder responder()
    {
        return responder;
    }

    long lastProducerSeqno(final long producerId)
    {
        return core.producerTable.lastProducerSeqno(producerId);
    }

    long lastSeqno(final long producerId)
    {
        return core.producerTable.lastSeqno(producerId);
    }

    void onError(final Throwable ex)
    {
        core.errorHandler.onError(ex);
    }

    /**
     * @return producer sessions held now (live or waiting for their publication).
     */
    int sessionCount()
    {
        return producers.size();
    }

    /**
     * Answers producers while leading; drops sessions that ended (idle, or a refused channel) in any role.
     */
    int doWork(final long nowNs)
    {
        this.nowNs = nowNs;
        if (producers.isEmpty())
        {
            core.counters.producerSessions.setRelease(0);
            return 0;
        }
        final boolean leading = election.role() == Role.LEADER;
        heartbeatDue = leading && nowNs - lastHeartbeatNs >= LeaderReplication.HEARTBEAT_NS;
        if (heartbeatDue)
        {
            lastHeartbeatNs = nowNs;
        }
        int work = 0;
        final Long2ObjectHashMap<ProducerSession>.ValueIterator it = producers.values().iterator();
        while (it.hasNext())
        {
            final ProducerSession producer = it.next();
            work += producer.doWork(nowNs);
            if (producer.isDone())
            {
                producer.close();
                it.remove();
                work++;
            }
        }
        core.counters.producerSessions.setRelease(producers.size());
        return work;
    }

    void onProducerConnect(final long producerId, final int streamId, final DirectBuffer buffer,
        final int channelOffset, final int channelLength)
    {
        ProducerSession producer = producers.get(producerId);
        if (null == producer)
        {
            producer = new ProducerSession(this, aeron, producerId);
            producers.put(producerId, producer);
        }
        producer.connect(buffer, channelOffset, channelLength, streamId, nowNs);
    }

    /**
     * @return false when the entry could not be taken now and the fragment should be retried.
     */
    boolean onSubmit(final long producerId, final long producerSeqno, final long timestampNs,
        final DirectBuffer buffer, final int channelOffset, final int channelLength, final int keyOffset,
        final int keyLength, final int payloadOffset, final int payloadLength)
    {
        final ProducerSession producer = producers.get(producerId);
        if (null != authenticator)
        {
            if (null == producer)
            {
                authenticator.refuseQuietly();  // nothing to answer through: it must connect and prove itself first
                return true;
            }
            if (!producer.mayWrite(authenticator.imageSessionId))
            {
                producer.refuseEntry(producerSeqno, nowNs);
                return true;
            }
        }
        if (null != producer)
        {
            producer.onActivity(nowNs);
        }
        final ProducerTable table = core.producerTable;
        final long expected = core.settings.solitaryProducer() ?
            core.writer.lastSeqno() + 1 : table.lastProducerSeqno(producerId) + 1;
        if (producerSeqno < expected)
        {
            // a re-send of something this log holds: repeat the cumulative ack instead of appending
            if (null != producer)
            {
                producer.ackLater(table.lastProducerSeqno(producerId), table.lastSeqno(producerId), timestampNs);
            }
            return true;
        }
        if (producerSeqno > expected)
        {
            core.counters.rejected.increment();
            final long now = System.nanoTime();
            if (null != producer && null != producer.responses && now - producer.lastGapRejectNs > GAP_REJECT_INTERVAL_NS)
            {
                // one reject per interval: the producer re-sends everything from the expected seqno anyway
                producer.lastGapRejectNs = now;
                responder.reject(producer.responses, core.logId, producerId, producerSeqno, expected, SubmitStatus.GAP,
                    core.settings.solitaryProducer() ? GAP_REASON : PRODUCER_GAP_REASON);
            }
            return true;
        }

        if (io.boomscooter.engine.log.LogFormat.FRAME_HEADER_LENGTH + (long)io.boomscooter.engine.log.LogEntryView
            .bodyLength(channelLength, keyLength, payloadLength) > core.writer.maxFrameLength())
        {
            onTooLarge(producer, producerId, producerSeqno);
            return true;
        }
        final long epoch = election.epoch();
        final long seqno;
        try
        {
            seqno = core.writer.appendEntry(epoch, clock.nanoTime(), producerId, producerSeqno,
                buffer, channelOffset, channelLength, keyOffset, keyLength, payloadOffset, payloadLength);
        }
        catch (final LogDiskFullException ex)
        {
            onDiskFull(producer, producerId, producerSeqno, ex);
            return true;
        }
        core.epochs.onAppend(epoch, seqno);
        table.onAppend(producerId, producerSeqno, seqno);
        if (null != producer)
        {
            producer.ackLater(producerSeqno, seqno, timestampNs);
        }
        return true;
    }

    /**
     * An entry longer than the log's frames may be: refused with TOO_LARGE (at most once per interval, as the
     * producer re-sends it), counted, never appended; it was an exception escaping the append before.
     */
    private void onTooLarge(final ProducerSession producer, final long producerId, final long producerSeqno)
    {
        core.counters.rejected.increment();
        final long now = System.nanoTime();
        if (null != producer && null != producer.responses && now - producer.lastGapRejectNs > GAP_REJECT_INTERVAL_NS)
        {
            producer.lastGapRejectNs = now;
            responder.reject(producer.responses, core.logId, producerId, producerSeqno, producerSeqno,
                SubmitStatus.TOO_LARGE, TOO_LARGE_REASON);
        }
    }

    /**
     * The log cannot grow: refuse the entry (the producer keeps it and re-sends once the log takes entries
     * again), count it, tell the producer why at most once per interval, and go on serving everything else.
     */
    private void onDiskFull(final ProducerSession producer, final long producerId, final long producerSeqno,
        final LogDiskFullException ex)
    {
        core.counters.diskFull.increment();
        final long now = System.nanoTime();
        if (now - lastDiskFullReportNs > DISK_FULL_REPORT_INTERVAL_NS)
        {
            lastDiskFullReportNs = now;
            core.errorHandler.onError(ex);
        }
        if (null != producer && null != producer.responses && now - producer.lastGapRejectNs > GAP_REJECT_INTERVAL_NS)
        {
            producer.lastGapRejectNs = now;
            responder.reject(producer.responses, core.logId, producerId, producerSeqno, producerSeqno,
                SubmitStatus.DISK_FULL, DISK_FULL_REASON);
        }
    }

    public void close()
    {
        final Long2ObjectHashMap<ProducerSession>.ValueIterator it = producers.values().iterator();
        while (it.hasNext())
        {
            CloseHelper.quietClose(it.next());
        }
        producers.clear();
    }
}
