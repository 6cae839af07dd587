package io.boomscooter.engine.cluster;

import io.aeron.Aeron;
import io.boomscooter.codecs.replication.RejectCode;
import io.boomscooter.engine.NodeCounters;
import io.boomscooter.engine.family.CommittedFrames;
import io.boomscooter.engine.family.FamilyLog;
import io.boomscooter.engine.log.FrameTypes;
import io.boomscooter.engine.log.LogConfig;
import io.boomscooter.engine.log.LogFormat;
import io.boomscooter.engine.log.LogReader;
import io.boomscooter.engine.log.LogWriter;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One replicated log on this node, wired from its role parts: the {@link Election} (epoch, vote, role),
 * the {@link LeaderReplication} (one {@link ReplicaSession} per replica, quorum commit), the
 * {@link Follower} (sync, append, ack) and the {@link ProducerIngress}. The election's role-change
 * callbacks switch the parts on and off; messages go to the part of the current role after the
 * election has checked their sender and epoch.
 * <p>
 * Why a little over 400 lines: it is the hub every message and role change passes through, one short
 * method each (about 40 of them), and holds no logic of its own beyond the sender check; the logic lives in
 * the parts above.
 */
final class HostedLog implements AutoCloseable, RoleListener, ElectionOutbound, LogPosition
{
    private static final String NOT_MEMBER = "replication message from a node that is not a member";
    private static final String IMPOSSIBLE_EPOCH = "epoch beyond any a promotion can reach";

    final int logId;
    private final LogCore core;
    private final Election election;
    private final LeaderReplication leader;
    private final Follower follower;
    private final ProducerIngress ingress;
    private final List<RoleListener> roleListeners = new ArrayList<>();
    private final EpochNanoClock familyClock = new OffsetEpochNanoClock();
    private final int maxFamilyBody;
    private final java.io.PrintStream events;

    HostedLog(final LogSettings settings, final ClusterConfig config, final Path dataDir, final LogConfig logConfig,
        final Aeron aeron, final ClusterTransport transport, final NodeCounters nodeCounters,
        final ErrorHandler errorHandler, final java.io.PrintStream events)
    {
        this.events = events;
        this.logId = settings.logId();
        final LogWriter writer = LogWriter.open(dataDir.resolve("log-" + logId), logConfig);
        this.core = new LogCore(settings, config, writer, transport, new LogCounters(nodeCounters, logId, config),
            errorHandler);
        final int members = config.members().size();
        final int[] memberIds = new int[members];
        for (int i = 0; i < members; i++)
        {
            memberIds[i] = config.members().get(i).id();
        }
        // any vote quorum must overlap any commit quorum, so the winner's voters include a holder of each
        // committed entry
        final int votesRequired = members - settings.quorum().required(members) + 1;
        this.election = new Election(
            ElectionState.load(dataDir.resolve("log-" + logId + ".state"), config.initialLeaderId()),
            memberIds, core.selfIndex, votesRequired, this, this, this, config.electionTimeoutNs(),
            config.electionStartupTimeoutNs(), System.nanoTime() * 31 + config.nodeId() * 1_000_003L + logId);
        this.leader = new LeaderReplication(core, election, logConfig.maxFrameLength());
        // 0 means "as long as a segment allows": the writer checks that
        this.maxFamilyBody = logConfig.maxFrameLength() > 0 ?
            logConfig.maxFrameLength() - LogFormat.FRAME_HEADER_LENGTH : Integer.MAX_VALUE;
        this.follower = new Follower(core, election);
        this.ingress = new ProducerIngress(core, election, aeron, config.producerIdleTimeoutNs());
        core.rebuildFromLog();
    }

    /**
     * Takes the role the persisted election state gives; listeners added before see the first callbacks.
     */
    void start()
    {
        election.start();
    }

    /**
     * Adds a listener told of every role change of this log after the log host's own parts.
     */
    void addRoleListener(final RoleListener listener)
    {
        roleListeners.add(listener);
    }

    Role role()
    {
        return election.role();
    }

    long commitSeqno()
    {
        return core.commitSeqno();
    }

    public long lastSeqno()
    {
        return core.writer.lastSeqno();
    }

    public long lastEpoch()
    {
        return core.epochs.lastEpoch();
    }

    long epoch()
    {
        return election.epoch();
    }

    Election election()
    {
        return election;
    }

    LogCore core()
    {
        return core;
    }

    int producerSessionCount()
    {
        return ingress.sessionCount();
    }

    Promotion promotion()
    {
        return election.promotion();
    }

    int handoverTo()
    {
        return election.handoverTo();
    }

    void promote(final long nowNs)
    {
        election.promote(nowNs);
    }

    /**
     * Before the messages of a duty cycle are read.
     */
    int onDutyCycleStart(final long nowNs)
    {
        return leader.onDutyCycleStart(nowNs);
    }

    int doWork(final long nowNs)
    {
        int work = 0;
        core.counters.electionsStarted.setRelease(election.electionsStarted());
        core.counters.electionsWon.setRelease(election.electionsWon());
        core.counters.electionsLost.setRelease(election.electionsLost());
        core.counters.stepDowns.setRelease(election.stepDowns());
        core.counters.lastSeqno.setRelease(core.writer.lastSeqno());
        work += core.writer.doWork();
        work += election.doWork(nowNs);
        work += leader.doWork(nowNs);
        work += follower.doWork(nowNs);
        work += ingress.doWork(nowNs);
        return work;
    }

    // ---------------------------------------------------------------- role changes

    public void onNewTerm(final long epoch, final int leaderId)
    {
        core.counters.epoch.setRelease(epoch);
        if (leaderId != (int)core.counters.leaderId.get())
        {
            // rare (an election), so a line and its allocation are fine here
            core.counters.leaderId.setRelease(leaderId);
            core.counters.leaderChangeMs.setRelease(System.currentTimeMillis());
            events.println("log " + logId + ": epoch " + epoch + " leader " +
                (leaderId == ElectionState.NONE ? "unknown" : String.valueOf(leaderId)) + " (node " + core.selfId +
                ", elections started " + election.electionsStarted() + " won " + election.electionsWon() +
                " lost " + election.electionsLost() + ")");
        }
        for (int i = 0, n = roleListeners.size(); i < n; i++)
        {
            roleListeners.get(i).onNewTerm(epoch, leaderId);
        }
    }

    public void onBecameLeader(final long epoch)
    {
        leader.onBecameLeader();
        for (int i = 0, n = roleListeners.size(); i < n; i++)
        {
            roleListeners.get(i).onBecameLeader(epoch);
        }
    }

    public void onSteppedDown(final long epoch, final String reason)
    {
        events.println("log " + logId + ": node " + core.selfId + " steps down as leader of epoch " + epoch + ": " +
            reason);
        for (int i = 0, n = roleListeners.size(); i < n; i++)
        {
            roleListeners.get(i).onSteppedDown(epoch, reason);
        }
    }

    public void onBecameFollower(final long epoch, final int leaderId)
    {
        leader.stop();
        follower.onBecameFollower();
        for (int i = 0, n = roleListeners.size(); i < n; i++)
        {
            roleListeners.get(i).onBecameFollower(epoch, leaderId);
        }
    }

    public void onBecameCandidate(final long epoch)
    {
        leader.stop();
        for (int i = 0, n = roleListeners.size(); i < n; i++)
        {
            roleListeners.get(i).onBecameCandidate(epoch);
        }
    }

    // ---------------------------------------------------------------- election messages

    public void requestVote(final int memberIndex, final long epoch, final long lastSeqno, final long lastEpoch)
    {
        if (memberIndex != core.selfIndex)
        {
            core.publisher.requestVote(core.transport.replicationOut[memberIndex], logId, core.selfId, epoch,
                lastSeqno, lastEpoch);
        }
    }

    public void vote(final int memberIndex, final long epoch, final boolean granted, final long lastSeqno,
        final long lastEpoch)
    {
        core.publisher.vote(core.transport.controlOut[memberIndex], logId, core.selfId, epoch, granted, lastSeqno,
            lastEpoch);
    }

    public void preVoteRequest(final int memberIndex, final long epoch, final long lastSeqno, final long lastEpoch)
    {
        if (memberIndex != core.selfIndex)
        {
            core.publisher.preVoteRequest(core.transport.replicationOut[memberIndex], logId, core.selfId, epoch,
                lastSeqno, lastEpoch);
        }
    }

    public void preVoteAnswer(final int memberIndex, final long epoch, final boolean granted, final long lastSeqno,
        final long lastEpoch)
    {
        core.publisher.preVoteAnswer(core.transport.controlOut[memberIndex], logId, core.selfId, epoch, granted,
            lastSeqno, lastEpoch);
    }

    void onPreVoteRequest(final int candidateId, final long epoch, final long lastSeqno, final long lastEpoch)
    {
        if (election.memberIndex(candidateId) < 0)
        {
            core.refuse(NOT_MEMBER);
            return;
        }
        election.onPreVoteRequest(candidateId, epoch, lastSeqno, lastEpoch);
    }

    void onPreVoteAnswer(final int voterId, final long epoch, final boolean granted, final long lastSeqno,
        final long lastEpoch)
    {
        if (election.memberIndex(voterId) < 0)
        {
            core.refuse(NOT_MEMBER);
            return;
        }
        election.onPreVoteAnswer(voterId, epoch, granted);
    }

    void onRequestVote(final int candidateId, final long epoch, final long lastSeqno, final long lastEpoch)
    {
        if (election.memberIndex(candidateId) < 0)
        {
            core.refuse(NOT_MEMBER);
            return;
        }
        election.onRequestVote(candidateId, epoch, lastSeqno, lastEpoch);
    }

    void onVote(final int voterId, final long epoch, final boolean granted, final long lastSeqno,
        final long lastEpoch)
    {
        if (election.memberIndex(voterId) < 0)
        {
            core.refuse(NOT_MEMBER);
            return;
        }
        election.onVote(voterId, epoch, granted, lastSeqno, lastEpoch);
    }

    // ---------------------------------------------------------------- replica → leader

    /**
     * @return the sender's member index when it is another member and its epoch is not newer (a newer
     * one from a member is adopted, as the election rules say); -1 when the message is done with.
     */
    private int fromMember(final int nodeId, final long epoch)
    {
        final int index = election.memberIndex(nodeId);
        if (index < 0 || index == core.selfIndex)
        {
            core.refuse(NOT_MEMBER);
            return -1;
        }
        if (epoch > election.epoch())
        {
            if (!election.onNewerEpochFromMember(nodeId, epoch))
            {
                core.refuse(IMPOSSIBLE_EPOCH);
            }
            return -1;
        }
        return index;
    }

    void onAppendAck(final int nodeId, final long epoch, final long ackSeqno)
    {
        final int index = fromMember(nodeId, epoch);
        if (index >= 0)
        {
            leader.onAppendAck(index, epoch, ackSeqno);
        }
    }

    void onCatchupRequest(final int nodeId, final long epoch, final long fromSeqno, final long lastEpoch,
        final long lastEpochStart)
    {
        final int index = fromMember(nodeId, epoch);
        if (index >= 0)
        {
            leader.onCatchupRequest(index, epoch, fromSeqno, lastEpoch, lastEpochStart);
        }
    }

    void onReject(final int nodeId, final long epoch, final RejectCode code)
    {
        core.counters.rejected.increment();
        if (code == RejectCode.STALE_EPOCH)
        {
            fromMember(nodeId, epoch);
        }
    }

    // ---------------------------------------------------------------- leader → replica

    void onAppendFrames(final int leaderId, final long epoch, final long firstSeqno, final long lastSeqno,
        final long leaderCommit, final DirectBuffer buffer, final int offset, final int length)
    {
        follower.onAppendFrames(leaderId, epoch, firstSeqno, lastSeqno, leaderCommit, buffer, offset, length);
    }

    void onCommitPosition(final int leaderId, final long epoch, final long leaderCommit, final long leaderLast)
    {
        follower.onCommitPosition(leaderId, epoch, leaderCommit, leaderLast);
    }

    void onNewLeader(final int leaderId, final long epoch, final long epochStart)
    {
        follower.onNewLeader(leaderId, epoch, epochStart);
    }

    void onTruncateTo(final int leaderId, final long epoch, final long seqno)
    {
        follower.onTruncateTo(leaderId, epoch, seqno);
    }

    // ---------------------------------------------------------------- producers

    void producerAuthenticator(final ProducerAuthenticator authenticator)
    {
        ingress.authenticator(authenticator);
    }

    void onAuthResponse(final long producerId, final DirectBuffer buffer, final int macOffset, final String principal)
    {
        ingress.onAuthResponse(producerId, buffer, macOffset, principal);
    }

    void onProducerConnect(final long producerId, final int streamId, final DirectBuffer buffer,
        final int channelOffset, final int channelLength)
    {
        ingress.onProducerConnect(producerId, streamId, buffer, channelOffset, channelLength);
    }

    boolean onSubmit(final long producerId, final long producerSeqno, final long timestampNs,
        final DirectBuffer buffer, final int channelOffset, final int channelLength, final int keyOffset,
        final int keyLength, final int payloadOffset, final int payloadLength)
    {
        return ingress.onSubmit(producerId, producerSeqno, timestampNs, buffer, channelOffset, channelLength,
            keyOffset, keyLength, payloadOffset, payloadLength);
    }

    boolean forwardToLeader(final DirectBuffer buffer, final int offset, final int length)
    {
        return follower.forwardToLeader(buffer, offset, length);
    }

    /**
     * A family's frame, appended in this node's epoch (the caller checked that it leads).
     */
    long appendFamilyFrame(final int frameType, final DirectBuffer body, final int offset, final int length)
    {
        if (!FrameTypes.isFamily(frameType) || length < 0 || length > maxFamilyBody)
        {
            return FamilyLog.REFUSED;
        }
        final long epoch = election.epoch();
        final long seqno;
        try
        {
            seqno = core.writer.appendFrame(frameType, epoch, familyClock.nanoTime(), body, offset, length);
        }
        catch (final RuntimeException ex)
        {
            core.errorHandler.onError(ex);
            return FamilyLog.REFUSED;
        }
        core.epochs.onAppend(epoch, seqno);
        return seqno;
    }

    /**
     * A family's entry, deduplicated by producer seqno like ingress ({@link ProducerIngress#onSubmit}).
     */
    long appendFamilyEntry(final long producerId, final long producerSeqno, final DirectBuffer buffer,
        final int channelOffset, final int channelLength, final int payloadOffset, final int payloadLength)
    {
        final int bodyLength = io.boomscooter.engine.log.LogEntryView.bodyLength(channelLength, 0, payloadLength);
        if (core.settings.solitaryProducer() || channelLength < 0 || payloadLength < 0 || bodyLength < 0 ||
            bodyLength > maxFamilyBody)
        {
            return FamilyLog.REFUSED;
        }
        final long expected = core.producerTable.lastProducerSeqno(producerId) + 1;
        if (producerSeqno < expected)
        {
            return FamilyLog.DUPLICATE;
        }
        if (producerSeqno > expected)
        {
            return FamilyLog.GAP;
        }
        final long epoch = election.epoch();
        final long seqno;
        try
        {
            seqno = core.writer.appendEntry(epoch, familyClock.nanoTime(), producerId, producerSeqno, buffer,
                channelOffset, channelLength, 0, 0, payloadOffset, payloadLength);
        }
        catch (final RuntimeException ex)
        {
            core.errorHandler.onError(ex);
            return FamilyLog.REFUSED;
        }
        core.epochs.onAppend(epoch, seqno);
        core.producerTable.onAppend(producerId, producerSeqno, seqno);
        return seqno;
    }

    long lowestMemberSeqno()
    {
        return role() == Role.LEADER ? leader.lowestMemberPosition() : -1;
    }

    /**
     * Releases whole segments below {@code seqno} and below the commit; files are deleted on a background thread.
     */
    int releaseBefore(final long seqno)
    {
        final long bound = Math.min(seqno, core.commitSeqno() + 1);
        if (bound <= core.writer.firstSeqno())
        {
            return 0;
        }
        final int released = core.writer.trimBelow(bound, SegmentDeleter.INSTANCE);
        if (released > 0)
        {
            events.println("log " + logId + ": released " + released + " segment(s); first seqno held now " +
                core.writer.firstSeqno());
        }
        return released;
    }

    CommittedFrames openCommitted(final long fromSeqno)
    {
        return new CommittedFrames(LogReader.open(core.writer.directory()), core::commitSeqno, fromSeqno);
    }

    public void close()
    {
        CloseHelper.closeAll(ingress, leader, core.writer);
    }
}
