package io.boomscooter.engine.ingress;

import org.agrona.DirectBuffer;

/**
 * Receives well-formed producer ingress messages from an {@link IngressAdapter}. Offsets point into
 * the fragment's buffer, valid only during the call.
 */
public interface IngressHandler
{
    void onProducerConnect(long producerId, int responseStreamId, DirectBuffer buffer, int channelOffset,
        int channelLength);

    /**
     * @param message       the whole SubmitEntry message, for forwarding it verbatim.
     */
    void onSubmitEntry(int logId, long producerId, long producerSeqno, long timestampNs,
        DirectBuffer buffer, int channelOffset, int channelLength, int keyOffset, int keyLength,
        int payloadOffset, int payloadLength, int messageOffset, int messageLength);

    /**
     * A producer's proof; the mac is {@code AuthProof.MAC_LENGTH} bytes at macOffset, the principal checked
     * printable ASCII of at most 64 characters.
     */
    void onAuthResponse(int logId, long producerId, DirectBuffer buffer, int macOffset, String principal);

    /**
     * A message failed its bounds checks; reason is a constant.
     */
    void onMalformed(String reason);
}
