package io.boomscooter.engine.cluster;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.boomscooter.codecs.replication.RejectCode;
import io.boomscooter.engine.Node;
import io.boomscooter.engine.RejectedMessageException;
import io.boomscooter.engine.ingress.IngressAdapter;
import io.boomscooter.engine.ingress.IngressHandler;
import io.boomscooter.engine.log.LogConfig;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.logbuffer.FragmentHandler;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.Agent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The replicated-log agent of a node: it receives replication, control, ingress and admin messages on
 * the node's endpoint, dispatches them by log id to each {@link HostedLog}, and ticks the logs.
 */
public final class ClusterAgent implements Agent, ReplicationHandler, IngressHandler
{
    private static final int FRAGMENT_LIMIT = 64;
    private static final String UNKNOWN_LOG = "replication message for a log this node does not host";
    private static final String UNKNOWN_LOG_INGRESS = "entry submitted for a log this node does not host";

    private final ClusterConfig config;
    private final Path dataDir;
    private final LogConfig logConfig;
    private final Aeron aeron;
    private final Node node;
    private final Int2ObjectHashMap<HostedLog> logs = new Int2ObjectHashMap<>();
    private final List<HostedLog> logList = new ArrayList<>();
    private final FragmentHandler replicationHandler;
    private final ReplicationAdapter replicationAdapter;
    private final FamilyHost families = new FamilyHost();
    private final ControlledFragmentHandler ingressHandler;
    private final IngressAdapter ingressAdapter = new IngressAdapter(this);
    private final ReplicationPublisher publisher = new ReplicationPublisher();
    private final io.aeron.Counter malformed;
    private ClusterTransport transport;
    private AdminEndpoint admin;
    private io.boomscooter.engine.auth.AuthSettings authSettings;
    private io.boomscooter.engine.auth.CredentialsWatcher credentials;
    private ProducerAuthenticator producerAuth;
    private MemberAuthenticator memberAuth;

    // set while an ingress fragment is being handled
    private boolean ingressRetry;
    private DirectBuffer ingressBuffer;
    private int ingressOffset;
    private int ingressLength;

    /**
     * @param node      node whose Aeron client, counters and error handler to use.
     * @param config    the cluster.
     * @param dataDir   where log directories and election state live.
     * @param logConfig segment settings for every hosted log.
     */
    public ClusterAgent(final Node node, final ClusterConfig config, final Path dataDir, final LogConfig logConfig)
    {
        this.node = node;
        this.config = config;
        this.dataDir = dataDir;
        this.logConfig = logConfig;
        this.aeron = node.aeron();
        this.malformed = node.counters().allocate(io.boomscooter.engine.CounterTypes.CLUSTER_MALFORMED,
            "cluster malformed messages");
        this.replicationAdapter = new ReplicationAdapter(this);
        this.replicationHandler = new FragmentAssembler(this::onReplicationFragment);
        families.loadServices();
        this.ingressHandler = new ControlledFragmentAssembler(this::onIngressFragment);
    }

    public void onStart()
    {
        transport = new ClusterTransport(aeron, config);
        admin = new AdminEndpoint(aeron, config, logs, transport, node.errorHandler(), this::reject, node.events());
        for (final LogSettings settings : config.logs())
        {
            final HostedLog log = new HostedLog(settings, config, dataDir, logConfig, aeron, transport,
                node.counters(), node.errorHandler(), node.events());
            logs.put(settings.logId(), log);
            logList.add(log);
        }
        if (null != credentials)
        {
            memberAuth = new MemberAuthenticator(config, transport, credentials, node.counters().allocate(
                io.boomscooter.engine.CounterTypes.MEMBER_AUTH_REFUSALS, "member auth refusals"), node.errorHandler());
            admin.memberAuthenticator(memberAuth);
            producerAuth = new ProducerAuthenticator(credentials, node.counters().allocate(
                io.boomscooter.engine.CounterTypes.PRODUCER_AUTH_REFUSALS, "producer auth refusals"),
                node.errorHandler());
            for (final HostedLog log : logList)
            {
                log.producerAuthenticator(producerAuth);
            }
        }
        families.start(config, transport, logList, node.errorHandler());
        for (final HostedLog log : logList)
        {
            log.start();
        }
    }

    public int doWork()
    {
        final long nowNs = System.nanoTime();
        int work = 0;
        for (int i = 0, n = logList.size(); i < n; i++)
        {
            // before any message: a leader that slept past its election timeout must not count what queued
            work += logList.get(i).onDutyCycleStart(nowNs);
        }
        work += transport.replicationIn.poll(replicationHandler, FRAGMENT_LIMIT);
        work += transport.controlIn.poll(replicationHandler, FRAGMENT_LIMIT);
        work += transport.ingressIn.controlledPoll(ingressHandler, FRAGMENT_LIMIT);
        work += admin.doWork(nowNs);
        if (null != memberAuth)
        {
            work += memberAuth.doWork(nowNs);
        }
        for (int i = 0, n = logList.size(); i < n; i++)
        {
            work += logList.get(i).doWork(nowNs);
        }
        work += families.doWork(nowNs);
        return work;
    }

    public void onClose()
    {
        CloseHelper.quietClose(credentials);
        families.close();
        for (final HostedLog log : logList)
        {
            CloseHelper.quietClose(log);
        }
        CloseHelper.quietCloseAll(admin, transport);
    }

    public String roleName()
    {
        return "cluster";
    }

    /**
     * @param logId a hosted log.
     * @return its role here, or null when not hosted.
     */
    public Role role(final int logId)
    {
        final HostedLog log = logs.get(logId);
        return null == log ? null : log.role();
    }

    /**
     * Turns on authentication of producers and members (call before the agent starts).
     *
     * @param settings the node's auth settings.
     * @param watcher  its credentials, or null when authentication is off; closed with the agent.
     * @return this.
     */
    public ClusterAgent authentication(final io.boomscooter.engine.auth.AuthSettings settings,
        final io.boomscooter.engine.auth.CredentialsWatcher watcher)
    {
        this.authSettings = settings;
        this.credentials = watcher;
        return this;
    }

    /**
     * Registers a protocol family (besides those found by {@link java.util.ServiceLoader}); call before the
     * agent starts.
     *
     * @throws IllegalArgumentException when its schema id is a core one or taken.
     */
    public ClusterAgent addFamily(final io.boomscooter.engine.family.ProtocolFamily family)
    {
        families.add(family);
        return this;
    }

    // ---------------------------------------------------------------- dispatch by schema id

    private void onReplicationFragment(final DirectBuffer buffer, final int offset, final int length,
        final Header header)
    {
        if (null != memberAuth && !memberAuth.admit(buffer, offset, length, header))
        {
            return;
        }
        if (!families.dispatch(header.streamId(), buffer, offset, length))
        {
            replicationAdapter.onFragment(buffer, offset, length, header);
        }
    }

    // ---------------------------------------------------------------- ingress

    private ControlledFragmentHandler.Action onIngressFragment(
        final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (families.dispatch(header.streamId(), buffer, offset, length))
        {
            return ControlledFragmentHandler.Action.CONTINUE;
        }
        ingressRetry = false;
        if (null != producerAuth)
        {
            producerAuth.imageSessionId = header.sessionId();
        }
        ingressBuffer = buffer;
        ingressOffset = offset;
        ingressLength = length;
        ingressAdapter.onFragment(buffer, offset, length, header);
        return ingressRetry ? ControlledFragmentHandler.Action.ABORT : ControlledFragmentHandler.Action.CONTINUE;
    }

    public void onProducerConnect(final long producerId, final int responseStreamId, final DirectBuffer buffer,
        final int channelOffset, final int channelLength)
    {
        // a producer may be told about every log, so answer for each; a replica forwards as well
        boolean forwarded = false;
        for (int i = 0, n = logList.size(); i < n; i++)
        {
            final HostedLog log = logList.get(i);
            if (log.role() == Role.LEADER)
            {
                log.onProducerConnect(producerId, responseStreamId, buffer, channelOffset, channelLength);
            }
            else if (!forwarded)
            {
                forwarded = true;
                if (!log.forwardToLeader(ingressBuffer, ingressOffset, ingressLength))
                {
                    ingressRetry = true;
                }
            }
        }
    }

    public void onSubmitEntry(final int logId, final long producerId, final long producerSeqno,
        final long timestampNs, final DirectBuffer buffer, final int channelOffset, final int channelLength,
        final int keyOffset, final int keyLength, final int payloadOffset, final int payloadLength,
        final int messageOffset, final int messageLength)
    {
        final HostedLog log = logs.get(logId);
        if (null == log)
        {
            reject(UNKNOWN_LOG_INGRESS);
            return;
        }
        final boolean done = log.role() == Role.LEADER ?
            log.onSubmit(producerId, producerSeqno, timestampNs, buffer, channelOffset, channelLength, keyOffset,
                keyLength, payloadOffset, payloadLength) :
            log.forwardToLeader(buffer, messageOffset, messageLength);
        if (!done)
        {
            ingressRetry = true;
        }
    }

    public void onAuthResponse(final int logId, final long producerId, final DirectBuffer buffer, final int macOffset,
        final String principal)
    {
        final HostedLog log = logs.get(logId);
        if (null == log)
        {
            reject(UNKNOWN_LOG_INGRESS);
        }
        else if (log.role() == Role.LEADER)
        {
            log.onAuthResponse(producerId, buffer, macOffset, principal);
        }
        else if (!log.forwardToLeader(ingressBuffer, ingressOffset, ingressLength))
        {
            ingressRetry = true;
        }
    }

    public void onMalformed(final String reason)
    {
        reject(reason);
    }

    /**
     * Counts a refused message and records why in the error log; the reason is a constant.
     */
    void reject(final String reason)
    {
        malformed.increment();
        node.errorHandler().onError(new RejectedMessageException(reason));
    }

    // ---------------------------------------------------------------- replication

    public void onAppendFrames(final int logId, final int leaderId, final long epoch, final long firstSeqno,
        final long lastSeqno, final long commitSeqno, final DirectBuffer buffer, final int framesOffset,
        final int framesLength)
    {
        final HostedLog log = logs.get(logId);
        if (null != log)
        {
            log.onAppendFrames(leaderId, epoch, firstSeqno, lastSeqno, commitSeqno, buffer, framesOffset, framesLength);
        }
        else
        {
            unknownLog(leaderId, logId);
        }
    }

    public void onAppendAck(final int logId, final int nodeId, final long epoch, final long ackSeqno)
    {
        final HostedLog log = logs.get(logId);
        if (null != log)
        {
            log.onAppendAck(nodeId, epoch, ackSeqno);
        }
        else
        {
            unknownLog(nodeId, logId);
        }
    }

    public void onCommitPosition(final int logId, final int leaderId, final long epoch, final long commitSeqno,
        final long lastSeqno)
    {
        final HostedLog log = logs.get(logId);
        if (null != log)
        {
            log.onCommitPosition(leaderId, epoch, commitSeqno, lastSeqno);
        }
        else
        {
            unknownLog(leaderId, logId);
        }
    }

    public void onCatchupRequest(final int logId, final int nodeId, final long epoch, final long fromSeqno,
        final long lastEpoch, final long lastEpochStart)
    {
        final HostedLog log = logs.get(logId);
        if (null != log)
        {
            log.onCatchupRequest(nodeId, epoch, fromSeqno, lastEpoch, lastEpochStart);
        }
        else
        {
            unknownLog(nodeId, logId);
        }
    }

    public void onNewLeader(final int logId, final int leaderId, final long epoch, final long epochStartSeqno)
    {
        final HostedLog log = logs.get(logId);
        if (null != log)
        {
            log.onNewLeader(leaderId, epoch, epochStartSeqno);
        }
        else
        {
            unknownLog(leaderId, logId);
        }
    }

    public void onTruncateTo(final int logId, final int leaderId, final long epoch, final long seqno)
    {
        final HostedLog log = logs.get(logId);
        if (null != log)
        {
            log.onTruncateTo(leaderId, epoch, seqno);
        }
        else
        {
            unknownLog(leaderId, logId);
        }
    }

    public void onRequestVote(final int logId, final int candidateId, final long epoch, final long lastSeqno,
        final long lastEpoch)
    {
        final HostedLog log = logs.get(logId);
        if (null != log)
        {
            log.onRequestVote(candidateId, epoch, lastSeqno, lastEpoch);
        }
        else
        {
            unknownLog(candidateId, logId);
        }
    }

    public void onPreVoteRequest(final int logId, final int candidateId, final long epoch, final long lastSeqno,
        final long lastEpoch)
    {
        final HostedLog log = logs.get(logId);
        if (null != log)
        {
            log.onPreVoteRequest(candidateId, epoch, lastSeqno, lastEpoch);
        }
        else
        {
            unknownLog(candidateId, logId);
        }
    }

    public void onPreVoteAnswer(final int logId, final int voterId, final long epoch, final boolean granted,
        final long lastSeqno, final long lastEpoch)
    {
        final HostedLog log = logs.get(logId);
        if (null != log)
        {
            log.onPreVoteAnswer(voterId, epoch, granted, lastSeqno, lastEpoch);
        }
    }

    public void onVote(final int logId, final int voterId, final long epoch, final boolean granted,
        final long lastSeqno, final long lastEpoch)
    {
        final HostedLog log = logs.get(logId);
        if (null != log)
        {
            log.onVote(voterId, epoch, granted, lastSeqno, lastEpoch);
        }
    }

    public void onReject(final int logId, final int nodeId, final long epoch, final RejectCode code)
    {
        final HostedLog log = logs.get(logId);
        if (null != log)
        {
            log.onReject(nodeId, epoch, code);
        }
    }

    private void unknownLog(final int fromNodeId, final int logId)
    {
        reject(UNKNOWN_LOG);
        final int index = config.memberIndex(fromNodeId);
        if (index >= 0 && null != transport.controlOut[index])
        {
            publisher.reject(transport.controlOut[index], logId, config.nodeId(), 0, RejectCode.UNKNOWN_LOG,
                UNKNOWN_LOG);
        }
    }
}
