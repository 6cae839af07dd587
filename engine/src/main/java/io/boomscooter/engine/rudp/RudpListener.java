package io.boomscooter.engine.rudp;

import org.agrona.DirectBuffer;

/**
 * What a {@link RudpEndpoint} delivers, on its duty-cycle thread. Data is valid only during the call.
 */
public interface RudpListener
{
    /**
     * A whole message: in order on a sequenced stream; as it came on fire-and-forget ({@code streamId} -1).
     */
    void onMessage(int peer, int streamId, DirectBuffer buffer, int offset, int length);

    /** The peer came back with a new generation: its streams and ours to it started again from nothing. */
    default void onPeerRestarted(final int peer)
    {
    }

    /**
     * Packets of a stream the sender can no longer resend (evicted by drop-oldest, or lost to a sender restart)
     * were skipped; messages that began in them were not delivered.
     */
    default void onLoss(final int peer, final int streamId, final long packetsLost)
    {
    }
}
