package io.boomscooter.engine.cluster;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.boomscooter.codecs.ingress.SubmitStatus;
import io.boomscooter.codecs.replication.RejectCode;
import io.boomscooter.engine.NodeCounters;
import io.boomscooter.engine.ingress.IngressResponder;
import io.boomscooter.engine.log.LogConfig;
import io.boomscooter.engine.log.LogFormat;
import io.boomscooter.engine.log.LogReader;
import io.boomscooter.engine.log.LogWriter;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One replicated log on this node: its segments, its epoch and role, and the state of that role.
 * As leader it appends producers' entries, streams frames to each replica through a
 * {@link ReplicaSession}, and commits by quorum; as replica it appends what the leader streams,
 * acknowledges, and learns the commit seqno. Every message carries the epoch; older epochs are refused.
 */
final class HostedLog implements AutoCloseable
{
    static final long HEARTBEAT_NS = TimeUnit.MILLISECONDS.toNanos(20);
    static final long CATCHUP_RETRY_NS = TimeUnit.MILLISECONDS.toNanos(50);
    static final int BATCH_LIMIT = 32 * 1024;

    private static final String STALE = "message from an older epoch";
    private static final String NOT_EPOCH_LEADER = "replication from a node that does not lead this epoch";
    private static final long GAP_REJECT_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long CANDIDATE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);
    static final int PROMOTION_NONE = 0;
    static final int PROMOTION_PENDING = 1;
    static final int PROMOTION_WON = 2;
    static final int PROMOTION_FAILED = 3;
    static final int PROMOTION_HANDOVER = 4;
    private static final String GAP_REASON = "producer seqno gap on a solitary-producer log";
    private static final String PRODUCER_GAP_REASON = "producer seqno gap: entries were lost on the way, re-send";

    final int logId;
    private final LogSettings settings;
    private final ClusterConfig config;
    private final int selfIndex;
    private final ClusterTransport transport;
    private final Aeron aeron;
    private final ErrorHandler errorHandler;
    private final LogWriter writer;
    private final ElectionState election;
    private final EpochHistory epochs = new EpochHistory();
    private final LogCounters counters;
    private final ReplicationPublisher publisher = new ReplicationPublisher();
    private final IngressResponder responder = new IngressResponder();
    private final QuorumTracker tracker;
    private final ReplicaSession[] sessions;
    private final Long2ObjectHashMap<ProducerSession> producers = new Long2ObjectHashMap<>();
    private final ProducerTable producerTable = new ProducerTable();
    private final EpochNanoClock clock = new OffsetEpochNanoClock();

    private Role role;
    private long commitSeqno;
    private long epochStartSeqno;
    private long commitSentToReplicas;
    private long lastHeartbeatNs;

    // candidate state
    private final boolean[] votes;
    private final int votesRequired;
    private int promotion = PROMOTION_NONE;
    private int handoverTo = ElectionState.NONE;
    private long candidateDeadlineNs;
    private long lastVoteRequestNs;

    // replica state
    private boolean synced;
    private long lastCatchupNs;
    private boolean ackPending;

    HostedLog(final LogSettings settings, final ClusterConfig config, final Path dataDir, final LogConfig logConfig,
        final Aeron aeron, final ClusterTransport transport, final NodeCounters nodeCounters,
        final ErrorHandler errorHandler)
    {
        this.logId = settings.logId();
        this.settings = settings;
        this.config = config;
        this.selfIndex = config.memberIndex(config.nodeId());
        this.aeron = aeron;
        this.transport = transport;
        this.errorHandler = errorHandler;
        final Path logDir = dataDir.resolve("log-" + logId);
        this.writer = LogWriter.open(logDir, logConfig);
        this.election = ElectionState.load(dataDir.resolve("log-" + logId + ".state"), config.initialLeaderId());
        this.counters = new LogCounters(nodeCounters, logId, config);
        this.tracker = new QuorumTracker(config.members().size(), settings.quorum());
        this.sessions = new ReplicaSession[config.members().size()];
        this.votes = new boolean[config.members().size()];
        // any vote quorum must overlap any commit quorum, so the winner's voters include a holder of each
        // committed entry
        this.votesRequired = config.members().size() - settings.quorum().required(config.members().size()) + 1;
        for (int i = 0; i < sessions.length; i++)
        {
            if (i != selfIndex)
            {
                sessions[i] = new ReplicaSession(i, config.members().get(i).id(), transport.replicationOut[i], logDir,
                    Math.max(BATCH_LIMIT, LogFormat.alignedLength(logConfig.maxFrameLength())));
            }
        }
        rebuildFromLog(logDir);
        if (election.leaderId() == config.nodeId())
        {
            becomeLeader();
        }
        else
        {
            becomeReplica();
        }
    }

    private void rebuildFromLog(final Path logDir)
    {
        producerTable.clear();
        epochs.clear();
        if (writer.lastSeqno() == 0)
        {
            return;
        }
        try (LogReader reader = LogReader.open(logDir))
        {
            reader.seek(writer.firstSeqno());
            // every frame type: an epoch may begin with a leader marker
            while (reader.pollFrames((type, buffer, frameOffset, frameLength, seqno, epoch, timestampNs) ->
            {
                epochs.onAppend(epoch, seqno);
                producerTable.onFrame(buffer, frameOffset, seqno);
            }, 4096) > 0)
            {
                // scanning
            }
        }
    }

    Role role()
    {
        return role;
    }

    long commitSeqno()
    {
        return commitSeqno;
    }

    long lastSeqno()
    {
        return writer.lastSeqno();
    }

    long epoch()
    {
        return election.epoch();
    }

    private void becomeLeader()
    {
        role = Role.LEADER;
        epochStartSeqno = writer.lastSeqno() + 1;
        for (final ReplicaSession session : sessions)
        {
            if (null != session)
            {
                session.stopStreaming();
                tracker.resetPosition(session.memberIndex, 0);
            }
        }
        tracker.resetPosition(selfIndex, writer.lastSeqno());
        lastHeartbeatNs = 0;
        counters.epoch.setRelease(election.epoch());
    }

    private void becomeReplica()
    {
        role = Role.REPLICA;
        synced = false;
        lastCatchupNs = 0;
        stopSessions();
        counters.epoch.setRelease(election.epoch());
    }

    private void stopSessions()
    {
        for (final ReplicaSession session : sessions)
        {
            if (null != session)
            {
                session.stopStreaming();
            }
        }
    }

    /**
     * Operator promotion: stand as candidate for the next epoch. It wins with votes from enough members
     * that every committed entry is on one of them, each granting only if this log is at least as up to
     * date as its own; a member holding more answers with its position, and the promotion is handed to it.
     */
    void promote(final long nowNs)
    {
        if (role == Role.LEADER)
        {
            promotion = PROMOTION_WON;
            return;
        }
        election.newEpoch(election.epoch() + 1, ElectionState.NONE);
        election.vote(config.nodeId());
        role = Role.CANDIDATE;
        stopSessions();
        java.util.Arrays.fill(votes, false);
        votes[selfIndex] = true;
        promotion = PROMOTION_PENDING;
        handoverTo = ElectionState.NONE;
        candidateDeadlineNs = nowNs + CANDIDATE_TIMEOUT_NS;
        lastVoteRequestNs = 0;
        counters.epoch.setRelease(election.epoch());
        checkVotes();
    }

    /**
     * @return {@link #PROMOTION_PENDING}, {@link #PROMOTION_WON}, {@link #PROMOTION_FAILED} or
     * {@link #PROMOTION_HANDOVER} (see {@link #handoverTo()}).
     */
    int promotion()
    {
        return promotion;
    }

    int handoverTo()
    {
        return handoverTo;
    }

    private int candidateWork(final long nowNs)
    {
        if (nowNs > candidateDeadlineNs)
        {
            promotion = PROMOTION_FAILED;
            becomeReplica();
            return 1;
        }
        if (nowNs - lastVoteRequestNs < CATCHUP_RETRY_NS)
        {
            return 0;
        }
        lastVoteRequestNs = nowNs;
        for (int i = 0; i < votes.length; i++)
        {
            if (!votes[i])
            {
                publisher.requestVote(transport.replicationOut[i], logId, config.nodeId(), election.epoch(),
                    writer.lastSeqno(), epochs.lastEpoch());
            }
        }
        return 1;
    }

    private void checkVotes()
    {
        int granted = 0;
        for (final boolean vote : votes)
        {
            granted += vote ? 1 : 0;
        }
        if (granted >= votesRequired)
        {
            election.leader(config.nodeId());
            promotion = PROMOTION_WON;
            becomeLeader();
        }
    }

    private boolean isAtLeastAsUpToDate(final long lastEpoch, final long lastSeqno)
    {
        return lastEpoch > epochs.lastEpoch() || (lastEpoch == epochs.lastEpoch() && lastSeqno >= writer.lastSeqno());
    }

    void onRequestVote(final int candidateId, final long epoch, final long lastSeqno, final long lastEpoch)
    {
        final int index = config.memberIndex(candidateId);
        if (index < 0 || index == selfIndex)
        {
            return;
        }
        if (epoch > election.epoch())
        {
            adoptEpoch(epoch, ElectionState.NONE);
        }
        final boolean granted = epoch == election.epoch() &&
            (election.votedFor() == ElectionState.NONE || election.votedFor() == candidateId) &&
            isAtLeastAsUpToDate(lastEpoch, lastSeqno);
        if (granted)
        {
            election.vote(candidateId);
        }
        publisher.vote(transport.controlOut[index], logId, config.nodeId(), election.epoch(), granted,
            writer.lastSeqno(), epochs.lastEpoch());
    }

    void onVote(final int voterId, final long epoch, final boolean granted, final long lastSeqno,
        final long lastEpoch)
    {
        final int index = config.memberIndex(voterId);
        if (epoch > election.epoch())
        {
            adoptEpoch(epoch, ElectionState.NONE);
            if (promotion == PROMOTION_PENDING)
            {
                promotion = PROMOTION_FAILED;
            }
            return;
        }
        if (role != Role.CANDIDATE || epoch < election.epoch() || index < 0)
        {
            return;
        }
        if (granted)
        {
            votes[index] = true;
            checkVotes();
        }
        else if (lastEpoch > epochs.lastEpoch() || (lastEpoch == epochs.lastEpoch() && lastSeqno > writer.lastSeqno()))
        {
            // the voter holds entries this node lacks, possibly committed ones: it should lead instead
            handoverTo = voterId;
            promotion = PROMOTION_HANDOVER;
            becomeReplica();
        }
    }

    private void adoptEpoch(final long epoch, final int leaderId)
    {
        election.newEpoch(epoch, leaderId);
        if (leaderId == config.nodeId())
        {
            becomeLeader();
        }
        else
        {
            becomeReplica();
        }
    }

    int doWork(final long nowNs)
    {
        int work = 0;
        counters.lastSeqno.setRelease(writer.lastSeqno());
        work += writer.doWork();
        if (role == Role.LEADER)
        {
            work += leaderWork(nowNs);
        }
        else if (role == Role.CANDIDATE)
        {
            work += candidateWork(nowNs);
        }
        else
        {
            work += replicaWork(nowNs);
        }
        return work;
    }

    // ---------------------------------------------------------------- leader

    private int leaderWork(final long nowNs)
    {
        int work = 0;
        final long last = writer.lastSeqno();
        tracker.position(selfIndex, last);
        for (final ReplicaSession session : sessions)
        {
            if (null != session)
            {
                work += session.send(publisher, logId, config.nodeId(), election.epoch(), last, commitSeqno);
                counters.replicaLag[session.memberIndex].setRelease(last - tracker.position(session.memberIndex));
            }
        }
        final long quorum = tracker.quorumPosition();
        if (quorum > commitSeqno && quorum >= epochStartSeqno)
        {
            commitSeqno = quorum;
            counters.commitSeqno.setRelease(commitSeqno);
            work++;
        }
        if (commitSeqno > commitSentToReplicas)
        {
            // replicas serve subscribers up to the commit they know: tell them now, not at the next batch
            // or heartbeat (a lost notice is repeated by both)
            commitSentToReplicas = commitSeqno;
            for (final ReplicaSession session : sessions)
            {
                if (null != session && session.isStreaming())
                {
                    publisher.commitPosition(session.publication, logId, config.nodeId(), election.epoch(),
                        commitSeqno, last);
                }
            }
            work++;
        }
        final boolean heartbeatDue = nowNs - lastHeartbeatNs >= HEARTBEAT_NS;
        if (!producers.isEmpty())
        {
            work += answerProducers(heartbeatDue);
        }
        if (heartbeatDue)
        {
            lastHeartbeatNs = nowNs;
            heartbeat(last);
            work++;
        }
        return work;
    }

    /**
     * Sends each producer its latest cumulative ack, and the commit seqno when it moved (or on the
     * heartbeat, so a notice lost to back-pressure is repeated).
     */
    private int answerProducers(final boolean heartbeatDue)
    {
        int work = 0;
        final Long2ObjectHashMap<ProducerSession>.ValueIterator it = producers.values().iterator();
        while (it.hasNext())
        {
            final ProducerSession producer = it.next();
            if (heartbeatDue)
            {
                ackLater(producer, producerTable.lastProducerSeqno(producer.producerId),
                    producerTable.lastSeqno(producer.producerId), producer.ackTimestampNs);
            }
            if (producer.ackDirty && responder.ack(producer.responses, logId, producer.producerId,
                producer.ackProducerSeqno, producer.ackSeqno, commitSeqno, producer.ackTimestampNs,
                SubmitStatus.APPENDED, election.epoch()) > 0)
            {
                producer.ackDirty = false;
                work++;
            }
            if ((producer.lastCommitSent != commitSeqno || heartbeatDue) &&
                responder.commitNotice(producer.responses, logId, election.epoch(), commitSeqno) > 0)
            {
                producer.lastCommitSent = commitSeqno;
                work++;
            }
        }
        return work;
    }

    private void heartbeat(final long last)
    {
        for (final ReplicaSession session : sessions)
        {
            if (null == session)
            {
                continue;
            }
            if (session.isStreaming())
            {
                publisher.commitPosition(session.publication, logId, config.nodeId(), election.epoch(), commitSeqno,
                    last);
            }
            else
            {
                publisher.newLeader(session.publication, logId, config.nodeId(), election.epoch(), epochStartSeqno);
            }
        }
    }

    void onProducerConnect(final long producerId, final int streamId, final String responseChannel)
    {
        ProducerSession producer = producers.get(producerId);
        if (null == producer)
        {
            producer = new ProducerSession(producerId, aeron.addExclusivePublication(responseChannel, streamId));
            producers.put(producerId, producer);
        }
        responder.commitNotice(producer.responses, logId, election.epoch(), commitSeqno);
    }

    /**
     * @return false when the entry could not be taken now and the fragment should be retried.
     */
    boolean onSubmit(final long producerId, final long producerSeqno, final long timestampNs,
        final DirectBuffer buffer, final int channelOffset, final int channelLength, final int keyOffset,
        final int keyLength, final int payloadOffset, final int payloadLength)
    {
        final ProducerSession producer = producers.get(producerId);
        final long expected = settings.solitaryProducer() ?
            writer.lastSeqno() + 1 : producerTable.lastProducerSeqno(producerId) + 1;
        if (producerSeqno < expected)
        {
            // a re-send of something this log holds: repeat the cumulative ack instead of appending
            ackLater(producer, producerTable.lastProducerSeqno(producerId), producerTable.lastSeqno(producerId),
                timestampNs);
            return true;
        }
        if (producerSeqno > expected)
        {
            counters.rejected.increment();
            final long nowNs = System.nanoTime();
            if (null != producer && nowNs - producer.lastGapRejectNs > GAP_REJECT_INTERVAL_NS)
            {
                // one reject per interval: the producer re-sends everything from the expected seqno anyway
                producer.lastGapRejectNs = nowNs;
                responder.reject(producer.responses, logId, producerId, producerSeqno, expected, SubmitStatus.GAP,
                    settings.solitaryProducer() ? GAP_REASON : PRODUCER_GAP_REASON);
            }
            return true;
        }

        final long seqno = writer.appendEntry(election.epoch(), clock.nanoTime(), producerId, producerSeqno,
            buffer, channelOffset, channelLength, keyOffset, keyLength, payloadOffset, payloadLength);
        epochs.onAppend(election.epoch(), seqno);
        producerTable.onAppend(producerId, producerSeqno, seqno);
        ackLater(producer, producerSeqno, seqno, timestampNs);
        return true;
    }

    private static void ackLater(final ProducerSession producer, final long producerSeqno, final long seqno,
        final long timestampNs)
    {
        if (null != producer && producerSeqno > 0)
        {
            producer.ackDirty = true;
            producer.ackProducerSeqno = producerSeqno;
            producer.ackSeqno = seqno;
            producer.ackTimestampNs = timestampNs;
        }
    }

    void onAppendAck(final int nodeId, final long epoch, final long ackSeqno)
    {
        if (epoch > election.epoch())
        {
            adoptEpoch(epoch, ElectionState.NONE);
            return;
        }
        final int index = config.memberIndex(nodeId);
        if (role != Role.LEADER || epoch < election.epoch() || index < 0 || null == sessions[index] ||
            !sessions[index].isStreaming())
        {
            return;
        }
        tracker.position(index, Math.min(ackSeqno, writer.lastSeqno()));
        counters.replicaAck[index].setRelease(tracker.position(index));
    }

    void onCatchupRequest(final int nodeId, final long epoch, final long fromSeqno, final long lastEpoch,
        final long lastEpochStart)
    {
        if (epoch > election.epoch())
        {
            adoptEpoch(epoch, ElectionState.NONE);
            return;
        }
        final int index = config.memberIndex(nodeId);
        if (role != Role.LEADER || index < 0 || null == sessions[index])
        {
            return;
        }
        if (epoch < election.epoch())
        {
            // the replica has not heard of this epoch yet; tell it who leads
            publisher.newLeader(sessions[index].publication, logId, config.nodeId(), election.epoch(), epochStartSeqno);
            return;
        }
        final long replicaLast = fromSeqno - 1;
        final long agreed = epochs.agreementPoint(writer.lastSeqno(), replicaLast, lastEpoch, lastEpochStart);
        if (publisher.truncateTo(sessions[index].publication, logId, config.nodeId(), election.epoch(), agreed) > 0 &&
            agreed == replicaLast)
        {
            tracker.resetPosition(index, agreed);
            sessions[index].startStreaming(agreed + 1);
        }
        else
        {
            sessions[index].stopStreaming();
        }
    }

    // ---------------------------------------------------------------- replica

    private int replicaWork(final long nowNs)
    {
        int work = 0;
        final int leaderIndex = config.memberIndex(election.leaderId());
        if (leaderIndex < 0)
        {
            return 0;
        }
        if (!synced && nowNs - lastCatchupNs >= CATCHUP_RETRY_NS)
        {
            lastCatchupNs = nowNs;
            publisher.catchupRequest(transport.controlOut[leaderIndex], logId, config.nodeId(), election.epoch(),
                writer.lastSeqno() + 1, epochs.lastEpoch(), epochs.lastEpochStart());
            work++;
        }
        if (ackPending &&
            publisher.appendAck(transport.controlOut[leaderIndex], logId, config.nodeId(), election.epoch(),
            writer.lastSeqno()) > 0)
        {
            ackPending = false;
            work++;
        }
        return work;
    }

    /**
     * @return false when the leader's epoch is older than ours (the sender gets a reject).
     */
    private boolean acceptLeader(final int leaderId, final long epoch)
    {
        if (epoch < election.epoch())
        {
            counters.rejected.increment();
            errorHandler.onError(new io.boomscooter.engine.RejectedMessageException(STALE));
            final int index = config.memberIndex(leaderId);
            if (index >= 0 && index != selfIndex)
            {
                publisher.reject(transport.controlOut[index], logId, config.nodeId(), election.epoch(),
                    RejectCode.STALE_EPOCH, STALE);
            }
            return false;
        }
        if (epoch > election.epoch())
        {
            adoptEpoch(epoch, leaderId);
        }
        else if (election.leaderId() == ElectionState.NONE)
        {
            // this epoch's winner, heard from for the first time (also ends a lost candidacy)
            adoptEpoch(epoch, leaderId);
        }
        else if (election.leaderId() != leaderId)
        {
            counters.rejected.increment();
            errorHandler.onError(new io.boomscooter.engine.RejectedMessageException(NOT_EPOCH_LEADER));
            return false;
        }
        return role == Role.REPLICA;
    }

    void onAppendFrames(final int leaderId, final long epoch, final long firstSeqno, final long lastSeqno,
        final long leaderCommit, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!acceptLeader(leaderId, epoch) || !synced)
        {
            return;
        }
        final long last = writer.lastSeqno();
        if (lastSeqno <= last)
        {
            learnCommit(leaderCommit);
            return;
        }
        if (firstSeqno > last + 1)
        {
            synced = false;
            lastCatchupNs = 0;
            return;
        }
        int start = offset;
        final int end = offset + length;
        while (start < end)
        {
            final long seqno = buffer.getLong(start + LogFormat.FRAME_SEQNO_OFFSET, ByteOrder.LITTLE_ENDIAN);
            if (seqno > last)
            {
                break;
            }
            final int frameLength = buffer.getInt(start + LogFormat.FRAME_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
            if (frameLength <= 0 || frameLength > end - start)
            {
                counters.malformed.increment();
                return;
            }
            start += LogFormat.alignedLength(frameLength);
        }
        try
        {
            writer.appendFrames(buffer, start, end - start);
        }
        catch (final RuntimeException ex)
        {
            counters.malformed.increment();
            errorHandler.onError(ex);
            synced = false;
            return;
        }
        // keep the epoch history in step with the frames just appended
        for (int pos = start; pos < end; )
        {
            final int frameLength = buffer.getInt(pos + LogFormat.FRAME_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
            final long seqno = buffer.getLong(pos + LogFormat.FRAME_SEQNO_OFFSET, ByteOrder.LITTLE_ENDIAN);
            epochs.onAppend(LogFormat.frameEpoch(buffer, pos), seqno);
            producerTable.onFrame(buffer, pos, seqno);
            pos += LogFormat.alignedLength(frameLength);
        }
        ackPending = true;
        learnCommit(leaderCommit);
    }

    private void learnCommit(final long leaderCommit)
    {
        final long commit = Math.min(leaderCommit, writer.lastSeqno());
        if (commit > commitSeqno)
        {
            commitSeqno = commit;
            counters.commitSeqno.setRelease(commitSeqno);
        }
    }

    void onCommitPosition(final int leaderId, final long epoch, final long leaderCommit, final long leaderLast)
    {
        if (acceptLeader(leaderId, epoch) && synced)
        {
            learnCommit(leaderCommit);
            if (leaderLast > writer.lastSeqno())
            {
                ackPending = true;
            }
        }
    }

    void onNewLeader(final int leaderId, final long epoch, final long epochStart)
    {
        if (acceptLeader(leaderId, epoch) && synced)
        {
            // the leader lost track of us (e.g. it restarted): sync again
            synced = false;
            lastCatchupNs = 0;
        }
    }

    void onTruncateTo(final int leaderId, final long epoch, final long seqno)
    {
        if (!acceptLeader(leaderId, epoch))
        {
            return;
        }
        final long last = writer.lastSeqno();
        if (seqno >= last)
        {
            synced = true;
            ackPending = true;
            return;
        }
        if (seqno < commitSeqno)
        {
            errorHandler.onError(new IllegalStateException("log " + logId + ": leader " + leaderId + " epoch " + epoch +
                " asked to truncate to " + seqno + " below commit " + commitSeqno + "; refused"));
            return;
        }
        writer.truncateAfter(seqno);
        epochs.truncateAfter(seqno);
        rebuildFromLog(writer.directory());
        lastCatchupNs = 0;
    }

    void onReject(final int nodeId, final long epoch, final RejectCode code)
    {
        counters.rejected.increment();
        if (code == RejectCode.STALE_EPOCH && epoch > election.epoch())
        {
            adoptEpoch(epoch, ElectionState.NONE);
        }
    }

    /**
     * A replica passes producer messages on to the leader.
     *
     * @return false when back-pressured and the fragment should be retried.
     */
    boolean forwardToLeader(final DirectBuffer buffer, final int offset, final int length)
    {
        final int leaderIndex = config.memberIndex(election.leaderId());
        if (leaderIndex < 0 || leaderIndex == selfIndex)
        {
            return true;
        }
        final long result = transport.ingressOut[leaderIndex].offer(buffer, offset, length);
        if (result > 0)
        {
            return true;
        }
        if (result == io.aeron.Publication.NOT_CONNECTED || result == io.aeron.Publication.CLOSED ||
            result == io.aeron.Publication.MAX_POSITION_EXCEEDED)
        {
            return true;
        }
        counters.ingressBackPressure.increment();
        return false;
    }


    public void close()
    {
        for (final ReplicaSession session : sessions)
        {
            CloseHelper.close(session);
        }
        final Long2ObjectHashMap<ProducerSession>.ValueIterator it = producers.values().iterator();
        while (it.hasNext())
        {
            CloseHelper.close(it.next().responses);
        }
        CloseHelper.close(writer);
    }
}
