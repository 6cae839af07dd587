package io.boomscooter.engine.subscriber;

import io.boomscooter.codecs.subscriber.MessageHeaderDecoder;
import io.boomscooter.codecs.subscriber.RefillDecoder;
import io.boomscooter.codecs.subscriber.SubscribeDecoder;
import io.boomscooter.codecs.subscriber.UnsubscribeDecoder;
import io.boomscooter.client.MessageCheck;
import org.agrona.DirectBuffer;

/**
 * Checks and decodes one request from a subscriber (Subscribe, Refill, Unsubscribe) before anything
 * acts on it: every length is bounds-checked by {@link MessageCheck} first, so hostile bytes become a
 * rejection with a reason, never an exception. The decoded Subscribe stays readable through the
 * accessors until the next request.
 */
final class SubscriberRequestAdapter
{
    static final int NOT_DECODED = -1;
    static final int BAD_SCHEMA_VERSION = -2;

    private final MessageCheck check = new MessageCheck();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    final SubscribeDecoder subscribe = new SubscribeDecoder();
    final RefillDecoder refill = new RefillDecoder();
    final UnsubscribeDecoder unsubscribe = new UnsubscribeDecoder();

    DirectBuffer buffer;
    int prefixOffset;
    int prefixLength;
    int credentialsOffset;
    int credentialsLength;
    int responseChannelOffset;
    int responseChannelLength;

    /**
     * @return the template id of a well-formed request, {@link #NOT_DECODED} with {@link #reason()} set,
     *         or {@link #BAD_SCHEMA_VERSION} for a header whose schema version is not served.
     */
    int decode(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        final int templateId = check.header(buffer, offset, length, SubscribeDecoder.SCHEMA_ID,
            SubscribeDecoder.SCHEMA_VERSION);
        if (templateId < 0)
        {
            return MessageCheck.WRONG_VERSION.equals(check.reason()) ? BAD_SCHEMA_VERSION : NOT_DECODED;
        }
        header.wrap(buffer, offset);
        switch (templateId)
        {
            case SubscribeDecoder.TEMPLATE_ID:
                return decodeSubscribe(buffer, offset);
            case RefillDecoder.TEMPLATE_ID:
                if (!check.block(offset, RefillDecoder.BLOCK_LENGTH))
                {
                    return NOT_DECODED;
                }
                refill.wrapAndApplyHeader(buffer, offset, header);
                return templateId;
            case UnsubscribeDecoder.TEMPLATE_ID:
                if (!check.block(offset, UnsubscribeDecoder.BLOCK_LENGTH))
                {
                    return NOT_DECODED;
                }
                unsubscribe.wrapAndApplyHeader(buffer, offset, header);
                return templateId;
            default:
                check.reject(MessageCheck.UNKNOWN_TEMPLATE);
                return NOT_DECODED;
        }
    }

    private int decodeSubscribe(final DirectBuffer buffer, final int offset)
    {
        if (!check.block(offset, SubscribeDecoder.BLOCK_LENGTH) || !check.varUint8() || !check.varUint8() ||
            !check.varUint8())
        {
            return NOT_DECODED;
        }
        subscribe.wrapAndApplyHeader(buffer, offset, header);
        prefixLength = subscribe.channelPrefixLength();
        prefixOffset = subscribe.limit() + SubscribeDecoder.channelPrefixHeaderLength();
        subscribe.skipChannelPrefix();
        credentialsLength = subscribe.credentialsLength();
        credentialsOffset = subscribe.limit() + SubscribeDecoder.credentialsHeaderLength();
        subscribe.skipCredentials();
        responseChannelLength = subscribe.responseChannelLength();
        responseChannelOffset = subscribe.limit() + SubscribeDecoder.responseChannelHeaderLength();
        subscribe.skipResponseChannel();
        return SubscribeDecoder.TEMPLATE_ID;
    }

    /**
     * @return the correlation id of the request just decoded when its fixed block was readable, else -1.
     */
    long correlationIdOrNull(final DirectBuffer buffer, final int offset, final int length)
    {
        // correlationId is at block offset 2 in Subscribe and 0 in Refill/Unsubscribe: only trust a Subscribe.
        if (length >= MessageHeaderDecoder.ENCODED_LENGTH + 10 &&
            (buffer.getShort(offset + 2, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF) == SubscribeDecoder.TEMPLATE_ID)
        {
            return buffer.getLong(offset + MessageHeaderDecoder.ENCODED_LENGTH + 2, java.nio.ByteOrder.LITTLE_ENDIAN);
        }
        return -1;
    }

    String reason()
    {
        return check.reason();
    }
}
