package io.boomscooter.engine.subscriber;

import io.boomscooter.codecs.notification.LogProgressEncoder;
import io.boomscooter.codecs.notification.SegmentCreatedEncoder;
import io.boomscooter.codecs.subscriber.AuthChallengeEncoder;
import io.boomscooter.codecs.subscriber.AuthResultEncoder;
import io.boomscooter.codecs.subscriber.AuthStatus;
import io.boomscooter.codecs.subscriber.CompleteEncoder;
import io.boomscooter.codecs.subscriber.CompleteReason;
import io.boomscooter.codecs.subscriber.DropReason;
import io.boomscooter.codecs.subscriber.DroppedEncoder;
import io.boomscooter.codecs.subscriber.LogSwitchEncoder;
import io.boomscooter.codecs.subscriber.MessageHeaderEncoder;
import io.boomscooter.codecs.subscriber.SubscribeResponseEncoder;
import io.boomscooter.codecs.subscriber.SubscribeStatus;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes the node's control and notification messages into a {@link ControlQueue}. One per fan-out
 * agent; reason texts are constants, so nothing is allocated.
 */
final class SubscriberProxy
{
    static final int MAX_TEXT = 254;
    /** Longest control message: a response with a full-length text. */
    static final int MAX_CONTROL_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + SubscribeResponseEncoder.BLOCK_LENGTH +
        1 + MAX_TEXT;
    static final int MAX_NOTIFICATION_LENGTH = io.boomscooter.codecs.notification.MessageHeaderEncoder.ENCODED_LENGTH +
        LogProgressEncoder.BLOCK_LENGTH + 1 + 254;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final io.boomscooter.codecs.notification.MessageHeaderEncoder notificationHeader =
        new io.boomscooter.codecs.notification.MessageHeaderEncoder();
    private final SubscribeResponseEncoder response = new SubscribeResponseEncoder();
    private final CompleteEncoder complete = new CompleteEncoder();
    private final DroppedEncoder dropped = new DroppedEncoder();
    private final LogSwitchEncoder logSwitch = new LogSwitchEncoder();
    private final LogProgressEncoder progress = new LogProgressEncoder();
    private final SegmentCreatedEncoder segmentCreated = new SegmentCreatedEncoder();
    private final AuthChallengeEncoder authChallenge = new AuthChallengeEncoder();
    private final AuthResultEncoder authResult = new AuthResultEncoder();

    boolean response(final ControlQueue queue, final long correlationId, final int logId, final SubscribeStatus status,
        final long earliestSeqno, final long commitSeqno, final String text)
    {
        if (!queue.claim(MAX_CONTROL_LENGTH))
        {
            return false;
        }
        response.wrapAndApplyHeader(queue.buffer(), queue.offset(), header)
            .correlationId(correlationId).logId(logId).status(status).earliestSeqno(earliestSeqno)
            .commitSeqno(commitSeqno).message(truncate(text));
        queue.commit(MessageHeaderEncoder.ENCODED_LENGTH + response.encodedLength());
        return true;
    }

    boolean authChallenge(final ControlQueue queue, final long correlationId, final long sessionId, final byte[] nonce)
    {
        if (!queue.claim(MAX_CONTROL_LENGTH))
        {
            return false;
        }
        authChallenge.wrapAndApplyHeader(queue.buffer(), queue.offset(), header)
            .correlationId(correlationId).sessionId(sessionId).putNonce(nonce, 0, nonce.length);
        queue.commit(MessageHeaderEncoder.ENCODED_LENGTH + authChallenge.encodedLength());
        return true;
    }

    boolean authResult(final ControlQueue queue, final long correlationId, final AuthStatus status, final String text)
    {
        if (!queue.claim(MAX_CONTROL_LENGTH))
        {
            return false;
        }
        authResult.wrapAndApplyHeader(queue.buffer(), queue.offset(), header)
            .correlationId(correlationId).status(status).message(truncate(text));
        queue.commit(MessageHeaderEncoder.ENCODED_LENGTH + authResult.encodedLength());
        return true;
    }

    boolean complete(final ControlQueue queue, final long correlationId, final int logId, final long lastSeqno,
        final long delivered, final CompleteReason reason)
    {
        if (!queue.claim(MessageHeaderEncoder.ENCODED_LENGTH + CompleteEncoder.BLOCK_LENGTH))
        {
            return false;
        }
        complete.wrapAndApplyHeader(queue.buffer(), queue.offset(), header)
            .correlationId(correlationId).logId(logId).lastSeqno(lastSeqno).delivered(delivered).reason(reason);
        queue.commit(MessageHeaderEncoder.ENCODED_LENGTH + complete.encodedLength());
        return true;
    }

    boolean dropped(final ControlQueue queue, final long correlationId, final int logId, final DropReason reason,
        final long lastSeqno, final String text)
    {
        if (!queue.claim(MAX_CONTROL_LENGTH))
        {
            return false;
        }
        dropped.wrapAndApplyHeader(queue.buffer(), queue.offset(), header)
            .correlationId(correlationId).logId(logId).reason(reason).lastSeqno(lastSeqno).message(truncate(text));
        queue.commit(MessageHeaderEncoder.ENCODED_LENGTH + dropped.encodedLength());
        return true;
    }

    boolean logSwitch(final ControlQueue queue, final int logId)
    {
        if (!queue.claim(MessageHeaderEncoder.ENCODED_LENGTH + LogSwitchEncoder.BLOCK_LENGTH))
        {
            return false;
        }
        logSwitch.wrapAndApplyHeader(queue.buffer(), queue.offset(), header).logId(logId);
        queue.commit(MessageHeaderEncoder.ENCODED_LENGTH + logSwitch.encodedLength());
        return true;
    }

    /**
     * @return the encoded length, or 0 when the outbound pushed back.
     */
    int logProgress(final MutableDirectBuffer buffer, final int offset, final int logId, final long segmentBase,
        final long writtenSize, final long commitSeqno, final DirectBuffer fileName, final int fileNameLength)
    {
        progress.wrapAndApplyHeader(buffer, offset, notificationHeader)
            .logId(logId).segmentBaseSeqno(segmentBase).writtenSize(writtenSize).highestSeqno(commitSeqno)
            .commitSeqno(commitSeqno).putSegmentFile(fileName, 0, fileNameLength);
        return io.boomscooter.codecs.notification.MessageHeaderEncoder.ENCODED_LENGTH + progress.encodedLength();
    }

    int segmentCreated(final MutableDirectBuffer buffer, final int offset, final int logId, final long segmentBase,
        final long segmentLength, final DirectBuffer fileName, final int fileNameLength)
    {
        segmentCreated.wrapAndApplyHeader(buffer, offset, notificationHeader)
            .logId(logId).segmentBaseSeqno(segmentBase).segmentLength(segmentLength)
            .putSegmentFile(fileName, 0, fileNameLength);
        return io.boomscooter.codecs.notification.MessageHeaderEncoder.ENCODED_LENGTH + segmentCreated.encodedLength();
    }

    private static String truncate(final String text)
    {
        // Reasons are ASCII constants; a longer one would be a programming error, so cut rather than fail.
        return null == text ? "" : text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    }
}
