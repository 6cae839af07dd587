package io.boomscooter.client;

import io.boomscooter.codecs.subscriber.AuthStatus;
import io.boomscooter.codecs.subscriber.CompleteReason;
import io.boomscooter.codecs.subscriber.DropReason;
import io.boomscooter.codecs.subscriber.SubscribeStatus;
import org.agrona.DirectBuffer;

/**
 * What a {@link SubscriberClient} (or the engine's {@code NotifiedLogSubscriber}) receives. Buffers are only valid
 * during the call. Every method has a no-op default, so a client implements what it needs.
 */
public interface SubscriberListener
{
    /**
     * Answer to a Subscribe. Any status but OK is followed by the node closing the session.
     */
    default void onSubscribeResponse(long correlationId, int logId, SubscribeStatus status, long earliestSeqno,
        long commitSeqno, String message)
    {
    }

    /**
     * One committed entry, in seqno order per log.
     */
    default void onEntry(int logId, long seqno, long timestampNs, long producerId, long producerSeqno,
        DirectBuffer buffer, int channelOffset, int channelLength, int keyOffset, int keyLength, int payloadOffset,
        int payloadLength)
    {
    }

    /**
     * On a multiplexed session: entries that follow belong to logId.
     */
    default void onLogSwitch(int logId)
    {
    }

    /**
     * The requested range is delivered (or the subscription was ended by Unsubscribe).
     */
    default void onComplete(long correlationId, int logId, long lastSeqno, long delivered, CompleteReason reason)
    {
    }

    /**
     * The node ended the subscription; the reason says why.
     */
    default void onDropped(long correlationId, int logId, DropReason reason, long lastSeqno, String message)
    {
    }

    /**
     * Notification: the committed end of the log is at writtenSize in the named segment file.
     */
    default void onLogProgress(int logId, long segmentBaseSeqno, long writtenSize, long commitSeqno,
        DirectBuffer fileName, int fileNameOffset, int fileNameLength)
    {
    }

    /**
     * Notification: the committed end of the log moved into a new segment file.
     */
    default void onSegmentCreated(int logId, long segmentBaseSeqno, long segmentLength, DirectBuffer fileName,
        int fileNameOffset, int fileNameLength)
    {
    }

    /**
     * An authenticated session's credentials stopped holding (REVOKED: its principal or key was removed from the
     * node's credentials file); the node closes the session after this. Results of the handshake itself are
     * returned by {@link SubscriberClient#authenticate}, not delivered here.
     */
    default void onAuthResult(AuthStatus status, String message)
    {
    }

    /**
     * The node closed the connection (TCP end of stream).
     */
    default void onDisconnected()
    {
    }
}
