package io.boomscooter.engine.cluster;

import io.aeron.Publication;
import io.boomscooter.codecs.replication.AppendAckEncoder;
import io.boomscooter.codecs.replication.AppendFramesEncoder;
import io.boomscooter.codecs.replication.CatchupRequestEncoder;
import io.boomscooter.codecs.replication.CommitPositionEncoder;
import io.boomscooter.codecs.replication.MessageHeaderEncoder;
import io.boomscooter.codecs.replication.NewLeaderEncoder;
import io.boomscooter.codecs.replication.RejectCode;
import io.boomscooter.codecs.replication.ReplicationRejectEncoder;
import io.boomscooter.codecs.replication.TruncateToEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * Encodes replication-schema messages and offers them to a publication. Returns Aeron's offer result;
 * callers retry frames on a later duty cycle and let heartbeats and acks be superseded.
 */
public final class ReplicationPublisher
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final AppendFramesEncoder appendFrames = new AppendFramesEncoder();
    private final AppendAckEncoder appendAck = new AppendAckEncoder();
    private final CommitPositionEncoder commitPosition = new CommitPositionEncoder();
    private final CatchupRequestEncoder catchupRequest = new CatchupRequestEncoder();
    private final NewLeaderEncoder newLeader = new NewLeaderEncoder();
    private final TruncateToEncoder truncateTo = new TruncateToEncoder();
    private final ReplicationRejectEncoder reject = new ReplicationRejectEncoder();
    private final io.boomscooter.codecs.replication.RequestVoteEncoder requestVote =
        new io.boomscooter.codecs.replication.RequestVoteEncoder();
    private final io.boomscooter.codecs.replication.VoteEncoder vote = new io.boomscooter.codecs.replication.VoteEncoder();
    private final io.boomscooter.codecs.replication.PreVoteRequestEncoder preVoteRequest =
        new io.boomscooter.codecs.replication.PreVoteRequestEncoder();
    private final io.boomscooter.codecs.replication.PreVoteAnswerEncoder preVoteAnswer =
        new io.boomscooter.codecs.replication.PreVoteAnswerEncoder();
    private final io.boomscooter.codecs.replication.PromoteEncoder promote =
        new io.boomscooter.codecs.replication.PromoteEncoder();

    /**
     * @return bytes before the frames of an AppendFrames message: header, block and the length prefix.
     */
    public static int appendFramesPrefixLength()
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + AppendFramesEncoder.BLOCK_LENGTH + 4;
    }

    public long appendFrames(
        final Publication publication,
        final int logId,
        final int leaderId,
        final long epoch,
        final long firstSeqno,
        final long lastSeqno,
        final long commitSeqno,
        final DirectBuffer frames,
        final int framesOffset,
        final int framesLength)
    {
        appendFrames.wrapAndApplyHeader(buffer, 0, header)
            .logId(logId).leaderId(leaderId).epoch(epoch)
            .firstSeqno(firstSeqno).lastSeqno(lastSeqno).commitSeqno(commitSeqno);
        final int prefix = appendFramesPrefixLength();
        buffer.putInt(prefix - 4, framesLength, java.nio.ByteOrder.LITTLE_ENDIAN);
        return publication.offer(buffer, 0, prefix, frames, framesOffset, framesLength);
    }

    public long appendAck(final Publication publication, final int logId, final int nodeId, final long epoch,
        final long ackSeqno)
    {
        appendAck.wrapAndApplyHeader(buffer, 0, header).logId(logId).nodeId(nodeId).epoch(epoch).ackSeqno(ackSeqno);
        return publication.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + appendAck.encodedLength());
    }

    public long commitPosition(final Publication publication, final int logId, final int leaderId, final long epoch,
        final long commitSeqno, final long lastSeqno)
    {
        commitPosition.wrapAndApplyHeader(buffer, 0, header)
            .logId(logId).leaderId(leaderId).epoch(epoch).commitSeqno(commitSeqno).lastSeqno(lastSeqno);
        return publication.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + commitPosition.encodedLength());
    }

    public long catchupRequest(final Publication publication, final int logId, final int nodeId, final long epoch,
        final long fromSeqno, final long lastEpoch, final long lastEpochStart)
    {
        catchupRequest.wrapAndApplyHeader(buffer, 0, header).logId(logId).nodeId(nodeId).epoch(epoch)
            .fromSeqno(fromSeqno).lastEpoch(lastEpoch).lastEpochStartSeqno(lastEpochStart);
        return publication.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + catchupRequest.encodedLength());
    }

    public long newLeader(final Publication publication, final int logId, final int leaderId, final long epoch,
        final long epochStartSeqno)
    {
        newLeader.wrapAndApplyHeader(buffer, 0, header)
            .logId(logId).leaderId(leaderId).epoch(epoch).epochStartSeqno(epochStartSeqno);
        return publication.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + newLeader.encodedLength());
    }

    public long truncateTo(final Publication publication, final int logId, final int leaderId, final long epoch,
        final long seqno)
    {
        truncateTo.wrapAndApplyHeader(buffer, 0, header).logId(logId).leaderId(leaderId).epoch(epoch).seqno(seqno);
        return publication.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + truncateTo.encodedLength());
    }

    public long requestVote(final Publication publication, final int logId, final int candidateId, final long epoch,
        final long lastSeqno, final long lastEpoch)
    {
        requestVote.wrapAndApplyHeader(buffer, 0, header).logId(logId).candidateId(candidateId).epoch(epoch)
            .lastSeqno(lastSeqno).lastEpoch(lastEpoch);
        return publication.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + requestVote.encodedLength());
    }

    public long vote(final Publication publication, final int logId, final int voterId, final long epoch,
        final boolean granted, final long lastSeqno, final long lastEpoch)
    {
        vote.wrapAndApplyHeader(buffer, 0, header).logId(logId).voterId(voterId).epoch(epoch)
            .granted((short)(granted ? 1 : 0)).lastSeqno(lastSeqno).lastEpoch(lastEpoch);
        return publication.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + vote.encodedLength());
    }

    public long preVoteRequest(final Publication publication, final int logId, final int candidateId,
        final long epoch, final long lastSeqno, final long lastEpoch)
    {
        preVoteRequest.wrapAndApplyHeader(buffer, 0, header).logId(logId).candidateId(candidateId).epoch(epoch)
            .lastSeqno(lastSeqno).lastEpoch(lastEpoch);
        return publication.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + preVoteRequest.encodedLength());
    }

    public long preVoteAnswer(final Publication publication, final int logId, final int voterId, final long epoch,
        final boolean granted, final long lastSeqno, final long lastEpoch)
    {
        preVoteAnswer.wrapAndApplyHeader(buffer, 0, header).logId(logId).voterId(voterId).epoch(epoch)
            .granted((short)(granted ? 1 : 0)).lastSeqno(lastSeqno).lastEpoch(lastEpoch);
        return publication.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + preVoteAnswer.encodedLength());
    }

    public long promote(final Publication publication, final int logId, final int responseStreamId,
        final String responseChannel)
    {
        final byte[] channel = responseChannel.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        promote.wrapAndApplyHeader(buffer, 0, header).logId(logId).responseStreamId(responseStreamId)
            .putResponseChannel(channel, 0, channel.length);
        return publication.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + promote.encodedLength());
    }

    /**
     * @param reason a constant string: this is called on the agent thread.
     */
    public long reject(final Publication publication, final int logId, final int nodeId, final long epoch,
        final RejectCode code, final String reason)
    {
        reject.wrapAndApplyHeader(buffer, 0, header).logId(logId).nodeId(nodeId).epoch(epoch).code(code)
            .reason(reason);
        return publication.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + reject.encodedLength());
    }
}
