package io.boomscooter.engine.cluster;

import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.boomscooter.codecs.replication.AppendAckDecoder;
import io.boomscooter.codecs.replication.AppendFramesDecoder;
import io.boomscooter.codecs.replication.CatchupRequestDecoder;
import io.boomscooter.codecs.replication.CommitPositionDecoder;
import io.boomscooter.codecs.replication.MessageHeaderDecoder;
import io.boomscooter.codecs.replication.NewLeaderDecoder;
import io.boomscooter.codecs.replication.PreVoteAnswerDecoder;
import io.boomscooter.codecs.replication.PreVoteRequestDecoder;
import io.boomscooter.codecs.replication.RejectCode;
import io.boomscooter.codecs.replication.ReplicationRejectDecoder;
import io.boomscooter.codecs.replication.RequestVoteDecoder;
import io.boomscooter.codecs.replication.TruncateToDecoder;
import io.boomscooter.codecs.replication.VoteDecoder;
import io.boomscooter.client.MessageCheck;
import org.agrona.DirectBuffer;

/**
 * Decodes replication-schema fragments after bounds-checking them, and hands them to a handler.
 */
public final class ReplicationAdapter implements FragmentHandler
{
    private static final String BAD_REJECT_CODE = "unknown reject code";
    private static final String BAD_GRANTED = "vote granted flag neither 0 nor 1";

    private final ReplicationHandler handler;
    private final MessageCheck check = new MessageCheck();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final AppendFramesDecoder appendFrames = new AppendFramesDecoder();
    private final AppendAckDecoder appendAck = new AppendAckDecoder();
    private final CommitPositionDecoder commitPosition = new CommitPositionDecoder();
    private final CatchupRequestDecoder catchupRequest = new CatchupRequestDecoder();
    private final NewLeaderDecoder newLeader = new NewLeaderDecoder();
    private final TruncateToDecoder truncateTo = new TruncateToDecoder();
    private final ReplicationRejectDecoder reject = new ReplicationRejectDecoder();
    private final RequestVoteDecoder requestVote = new RequestVoteDecoder();
    private final VoteDecoder vote = new VoteDecoder();
    private final PreVoteRequestDecoder preVoteRequest = new PreVoteRequestDecoder();
    private final PreVoteAnswerDecoder preVoteAnswer = new PreVoteAnswerDecoder();

    public ReplicationAdapter(final ReplicationHandler handler)
    {
        this.handler = handler;
    }

    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header aeronHeader)
    {
        final int templateId = check.header(buffer, offset, length, MessageHeaderDecoder.SCHEMA_ID,
            MessageHeaderDecoder.SCHEMA_VERSION);
        if (templateId < 0)
        {
            handler.onMalformed(check.reason());
            return;
        }
        header.wrap(buffer, offset);
        switch (templateId)
        {
            case AppendFramesDecoder.TEMPLATE_ID:
                if (check.block(offset, AppendFramesDecoder.BLOCK_LENGTH) && check.varUint32())
                {
                    appendFrames.wrapAndApplyHeader(buffer, offset, header);
                    final int framesLength = appendFrames.framesLength();
                    final int framesOffset = appendFrames.limit() + AppendFramesDecoder.framesHeaderLength();
                    handler.onAppendFrames(appendFrames.logId(), appendFrames.leaderId(), appendFrames.epoch(),
                        appendFrames.firstSeqno(), appendFrames.lastSeqno(), appendFrames.commitSeqno(),
                        buffer, framesOffset, framesLength);
                    return;
                }
                break;

            case AppendAckDecoder.TEMPLATE_ID:
                if (check.block(offset, AppendAckDecoder.BLOCK_LENGTH))
                {
                    appendAck.wrapAndApplyHeader(buffer, offset, header);
                    handler.onAppendAck(appendAck.logId(), appendAck.nodeId(), appendAck.epoch(), appendAck.ackSeqno());
                    return;
                }
                break;

            case CommitPositionDecoder.TEMPLATE_ID:
                if (check.block(offset, CommitPositionDecoder.BLOCK_LENGTH))
                {
                    commitPosition.wrapAndApplyHeader(buffer, offset, header);
                    handler.onCommitPosition(commitPosition.logId(), commitPosition.leaderId(), commitPosition.epoch(),
                        commitPosition.commitSeqno(), commitPosition.lastSeqno());
                    return;
                }
                break;

            case CatchupRequestDecoder.TEMPLATE_ID:
                if (check.block(offset, CatchupRequestDecoder.BLOCK_LENGTH))
                {
                    catchupRequest.wrapAndApplyHeader(buffer, offset, header);
                    handler.onCatchupRequest(catchupRequest.logId(), catchupRequest.nodeId(), catchupRequest.epoch(),
                        catchupRequest.fromSeqno(), catchupRequest.lastEpoch(), catchupRequest.lastEpochStartSeqno());
                    return;
                }
                break;

            case NewLeaderDecoder.TEMPLATE_ID:
                if (check.block(offset, NewLeaderDecoder.BLOCK_LENGTH))
                {
                    newLeader.wrapAndApplyHeader(buffer, offset, header);
                    handler.onNewLeader(newLeader.logId(), newLeader.leaderId(), newLeader.epoch(),
                        newLeader.epochStartSeqno());
                    return;
                }
                break;

            case TruncateToDecoder.TEMPLATE_ID:
                if (check.block(offset, TruncateToDecoder.BLOCK_LENGTH))
                {
                    truncateTo.wrapAndApplyHeader(buffer, offset, header);
                    handler.onTruncateTo(truncateTo.logId(), truncateTo.leaderId(), truncateTo.epoch(),
                        truncateTo.seqno());
                    return;
                }
                break;

            case ReplicationRejectDecoder.TEMPLATE_ID:
                if (check.block(offset, ReplicationRejectDecoder.BLOCK_LENGTH) && check.varUint8())
                {
                    reject.wrapAndApplyHeader(buffer, offset, header);
                    // the generated lookup throws on an unknown value: check the raw byte first
                    final short raw = reject.codeRaw();
                    if (raw < RejectCode.STALE_EPOCH.value() || raw > RejectCode.MALFORMED.value())
                    {
                        check.reject(BAD_REJECT_CODE);
                        break;
                    }
                    handler.onReject(reject.logId(), reject.nodeId(), reject.epoch(), RejectCode.get(raw));
                    return;
                }
                break;

            case RequestVoteDecoder.TEMPLATE_ID:
                if (check.block(offset, RequestVoteDecoder.BLOCK_LENGTH))
                {
                    requestVote.wrapAndApplyHeader(buffer, offset, header);
                    handler.onRequestVote(requestVote.logId(), requestVote.candidateId(), requestVote.epoch(),
                        requestVote.lastSeqno(), requestVote.lastEpoch());
                    return;
                }
                break;

            case VoteDecoder.TEMPLATE_ID:
                if (check.block(offset, VoteDecoder.BLOCK_LENGTH))
                {
                    vote.wrapAndApplyHeader(buffer, offset, header);
                    final short granted = vote.granted();
                    if (granted != 0 && granted != 1)
                    {
                        check.reject(BAD_GRANTED);
                        break;
                    }
                    handler.onVote(vote.logId(), vote.voterId(), vote.epoch(), granted == 1, vote.lastSeqno(),
                        vote.lastEpoch());
                    return;
                }
                break;

            case PreVoteRequestDecoder.TEMPLATE_ID:
                if (check.block(offset, PreVoteRequestDecoder.BLOCK_LENGTH))
                {
                    preVoteRequest.wrapAndApplyHeader(buffer, offset, header);
                    handler.onPreVoteRequest(preVoteRequest.logId(), preVoteRequest.candidateId(),
                        preVoteRequest.epoch(), preVoteRequest.lastSeqno(), preVoteRequest.lastEpoch());
                    return;
                }
                break;

            case PreVoteAnswerDecoder.TEMPLATE_ID:
                if (check.block(offset, PreVoteAnswerDecoder.BLOCK_LENGTH))
                {
                    preVoteAnswer.wrapAndApplyHeader(buffer, offset, header);
                    final short preGranted = preVoteAnswer.granted();
                    if (preGranted != 0 && preGranted != 1)
                    {
                        check.reject(BAD_GRANTED);
                        break;
                    }
                    handler.onPreVoteAnswer(preVoteAnswer.logId(), preVoteAnswer.voterId(), preVoteAnswer.epoch(),
                        preGranted == 1, preVoteAnswer.lastSeqno(), preVoteAnswer.lastEpoch());
                    return;
                }
                break;

            default:
                check.reject(MessageCheck.UNKNOWN_TEMPLATE);
        }
        handler.onMalformed(check.reason());
    }
}
