package io.boomscooter.engine.cluster;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.exceptions.RegistrationException;
import io.boomscooter.codecs.ingress.SubmitStatus;
import io.boomscooter.engine.session.Session;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

/**
 * A producer the leader answers: where its acknowledgements go, and what it was last told. The
 * response publication is added asynchronously (a connect never blocks the duty cycle); a producer that
 * connects again with another response channel or stream gets a new publication, and the old one is
 * closed once the new one is ready. The session ends after the producer has been silent for the idle
 * timeout; what deduplication needs stays in the {@link ProducerTable}, which the log rebuilds anyway.
 */
final class ProducerSession implements Session
{
    private static final long NO_REGISTRATION = Aeron.NULL_VALUE;

    final long producerId;
    private final ProducerIngress ingress;
    private final Aeron aeron;
    ExclusivePublication responses;
    private String channel;
    private int streamId;
    private long pendingRegistrationId = NO_REGISTRATION;
    private String pendingChannel;
    private int pendingStreamId;
    private long lastActivityNs;
    private String abortReason;
    private boolean closed;

    long lastCommitSent = -1;
    long lastGapRejectNs;
    private final ProducerAuth auth;

    // acks are cumulative and coalesced: the newest appended entry stands for all before it
    boolean ackDirty;
    long ackProducerSeqno;
    long ackSeqno;
    long ackTimestampNs;

    ProducerSession(final ProducerIngress ingress, final Aeron aeron, final long producerId)
    {
        this.ingress = ingress;
        this.aeron = aeron;
        this.producerId = producerId;
        this.auth = null == ingress.authenticator() ? null : new ProducerAuth(ingress.authenticator(), ingress.logId());
    }

    /**
     * @return whether an entry that arrived on that Aeron image may be taken (always, with authentication off).
     */
    boolean mayWrite(final int imageSessionId)
    {
        return null == auth || auth.mayWrite(imageSessionId);
    }

    /**
     * An entry was refused by authentication: tell the producer why (at most once per interval), and prove again.
     */
    void refuseEntry(final long producerSeqno, final long nowNs)
    {
        final SubmitStatus status = auth.refuseEntry();
        if (null != responses && nowNs - lastGapRejectNs > ProducerIngress.GAP_REJECT_INTERVAL_NS)
        {
            lastGapRejectNs = nowNs;
            ingress.responder().reject(responses, ingress.logId(), producerId, producerSeqno, producerSeqno, status,
                status == SubmitStatus.FORBIDDEN ? ProducerAuth.FORBIDDEN_REASON : ProducerAuth.UNAUTHENTICATED_REASON);
        }
    }

    /**
     * The producer's proof arrived (on the image whose session id is given).
     */
    void onAuthResponse(final DirectBuffer buffer, final int macOffset, final String principal,
        final int imageSessionId)
    {
        final SubmitStatus refused = auth.onResponse(producerId, buffer, macOffset, principal, imageSessionId);
        if (null == refused)
        {
            lastCommitSent = -1;    // answer at once: the producer waits for any answer to count as connected
        }
        else if (null != responses)
        {
            ingress.responder().reject(responses, ingress.logId(), producerId, 0, 0, refused,
                refused == SubmitStatus.FORBIDDEN ? ProducerAuth.FORBIDDEN_REASON : ProducerAuth.REFUSED_REASON);
        }
    }

    /**
     * The producer (re)connects: asks for a response publication unless it already has, or is getting,
     * one on this channel and stream.
     */
    void connect(final DirectBuffer buffer, final int channelOffset, final int channelLength,
        final int responseStreamId, final long nowNs)
    {
        lastActivityNs = nowNs;
        if (NO_REGISTRATION != pendingRegistrationId)
        {
            if (pendingStreamId == responseStreamId && sameChannel(pendingChannel, buffer, channelOffset, channelLength))
            {
                return;
            }
            aeron.asyncRemovePublication(pendingRegistrationId);
            pendingRegistrationId = NO_REGISTRATION;
        }
        else if (null != responses && streamId == responseStreamId &&
            sameChannel(channel, buffer, channelOffset, channelLength))
        {
            // a repeated connect: answer at once, the producer waits for any answer
            lastCommitSent = -1;
            return;
        }
        // a new response channel: the only allocation, once per channel
        final String responseChannel = buffer.getStringWithoutLengthUtf8(channelOffset, channelLength);
        pendingChannel = responseChannel;
        pendingStreamId = responseStreamId;
        pendingRegistrationId = aeron.asyncAddExclusivePublication(responseChannel, responseStreamId);
    }

    /**
     * Compares without allocating: response channels are ASCII URIs (a non-ASCII one never matches and
     * is simply added again).
     */
    private static boolean sameChannel(final String known, final DirectBuffer buffer, final int offset, final int length)
    {
        if (null == known || known.length() != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (known.charAt(i) != (char)buffer.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }

    boolean isPending()
    {
        return NO_REGISTRATION != pendingRegistrationId;
    }

    void onActivity(final long nowNs)
    {
        lastActivityNs = nowNs;
    }

    void ackLater(final long producerSeqno, final long seqno, final long timestampNs)
    {
        if (producerSeqno > 0)
        {
            ackDirty = true;
            ackProducerSeqno = producerSeqno;
            ackSeqno = seqno;
            ackTimestampNs = timestampNs;
        }
    }

    public int doWork(final long nowNs)
    {
        int work = 0;
        if (NO_REGISTRATION != pendingRegistrationId)
        {
            work += pollPending();
        }
        if (nowNs - lastActivityNs > ingress.idleTimeoutNs())
        {
            abort("producer idle");
            return work + 1;
        }
        if (null == responses || null != abortReason || !ingress.isLeading())
        {
            return work;
        }
        if (null != auth && auth.mustChallenge(nowNs))
        {
            // mute but for challenges until the producer proves itself
            if (auth.challengeDue(nowNs) &&
                ingress.responder().challenge(responses, ingress.logId(), producerId, auth.nonce()) > 0)
            {
                auth.challengeSent(nowNs);
                work++;
            }
            if (!auth.authenticated())
            {
                return work;
            }
        }
        if (ingress.heartbeatDue())
        {
            ackLater(ingress.lastProducerSeqno(producerId), ingress.lastSeqno(producerId), ackTimestampNs);
        }
        if (ackDirty && ingress.responder().ack(responses, ingress.logId(), producerId, ackProducerSeqno, ackSeqno,
            ingress.commitSeqno(), ackTimestampNs, SubmitStatus.APPENDED, ingress.epoch()) > 0)
        {
            ackDirty = false;
            work++;
        }
        final long commitSeqno = ingress.commitSeqno();
        if ((lastCommitSent != commitSeqno || ingress.heartbeatDue()) &&
            ingress.responder().commitNotice(responses, ingress.logId(), ingress.epoch(), commitSeqno) > 0)
        {
            lastCommitSent = commitSeqno;
            work++;
        }
        return work;
    }

    private int pollPending()
    {
        final ExclusivePublication publication;
        try
        {
            publication = aeron.getExclusivePublication(pendingRegistrationId);
        }
        catch (final RegistrationException ex)
        {
            // a bad response channel: the producer is told nothing and will fail over or retry
            pendingRegistrationId = NO_REGISTRATION;
            ingress.onError(ex);
            if (null == responses)
            {
                abort("response channel refused");
            }
            return 1;
        }
        if (null == publication)
        {
            return 0;
        }
        CloseHelper.quietClose(responses);
        responses = publication;
        channel = pendingChannel;
        streamId = pendingStreamId;
        pendingRegistrationId = NO_REGISTRATION;
        pendingChannel = null;
        lastCommitSent = -1;
        return 1;
    }

    public boolean isDone()
    {
        return null != abortReason || closed;
    }

    public void abort(final String reason)
    {
        if (null == abortReason)
        {
            abortReason = reason;
        }
    }

    public void close()
    {
        if (!closed)
        {
            closed = true;
            if (NO_REGISTRATION != pendingRegistrationId)
            {
                aeron.asyncRemovePublication(pendingRegistrationId);
                pendingRegistrationId = NO_REGISTRATION;
            }
            CloseHelper.quietClose(responses);
            responses = null;
        }
    }
}
