package io.boomscooter.engine.cluster;


import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.boomscooter.codecs.replication.MessageHeaderDecoder;
import io.boomscooter.codecs.replication.PromoteDecoder;
import io.boomscooter.client.MessageCheck;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.function.Consumer;

/**
 * The admin stream of a member: an operator's {@code Promote} starts a candidacy of the named log, and the
 * outcome goes back on the operator's response channel (a publication added without waiting for the
 * driver). One request at a time; a new one replaces the previous.
 */
final class AdminEndpoint implements AutoCloseable
{
    private static final String MALFORMED_ADMIN = "malformed admin request";
    private static final long ADMIN_RESPONSE_TIMEOUT_NS = 8_000_000_000L;

    private final Aeron aeron;
    private final ClusterConfig config;
    private final Int2ObjectHashMap<HostedLog> logs;
    private final ClusterTransport transport;
    private final ErrorHandler errorHandler;
    private final java.io.PrintStream events;
    private final Consumer<String> reject;
    private final Subscription adminIn;
    private final FragmentHandler adminHandler = new FragmentAssembler(this::onAdminFragment);
    private final MessageCheck adminCheck = new MessageCheck();
    private final MessageHeaderDecoder adminHeader = new MessageHeaderDecoder();
    private final PromoteDecoder promoteDecoder = new PromoteDecoder();
    private final ReplicationPublisher publisher = new ReplicationPublisher();
    private ExclusivePublication adminResponse;
    private MemberAuthenticator memberAuth;
    private long adminResponseRegistrationId = Aeron.NULL_VALUE;
    private int adminResponseLogId;
    private int adminResponseStreamId;
    private String adminResponseChannel;
    private long adminResponseDeadlineNs;

    /**
     * @param reject counts and records a refused message; takes a constant reason.
     */
    AdminEndpoint(final Aeron aeron, final ClusterConfig config, final Int2ObjectHashMap<HostedLog> logs,
        final ClusterTransport transport, final ErrorHandler errorHandler, final Consumer<String> reject,
        final java.io.PrintStream events)
    {
        this.events = events;
        this.aeron = aeron;
        this.config = config;
        this.logs = logs;
        this.transport = transport;
        this.errorHandler = errorHandler;
        this.reject = reject;
        this.adminIn = aeron.addSubscription(config.self().channel(), config.streams().admin());
    }

    int doWork(final long nowNs)
    {
        return adminIn.poll(adminHandler, 1) + sendAdminResponse(nowNs);
    }

    /**
     * With authentication on, admin requests are taken only from proven member images: an operator's promote
     * from outside the cluster is refused and counted (elections are automatic; see docs/authentication.md).
     */
    void memberAuthenticator(final MemberAuthenticator memberAuth)
    {
        this.memberAuth = memberAuth;
    }

    private void onAdminFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (null != memberAuth && !memberAuth.admit(buffer, offset, length, header))
        {
            return;
        }
        final int templateId = adminCheck.header(buffer, offset, length, MessageHeaderDecoder.SCHEMA_ID,
            MessageHeaderDecoder.SCHEMA_VERSION);
        if (templateId != PromoteDecoder.TEMPLATE_ID || !adminCheck.block(offset, PromoteDecoder.BLOCK_LENGTH) ||
            !adminCheck.varUint32())
        {
            reject.accept(MALFORMED_ADMIN);
            return;
        }
        adminHeader.wrap(buffer, offset);
        promoteDecoder.wrapAndApplyHeader(buffer, offset, adminHeader);
        final int logId = promoteDecoder.logId();
        final int streamId = promoteDecoder.responseStreamId();
        final String responseChannel = buffer.getStringWithoutLengthUtf8(
            promoteDecoder.limit() + PromoteDecoder.responseChannelHeaderLength(), promoteDecoder.responseChannelLength());
        final HostedLog log = logs.get(logId);
        CloseHelper.quietClose(adminResponse);
        adminResponse = null;
        if (Aeron.NULL_VALUE != adminResponseRegistrationId)
        {
            aeron.asyncRemovePublication(adminResponseRegistrationId);
        }
        // added asynchronously: the duty cycle never waits for the driver (see sendAdminResponse)
        adminResponseRegistrationId = aeron.asyncAddExclusivePublication(responseChannel, streamId);
        adminResponseChannel = responseChannel;
        adminResponseStreamId = streamId;
        adminResponseLogId = logId;
        adminResponseDeadlineNs = System.nanoTime() + ADMIN_RESPONSE_TIMEOUT_NS;
        if (null != log)
        {
            log.promote(System.nanoTime());
        }
    }

    /**
     * Answers a promote request once the candidacy is decided: NewLeader naming this node when it won,
     * -1 when it failed; when a member holding more entries refused its vote, the request is passed to
     * that member, which answers the operator itself.
     */
    private int sendAdminResponse(final long nowNs)
    {
        if (Aeron.NULL_VALUE != adminResponseRegistrationId)
        {
            try
            {
                adminResponse = aeron.getExclusivePublication(adminResponseRegistrationId);
                if (null == adminResponse)
                {
                    return 0;
                }
            }
            catch (final io.aeron.exceptions.RegistrationException ex)
            {
                errorHandler.onError(ex);
            }
            adminResponseRegistrationId = Aeron.NULL_VALUE;
        }
        if (null == adminResponse)
        {
            return 0;
        }
        final HostedLog log = logs.get(adminResponseLogId);
        if (null != log && log.promotion() == Promotion.PENDING && nowNs < adminResponseDeadlineNs)
        {
            return 0;
        }
        if (null != log && log.promotion() == Promotion.HANDOVER)
        {
            final int index = config.memberIndex(log.handoverTo());
            if (publisher.promote(transport.adminOut[index], adminResponseLogId, adminResponseStreamId,
                adminResponseChannel) <= 0 && nowNs < adminResponseDeadlineNs)
            {
                return 0;
            }
            events.println("node " + config.nodeId() + ": log " + adminResponseLogId + " promotion handed to node " +
                log.handoverTo() + ", which holds more entries");
            CloseHelper.quietClose(adminResponse);
            adminResponse = null;
            return 1;
        }
        final boolean won = null != log && log.role() == Role.LEADER;
        final long result = null == log ?
            publisher.newLeader(adminResponse, adminResponseLogId, -1, -1, -1) :
            publisher.newLeader(adminResponse, adminResponseLogId, won ? config.nodeId() : -1, log.epoch(),
                log.lastSeqno() + 1);
        if (result > 0 || nowNs > adminResponseDeadlineNs)
        {
            if (won && result > 0)
            {
                events.println("node " + config.nodeId() + ": log " + adminResponseLogId +
                    " promoted to leader of epoch " + log.epoch() + " by operator request");
            }
            CloseHelper.quietClose(adminResponse);
            adminResponse = null;
            return 1;
        }
        return 0;
    }

    public void close()
    {
        CloseHelper.quietCloseAll(adminResponse, adminIn);
    }
}
