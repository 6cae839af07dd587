package io.boomscooter.engine.ingress;

import io.aeron.Publication;
import io.boomscooter.codecs.ingress.CommitNoticeEncoder;
import io.boomscooter.codecs.ingress.IngressRejectEncoder;
import io.boomscooter.codecs.ingress.MessageHeaderEncoder;
import io.boomscooter.codecs.ingress.SubmitAckEncoder;
import io.boomscooter.codecs.ingress.SubmitStatus;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * Encodes the node's answers to producers (acks, commit notices, rejects) and offers them.
 */
public final class IngressResponder
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(512));
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final SubmitAckEncoder ack = new SubmitAckEncoder();
    private final CommitNoticeEncoder commit = new CommitNoticeEncoder();
    private final IngressRejectEncoder reject = new IngressRejectEncoder();
    private final io.boomscooter.codecs.ingress.AuthChallengeEncoder challenge =
        new io.boomscooter.codecs.ingress.AuthChallengeEncoder();

    public long ack(final Publication publication, final int logId, final long producerId, final long producerSeqno,
        final long seqno, final long commitSeqno, final long timestampNs, final SubmitStatus status, final long epoch)
    {
        ack.wrapAndApplyHeader(buffer, 0, header).logId(logId).producerId(producerId).producerSeqno(producerSeqno)
            .seqno(seqno).commitSeqno(commitSeqno).timestampNs(timestampNs).status(status).epoch(epoch);
        return publication.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + ack.encodedLength());
    }

    public long commitNotice(final Publication publication, final int logId, final long epoch, final long commitSeqno)
    {
        commit.wrapAndApplyHeader(buffer, 0, header).logId(logId).epoch(epoch).commitSeqno(commitSeqno);
        return publication.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + commit.encodedLength());
    }

    public long challenge(final Publication publication, final int logId, final long producerId, final byte[] nonce)
    {
        challenge.wrapAndApplyHeader(buffer, 0, header).logId(logId).producerId(producerId).putNonce(nonce, 0, nonce.length);
        return publication.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + challenge.encodedLength());
    }

    /**
     * @param reason a constant string.
     */
    public long reject(final Publication publication, final int logId, final long producerId, final long producerSeqno,
        final long expected, final SubmitStatus status, final String reason)
    {
        reject.wrapAndApplyHeader(buffer, 0, header).logId(logId).producerId(producerId).producerSeqno(producerSeqno)
            .expectedProducerSeqno(expected).status(status).reason(reason);
        return publication.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + reject.encodedLength());
    }
}
