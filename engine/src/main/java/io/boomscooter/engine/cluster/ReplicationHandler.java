package io.boomscooter.engine.cluster;

import io.boomscooter.codecs.replication.RejectCode;
import org.agrona.DirectBuffer;

/**
 * Receives well-formed replication-schema messages from a {@link ReplicationAdapter}.
 */
public interface ReplicationHandler
{
    void onAppendFrames(int logId, int leaderId, long epoch, long firstSeqno, long lastSeqno, long commitSeqno,
        DirectBuffer buffer, int framesOffset, int framesLength);

    void onAppendAck(int logId, int nodeId, long epoch, long ackSeqno);

    void onCommitPosition(int logId, int leaderId, long epoch, long commitSeqno, long lastSeqno);

    void onCatchupRequest(int logId, int nodeId, long epoch, long fromSeqno, long lastEpoch, long lastEpochStart);

    void onNewLeader(int logId, int leaderId, long epoch, long epochStartSeqno);

    void onTruncateTo(int logId, int leaderId, long epoch, long seqno);

    void onReject(int logId, int nodeId, long epoch, RejectCode code);

    void onRequestVote(int logId, int candidateId, long epoch, long lastSeqno, long lastEpoch);

    void onVote(int logId, int voterId, long epoch, boolean granted, long lastSeqno, long lastEpoch);

    void onPreVoteRequest(int logId, int candidateId, long epoch, long lastSeqno, long lastEpoch);

    void onPreVoteAnswer(int logId, int voterId, long epoch, boolean granted, long lastSeqno, long lastEpoch);

    /**
     * A message failed its bounds checks; reason is a constant.
     */
    void onMalformed(String reason);
}
