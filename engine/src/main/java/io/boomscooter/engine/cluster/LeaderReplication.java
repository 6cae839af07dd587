package io.boomscooter.engine.cluster;

import io.boomscooter.engine.log.FrameTypes;
import io.boomscooter.engine.log.LogFormat;
import org.agrona.CloseHelper;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;

/**
 * The leader's side of replication for one log: one {@link ReplicaSession} per replica, the sync
 * handshake ({@code CatchupRequest} answered with {@code TruncateTo}), acknowledgements, the quorum
 * commit, and the heartbeat ({@code CommitPosition} to replicas in sync, {@code NewLeader} to the rest).
 * Active only between {@link #onBecameLeader(long)} and {@link #stop()}.
 */
final class LeaderReplication implements AutoCloseable
{
    static final long HEARTBEAT_NS = TimeUnit.MILLISECONDS.toNanos(ClusterConfig.HEARTBEAT_INTERVAL_MS_DEFAULT);
    private static final String LOST_QUORUM = "heard from too few followers within the election timeout";
    private static final String SLEPT = "this node's duty cycle stalled past the election timeout";
    static final int BATCH_LIMIT = 32 * 1024;

    private static final UnsafeBuffer EMPTY = new UnsafeBuffer(new byte[0]);

    private final LogCore core;
    private final EpochNanoClock clock = new OffsetEpochNanoClock();
    private final Election election;
    private final QuorumTracker tracker;
    private final ReplicaSession[] sessions;
    private boolean active;
    private long epochStartSeqno;
    private long commitSentToReplicas;
    private long lastHeartbeatNs;
    private long lastSeqno;
    private final long heartbeatNs;
    private final long electionTimeoutNs;
    private final int quorumRequired;
    private final long[] lastContactNs;
    private boolean contactArmed;
    private boolean heardQuorum;
    private long armedAtNs;
    private final long startupTimeoutNs;
    private long lastDutyCycleNs;

    LeaderReplication(final LogCore core, final Election election, final int maxFrameLength)
    {
        this.core = core;
        this.election = election;
        final int members = core.config.members().size();
        this.tracker = new QuorumTracker(members, core.settings.quorum());
        this.heartbeatNs = core.config.heartbeatIntervalNs();
        this.electionTimeoutNs = core.config.electionTimeoutNs();
        this.startupTimeoutNs = core.config.electionStartupTimeoutNs();
        this.quorumRequired = core.settings.quorum().required(members);
        this.lastContactNs = new long[members];
        this.sessions = new ReplicaSession[members];
        for (int i = 0; i < members; i++)
        {
            if (i != core.selfIndex)
            {
                sessions[i] = new ReplicaSession(this, i, core.config.members().get(i).id(),
                    core.transport.replicationOut[i], core.writer.directory(),
                    Math.max(BATCH_LIMIT, LogFormat.alignedLength(maxFrameLength)));
            }
        }
    }

    // where a ReplicaSession reports a stream it had to repair
    org.agrona.ErrorHandler errorHandler()
    {
        return core.errorHandler;
    }

    // what a ReplicaSession stamps on its batches
    ReplicationPublisher publisher()
    {
        return core.publisher;
    }

    int logId()
    {
        return core.logId;
    }

    int leaderId()
    {
        return core.selfId;
    }

    long epoch()
    {
        return election.epoch();
    }

    long lastSeqno()
    {
        return lastSeqno;
    }

    long commitSeqno()
    {
        return core.commitSeqno();
    }

    long epochStartSeqno()
    {
        return epochStartSeqno;
    }

    boolean isActive()
    {
        return active;
    }

    void onBecameLeader()
    {
        active = true;
        epochStartSeqno = core.writer.lastSeqno() + 1;
        appendLeaderMarker();
        for (final ReplicaSession session : sessions)
        {
            if (null != session)
            {
                session.stopStreaming();
                tracker.resetPosition(session.memberIndex, 0);
            }
        }
        tracker.resetPosition(core.selfIndex, core.heldSeqno());
        lastHeartbeatNs = 0;
        // every follower gets a full timeout from this node's first tick as leader to answer
        contactArmed = false;
    }

    /**
     * Called before any message of a duty cycle is read: a leader whose cycle stalled longer than the
     * election timeout (frozen, swapped out) may have been replaced meanwhile, and the acks queued while it
     * slept prove nothing about now; it steps down before reading them.
     *
     * @return work done.
     */
    int onDutyCycleStart(final long nowNs)
    {
        final long previous = lastDutyCycleNs;
        lastDutyCycleNs = nowNs;
        if (active && electionTimeoutNs > 0 && previous != 0 && nowNs - previous > electionTimeoutNs)
        {
            election.stepDown(SLEPT);
            return 1;
        }
        return 0;
    }

    /**
     * Any message from a replica in this epoch (an ack, a sync request) shows the leader still reaches it.
     */
    private void onContact(final int index)
    {
        lastContactNs[index] = lastDutyCycleNs;
    }

    /**
     * @return true when this node stepped down: fewer than a commit quorum (itself included) were heard from
     * within the election timeout, so it could commit nothing and others may already have elected a leader.
     */
    private boolean checkQuorumContact(final long nowNs)
    {
        if (electionTimeoutNs <= 0)
        {
            return false;
        }
        if (!contactArmed)
        {
            contactArmed = true;
            heardQuorum = false;
            armedAtNs = nowNs;
            java.util.Arrays.fill(lastContactNs, nowNs);
            return false;
        }
        int reachable = 1;
        int heard = 1;
        for (final ReplicaSession session : sessions)
        {
            if (null != session && nowNs - lastContactNs[session.memberIndex] < electionTimeoutNs)
            {
                reachable++;
                heard += lastContactNs[session.memberIndex] > armedAtNs ? 1 : 0;
            }
        }
        heardQuorum |= heard >= quorumRequired;
        if (reachable >= quorumRequired)
        {
            return false;
        }
        // a leader that has not yet heard from a quorum this epoch (the configured first leader while the
        // other nodes still start) waits the startup timeout, as followers do, before giving up
        if (!heardQuorum && nowNs - armedAtNs < startupTimeoutNs)
        {
            return false;
        }
        election.stepDown(lostQuorumReason(nowNs));
        return true;
    }

    /** Rare (a step-down), so it may allocate: which follower was last heard when. */
    private String lostQuorumReason(final long nowNs)
    {
        final StringBuilder reason = new StringBuilder(LOST_QUORUM).append(" of ")
            .append(TimeUnit.NANOSECONDS.toMillis(electionTimeoutNs)).append(" ms (last heard:");
        for (final ReplicaSession session : sessions)
        {
            if (null != session)
            {
                reason.append(" node ").append(session.memberId).append(' ')
                    .append(TimeUnit.NANOSECONDS.toMillis(nowNs - lastContactNs[session.memberIndex])).append(" ms ago");
            }
        }
        return reason.append(')').toString();
    }

    /**
     * Raft's no-op: an entry of this epoch, appended at once, lets the leader commit everything it holds
     * (entries of older epochs commit only under one of the current epoch) without waiting for a producer.
     * Not on an empty log (nothing to commit: a fresh cluster's seqnos stay those of its entries), nor on a
     * solitary-producer log, whose producer seqno must equal the log seqno: there the next entry does it.
     */
    private void appendLeaderMarker()
    {
        if (core.settings.solitaryProducer() || 0 == core.writer.lastSeqno())
        {
            return;
        }
        try
        {
            final long epoch = election.epoch();
            final long seqno = core.writer.appendFrame(FrameTypes.LEADER_MARKER, epoch, clock.nanoTime(), EMPTY, 0, 0);
            core.epochs.onAppend(epoch, seqno);
        }
        catch (final RuntimeException ex)
        {
            // a full disk: the next entry commits what this leader holds instead
            core.errorHandler.onError(ex);
        }
    }

    void stop()
    {
        active = false;
        for (final ReplicaSession session : sessions)
        {
            if (null != session)
            {
                session.stopStreaming();
            }
        }
    }

    int doWork(final long nowNs)
    {
        if (!active)
        {
            return 0;
        }
        if (checkQuorumContact(nowNs))
        {
            return 1;
        }
        int work = 0;
        lastSeqno = core.writer.lastSeqno();
        tracker.position(core.selfIndex, core.heldSeqno());
        for (final ReplicaSession session : sessions)
        {
            if (null != session)
            {
                work += session.doWork(nowNs);
                core.counters.replicaLag[session.memberIndex].setRelease(lastSeqno - tracker.position(session.memberIndex));
            }
        }
        final long quorum = tracker.quorumPosition();
        if (quorum >= epochStartSeqno && core.commit(quorum))
        {
            work++;
        }
        final long commitSeqno = core.commitSeqno();
        if (commitSeqno > commitSentToReplicas)
        {
            // replicas serve subscribers up to the commit they know: tell them now, not at the next batch
            // or heartbeat (a lost notice is repeated by both)
            commitSentToReplicas = commitSeqno;
            for (final ReplicaSession session : sessions)
            {
                if (null != session && session.isStreaming())
                {
                    core.publisher.commitPosition(session.publication, core.logId, core.selfId, election.epoch(),
                        commitSeqno, lastSeqno);
                }
            }
            work++;
        }
        if (nowNs - lastHeartbeatNs >= heartbeatNs)
        {
            lastHeartbeatNs = nowNs;
            heartbeat();
            work++;
        }
        return work;
    }

    private void heartbeat()
    {
        for (final ReplicaSession session : sessions)
        {
            if (null == session)
            {
                continue;
            }
            if (session.isStreaming())
            {
                core.publisher.commitPosition(session.publication, core.logId, core.selfId, election.epoch(),
                    core.commitSeqno(), lastSeqno);
            }
            else
            {
                core.publisher.newLeader(session.publication, core.logId, core.selfId, election.epoch(),
                    epochStartSeqno);
            }
        }
    }

    /**
     * A replica acknowledges what it holds (the caller checked the epoch and that it is a member).
     */
    void onAppendAck(final int index, final long epoch, final long ackSeqno)
    {
        if (!active || epoch != election.epoch() || null == sessions[index])
        {
            return;
        }
        onContact(index);
        if (!sessions[index].isStreaming())
        {
            return;
        }
        tracker.position(index, Math.min(ackSeqno, core.writer.lastSeqno()));
        core.counters.replicaAck[index].setRelease(tracker.position(index));
    }

    /**
     * A replica asks where its log agrees with this one (the caller checked it is a member and the epoch
     * is not newer).
     */
    void onCatchupRequest(final int index, final long epoch, final long fromSeqno, final long lastEpoch,
        final long lastEpochStart)
    {
        if (!active || null == sessions[index])
        {
            return;
        }
        final ReplicaSession session = sessions[index];
        onContact(index);
        if (epoch < election.epoch())
        {
            // the replica has not heard of this epoch yet; tell it who leads
            core.publisher.newLeader(session.publication, core.logId, core.selfId, election.epoch(), epochStartSeqno);
            return;
        }
        final long replicaLast = fromSeqno - 1;
        final long agreed = core.epochs.agreementPoint(core.writer.lastSeqno(), replicaLast, lastEpoch,
            lastEpochStart);
        if (core.publisher.truncateTo(session.publication, core.logId, core.selfId, election.epoch(), agreed) > 0 &&
            agreed == replicaLast)
        {
            tracker.resetPosition(index, agreed);
            session.startStreaming(agreed + 1);
        }
        else
        {
            session.stopStreaming();
        }
    }

    public void close()
    {
        for (final ReplicaSession session : sessions)
        {
            CloseHelper.close(session);
        }
    }

    /**
     * @return the lowest seqno every member (this one included) has acknowledged in this epoch: what every
     * member holds, so nothing below it is needed to catch anyone up. 0 until all have answered.
     */
    long lowestMemberPosition()
    {
        long lowest = Long.MAX_VALUE;
        for (int i = 0; i < tracker.memberCount(); i++)
        {
            lowest = Math.min(lowest, tracker.position(i));
        }
        return Long.MAX_VALUE == lowest ? 0 : lowest;
    }
}
