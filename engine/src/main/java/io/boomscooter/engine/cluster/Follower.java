package io.boomscooter.engine.cluster;

import io.boomscooter.codecs.replication.RejectCode;
import io.boomscooter.engine.log.LogDiskFullException;
import io.boomscooter.engine.log.LogFormat;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * A replica's side of replication for one log: it syncs with the leader of the epoch
 * ({@code CatchupRequest} until a {@code TruncateTo} says the logs agree), appends the frames the leader
 * streams, acknowledges, learns the commit seqno, and forwards producers' messages to the leader. Every
 * leader message first passes {@link Election#checkLeader(int, long)}.
 */
final class Follower
{
    static final long CATCHUP_RETRY_NS = TimeUnit.MILLISECONDS.toNanos(50);
    /** In sync, behind the leader's last seqno, and no frame appended for this long: sync again. */
    static final long STALLED_NS = TimeUnit.SECONDS.toNanos(1);

    private static final String STALE = "message from an older epoch";
    private static final String NOT_EPOCH_LEADER = "replication from a node that does not lead this epoch";
    private static final String FORGED_LEADER = "leader message naming a non-member, this node, or an impossible epoch";

    private final LogCore core;
    private final Election election;
    private boolean synced;
    private long lastCatchupNs;
    private boolean ackPending;
    private long ackSent;
    private long nowNs;
    private long lastProgressNs;
    private long resyncs;

    Follower(final LogCore core, final Election election)
    {
        this.core = core;
        this.election = election;
    }

    /**
     * A new epoch, a new leader, or a leader that lost track of this node: sync again from scratch.
     */
    void onBecameFollower()
    {
        ackSent = 0;
        synced = false;
        lastCatchupNs = 0;
    }

    /** @return how often this follower found itself stalled behind the leader and synced again. */
    long resyncs()
    {
        return resyncs;
    }

    boolean isSynced()
    {
        return synced;
    }

    int doWork(final long nowNs)
    {
        this.nowNs = nowNs;
        if (election.role() != Role.REPLICA)
        {
            return 0;
        }
        final int leaderIndex = core.config.memberIndex(election.leaderId());
        if (leaderIndex < 0 || leaderIndex == core.selfIndex)
        {
            return 0;
        }
        int work = 0;
        if (!synced && nowNs - lastCatchupNs >= CATCHUP_RETRY_NS)
        {
            lastCatchupNs = nowNs;
            core.publisher.catchupRequest(core.transport.controlOut[leaderIndex], core.logId, core.selfId,
                election.epoch(), core.writer.lastSeqno() + 1, core.epochs.lastEpoch(), core.epochs.lastEpochStart());
            work++;
        }
        // with durability on, what this node holds for the quorum advances when a force completes, after
        // the append: acknowledge that too
        final long held = core.heldSeqno();
        if ((ackPending || (synced && held > ackSent)) && core.publisher.appendAck(
            core.transport.controlOut[leaderIndex], core.logId, core.selfId, election.epoch(), held) > 0)
        {
            ackPending = false;
            ackSent = held;
            work++;
        }
        return work;
    }

    /**
     * @return true when the message comes from the leader of the current epoch and this node follows it;
     * a stale leader is told of the newer epoch.
     */
    private boolean acceptLeader(final int leaderId, final long epoch)
    {
        switch (election.checkLeader(leaderId, epoch))
        {
            case ACCEPTED:
                return true;

            case NOT_FOLLOWING:
                return false;

            case STALE:
                core.refuse(STALE);
                final int index = core.config.memberIndex(leaderId);
                if (index >= 0 && index != core.selfIndex)
                {
                    core.publisher.reject(core.transport.controlOut[index], core.logId, core.selfId, election.epoch(),
                        RejectCode.STALE_EPOCH, STALE);
                }
                return false;

            case NOT_EPOCH_LEADER:
                core.refuse(NOT_EPOCH_LEADER);
                return false;

            default:
                core.refuse(FORGED_LEADER);
                return false;
        }
    }

    void onAppendFrames(final int leaderId, final long epoch, final long firstSeqno, final long lastSeqno,
        final long leaderCommit, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!acceptLeader(leaderId, epoch) || !synced)
        {
            return;
        }
        final long last = core.writer.lastSeqno();
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
            if (end - start < LogFormat.FRAME_HEADER_LENGTH)
            {
                core.counters.malformed.increment(); // a frame header cut short: refuse the batch, do not read past it
                return;
            }
            final long seqno = buffer.getLong(start + LogFormat.FRAME_SEQNO_OFFSET, ByteOrder.LITTLE_ENDIAN);
            if (seqno > last)
            {
                break;
            }
            final int frameLength = buffer.getInt(start + LogFormat.FRAME_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
            if (frameLength <= 0 || frameLength > end - start)
            {
                core.counters.malformed.increment();
                return;
            }
            start += LogFormat.alignedLength(frameLength);
        }
        try
        {
            core.writer.appendFrames(buffer, start, end - start);
        }
        catch (final LogDiskFullException ex)
        {
            // nothing appended, nothing acknowledged: the leader sends the batch again once space returns
            core.counters.diskFull.increment();
            core.errorHandler.onError(ex);
            synced = false;
            return;
        }
        catch (final RuntimeException ex)
        {
            core.counters.malformed.increment();
            core.errorHandler.onError(ex);
            synced = false;
            return;
        }
        // keep the epoch history in step with the frames just appended
        for (int pos = start; pos < end; )
        {
            final int frameLength = buffer.getInt(pos + LogFormat.FRAME_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
            final long seqno = buffer.getLong(pos + LogFormat.FRAME_SEQNO_OFFSET, ByteOrder.LITTLE_ENDIAN);
            core.epochs.onAppend(LogFormat.frameEpoch(buffer, pos), seqno);
            core.producerTable.onFrame(buffer, pos, seqno);
            pos += LogFormat.alignedLength(frameLength);
        }
        ackPending = true;
        lastProgressNs = nowNs;
        learnCommit(leaderCommit);
    }

    private void learnCommit(final long leaderCommit)
    {
        core.commit(Math.min(leaderCommit, core.writer.lastSeqno()));
    }

    void onCommitPosition(final int leaderId, final long epoch, final long leaderCommit, final long leaderLast)
    {
        if (acceptLeader(leaderId, epoch) && synced)
        {
            learnCommit(leaderCommit);
            // every heartbeat is answered: the acks are how the leader knows it still has a quorum
            ackPending = true;
            if (leaderLast <= core.writer.lastSeqno())
            {
                lastProgressNs = nowNs;
            }
            else if (nowNs - lastProgressNs > STALLED_NS)
            {
                // the leader holds more and sends none of it: whatever lost the stream, syncing again restarts it
                resyncs++;
                core.errorHandler.onError(new IllegalStateException("log " + core.logId + ": in sync with leader " +
                    leaderId + " but no frames for " + TimeUnit.NANOSECONDS.toMillis(nowNs - lastProgressNs) +
                    " ms while it holds " + leaderLast + " and this node " + core.writer.lastSeqno() + "; syncing again"));
                synced = false;
                lastCatchupNs = 0;
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
        final long last = core.writer.lastSeqno();
        if (seqno >= last)
        {
            synced = true;
            ackPending = true;
            lastProgressNs = nowNs;
            return;
        }
        if (seqno < core.commitSeqno())
        {
            core.errorHandler.onError(new IllegalStateException("log " + core.logId + ": leader " + leaderId +
                " epoch " + epoch + " asked to truncate to " + seqno + " below commit " + core.commitSeqno() +
                "; refused"));
            return;
        }
        core.writer.truncateAfter(seqno);
        ackSent = Math.min(ackSent, seqno);
        core.epochs.truncateAfter(seqno);
        core.rebuildFromLog();
        lastCatchupNs = 0;
    }

    /**
     * A replica passes producer messages on to the leader.
     *
     * @return false when back-pressured and the fragment should be retried.
     */
    boolean forwardToLeader(final DirectBuffer buffer, final int offset, final int length)
    {
        final int leaderIndex = core.config.memberIndex(election.leaderId());
        if (leaderIndex < 0 || leaderIndex == core.selfIndex)
        {
            return true;
        }
        final long result = core.transport.ingressOut[leaderIndex].offer(buffer, offset, length);
        if (result > 0)
        {
            return true;
        }
        if (result == io.aeron.Publication.NOT_CONNECTED || result == io.aeron.Publication.CLOSED ||
            result == io.aeron.Publication.MAX_POSITION_EXCEEDED)
        {
            return true;
        }
        core.counters.ingressBackPressure.increment();
        return false;
    }
}
