package io.boomscooter.engine.subscriber;

import io.boomscooter.client.auth.AuthProof;
import io.boomscooter.client.auth.Credentials;
import io.boomscooter.codecs.subscriber.AuthProofDecoder;
import io.boomscooter.codecs.subscriber.AuthRequestDecoder;
import io.boomscooter.codecs.subscriber.MessageHeaderDecoder;
import io.boomscooter.codecs.subscriber.RefillDecoder;
import io.boomscooter.codecs.subscriber.SubscribeDecoder;
import io.boomscooter.codecs.subscriber.UnsubscribeDecoder;
import io.boomscooter.client.MessageCheck;
import org.agrona.DirectBuffer;

/**
 * Checks and decodes one request from a subscriber (Subscribe, Refill, Unsubscribe, AuthRequest, AuthProof)
 * before anything acts on it: every length is bounds-checked by {@link MessageCheck} first, so hostile bytes
 * become a rejection with a reason, never an exception. An AuthRequest's response channel must be at most 254
 * bytes, an AuthProof's principal 1 to 64 printable ASCII characters without spaces and its mac exactly 32 bytes.
 * The decoded request stays readable through the accessors until the next request.
 */
final class SubscriberRequestAdapter
{
    static final int NOT_DECODED = -1;
    static final int BAD_SCHEMA_VERSION = -2;
    static final String BAD_PRINCIPAL = "principal must be 1 to 64 printable ASCII characters without spaces";
    static final String BAD_MAC_LENGTH = "mac must be exactly 32 bytes";
    static final String LONG_RESPONSE_CHANNEL = "responseChannel longer than 254 bytes";

    private final MessageCheck check = new MessageCheck();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    final SubscribeDecoder subscribe = new SubscribeDecoder();
    final RefillDecoder refill = new RefillDecoder();
    final UnsubscribeDecoder unsubscribe = new UnsubscribeDecoder();
    final AuthRequestDecoder authRequest = new AuthRequestDecoder();
    final AuthProofDecoder authProof = new AuthProofDecoder();

    DirectBuffer buffer;
    int prefixOffset;
    int prefixLength;
    int credentialsOffset;
    int credentialsLength;
    int responseChannelOffset;
    int responseChannelLength;
    /** Of a Subscribe or an AuthRequest: where an Aeron session's responses go. */
    int responseStreamId;
    int principalOffset;
    int principalLength;
    int macOffset;

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
            case AuthRequestDecoder.TEMPLATE_ID:
                return decodeAuthRequest(buffer, offset);
            case AuthProofDecoder.TEMPLATE_ID:
                return decodeAuthProof(buffer, offset);
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
        responseStreamId = subscribe.responseStreamId();
        return SubscribeDecoder.TEMPLATE_ID;
    }

    private int decodeAuthRequest(final DirectBuffer buffer, final int offset)
    {
        if (!check.block(offset, AuthRequestDecoder.BLOCK_LENGTH) || !check.varUint8())
        {
            return NOT_DECODED;
        }
        authRequest.wrapAndApplyHeader(buffer, offset, header);
        responseStreamId = authRequest.responseStreamId();
        responseChannelLength = authRequest.responseChannelLength();
        responseChannelOffset = authRequest.limit() + AuthRequestDecoder.responseChannelHeaderLength();
        authRequest.skipResponseChannel();
        if (responseChannelLength > SubscriberAgent.MAX_STRING_LENGTH)
        {
            check.reject(LONG_RESPONSE_CHANNEL);
            return NOT_DECODED;
        }
        return AuthRequestDecoder.TEMPLATE_ID;
    }

    private int decodeAuthProof(final DirectBuffer buffer, final int offset)
    {
        if (!check.block(offset, AuthProofDecoder.BLOCK_LENGTH) || !check.varUint8() || !check.varUint8())
        {
            return NOT_DECODED;
        }
        authProof.wrapAndApplyHeader(buffer, offset, header);
        principalLength = authProof.principalLength();
        principalOffset = authProof.limit() + AuthProofDecoder.principalHeaderLength();
        authProof.skipPrincipal();
        final int macLength = authProof.macLength();
        macOffset = authProof.limit() + AuthProofDecoder.macHeaderLength();
        authProof.skipMac();
        if (!isPrincipal(buffer, principalOffset, principalLength))
        {
            check.reject(BAD_PRINCIPAL);
            return NOT_DECODED;
        }
        if (AuthProof.MAC_LENGTH != macLength)
        {
            check.reject(BAD_MAC_LENGTH);
            return NOT_DECODED;
        }
        return AuthProofDecoder.TEMPLATE_ID;
    }

    /**
     * @return whether the bytes are a name the credentials file could hold (as Credentials checks its names).
     */
    private static boolean isPrincipal(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < 1 || length > Credentials.MAX_PRINCIPAL_LENGTH)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            final byte b = buffer.getByte(offset + i);
            if (b <= ' ' || b >= 127)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return the correlation id of a Subscribe, AuthRequest or AuthProof whose fixed block holds it, else -1
     *         (so a refused handshake message is answered with its own correlation id).
     */
    long correlationIdOrNull(final DirectBuffer buffer, final int offset, final int length)
    {
        // correlationId is at block offset 2 in Subscribe and AuthRequest, 0 in AuthProof; Refill and
        // Unsubscribe are not trusted (their answers go to the session, not to a request of it).
        if (length < MessageHeaderDecoder.ENCODED_LENGTH + 8)
        {
            return -1;
        }
        final int templateId = buffer.getShort(offset + 2, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (AuthProofDecoder.TEMPLATE_ID == templateId)
        {
            return buffer.getLong(offset + MessageHeaderDecoder.ENCODED_LENGTH, java.nio.ByteOrder.LITTLE_ENDIAN);
        }
        if (length >= MessageHeaderDecoder.ENCODED_LENGTH + 10 &&
            (SubscribeDecoder.TEMPLATE_ID == templateId || AuthRequestDecoder.TEMPLATE_ID == templateId))
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
