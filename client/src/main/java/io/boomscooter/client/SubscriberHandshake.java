package io.boomscooter.client;

import io.boomscooter.client.auth.AuthProof;
import io.boomscooter.client.auth.ClientCredentials;
import io.boomscooter.codecs.subscriber.AuthChallengeDecoder;
import io.boomscooter.codecs.subscriber.AuthProofEncoder;
import io.boomscooter.codecs.subscriber.AuthRequestEncoder;
import io.boomscooter.codecs.subscriber.AuthResultDecoder;
import io.boomscooter.codecs.subscriber.AuthStatus;
import io.boomscooter.codecs.subscriber.MessageHeaderDecoder;
import io.boomscooter.codecs.subscriber.MessageHeaderEncoder;
import io.boomscooter.codecs.subscriber.SubscribeStatus;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The subscriber side of the authentication handshake (docs/subscriber-protocol.md, "Authentication"): encodes
 * AuthRequest and AuthProof, checks and decodes the node's AuthChallenge and AuthResult (every length bounds-checked
 * by {@link MessageCheck} first; an unknown status is {@link AuthStatus#NULL_VAL}, never an exception), and defines
 * the bytes a proof signs, which the node computes the same way; and where a client's handshake stands. Handshakes
 * are rare: this may allocate.
 */
public final class SubscriberHandshake
{
    /** The third value a subscriber's proof binds: the session is a TCP connection. */
    public static final long TRANSPORT_TCP = 1;
    /** The third value a subscriber's proof binds: the session is an Aeron request publication. */
    public static final long TRANSPORT_AERON = 2;

    static final int MALFORMED = -1;
    /** From {@link #onMessage}: not for the handshake in progress. */
    static final int IGNORED = 0;
    /** From {@link #onMessage}: the challenge of the handshake in progress; answer it with {@link #encodeProof}. */
    static final int CHALLENGED = 1;
    /** From {@link #onMessage}: the handshake's result, in {@link #outcome()}. */
    static final int FINISHED = 2;
    /** From {@link #onMessage}: a result outside a handshake (e.g. REVOKED), in {@link #status} and {@link #message}. */
    static final int UNSOLICITED = 3;
    /** A session binding that takes the node's session id as it is (TCP: the client cannot know it). */
    static final long NO_BINDING = Long.MIN_VALUE;
    static final String BAD_NONCE_LENGTH = "nonce must be exactly 16 bytes";

    private final MessageCheck check = new MessageCheck();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final AuthChallengeDecoder challengeDecoder = new AuthChallengeDecoder();
    private final AuthResultDecoder resultDecoder = new AuthResultDecoder();
    private final AuthRequestEncoder requestEncoder = new AuthRequestEncoder();
    private final AuthProofEncoder proofEncoder = new AuthProofEncoder();
    private final byte[] mac = new byte[AuthProof.MAC_LENGTH];
    private AuthProof proof;
    private boolean inProgress;
    private long expectedCorrelationId;
    private AuthStatus outcome;
    private String outcomeMessage;

    // the message decoded last
    long correlationId;
    long sessionId;
    final byte[] nonce = new byte[AuthProof.NONCE_LENGTH];
    AuthStatus status;
    String message;

    /**
     * The bytes a subscriber's proof signs: {@link AuthProof#message} with purpose {@link AuthProof#SUBSCRIBER} and
     * the values (sessionId of the challenge, correlationId of the challenge, transport).
     *
     * @param transport {@link #TRANSPORT_TCP} or {@link #TRANSPORT_AERON}.
     */
    public static byte[] proofMessage(final byte[] nonce, final String principal, final long sessionId,
        final long correlationId, final long transport)
    {
        return AuthProof.message(AuthProof.SUBSCRIBER, nonce, 0, principal, sessionId, correlationId, transport);
    }

    /**
     * Checks and decodes an AuthChallenge or AuthResult (schema 104) in buffer[offset, offset + length).
     *
     * @return the template id, or {@link #MALFORMED} with {@link #reason()} set.
     */
    int decode(final DirectBuffer buffer, final int offset, final int length)
    {
        final int templateId = check.header(buffer, offset, length, MessageHeaderDecoder.SCHEMA_ID,
            MessageHeaderDecoder.SCHEMA_VERSION);
        if (templateId < 0)
        {
            return MALFORMED;
        }
        header.wrap(buffer, offset);
        if (AuthChallengeDecoder.TEMPLATE_ID == templateId)
        {
            if (!check.block(offset, AuthChallengeDecoder.BLOCK_LENGTH) || !check.varUint8())
            {
                return MALFORMED;
            }
            final AuthChallengeDecoder d = challengeDecoder.wrapAndApplyHeader(buffer, offset, header);
            correlationId = d.correlationId();
            sessionId = d.sessionId();
            if (AuthProof.NONCE_LENGTH != d.nonceLength())
            {
                check.reject(BAD_NONCE_LENGTH);
                return MALFORMED;
            }
            buffer.getBytes(d.limit() + AuthChallengeDecoder.nonceHeaderLength(), nonce, 0, AuthProof.NONCE_LENGTH);
            return templateId;
        }
        if (AuthResultDecoder.TEMPLATE_ID == templateId)
        {
            if (!check.block(offset, AuthResultDecoder.BLOCK_LENGTH) || !check.varUint8())
            {
                return MALFORMED;
            }
            final AuthResultDecoder d = resultDecoder.wrapAndApplyHeader(buffer, offset, header);
            correlationId = d.correlationId();
            status = status(d.statusRaw());
            message = d.message();
            return templateId;
        }
        check.reject(MessageCheck.UNKNOWN_TEMPLATE);
        return MALFORMED;
    }

    String reason()
    {
        return check.reason();
    }

    /**
     * A handshake starts with the AuthRequest of this correlation id.
     */
    void begin(final long correlationId)
    {
        inProgress = true;
        expectedCorrelationId = correlationId;
        outcome = null;
        outcomeMessage = null;
    }

    void end()
    {
        inProgress = false;
    }

    /**
     * @return the node's answer to the handshake in progress, or null while there is none.
     */
    AuthStatus outcome()
    {
        return outcome;
    }

    String outcomeMessage()
    {
        return outcomeMessage;
    }

    /**
     * An AuthChallenge or AuthResult from the node.
     *
     * @param binding the session id this client knows the challenge must name (Aeron), or {@link #NO_BINDING}.
     * @return {@link #MALFORMED} (with {@link #reason()}), {@link #IGNORED}, {@link #CHALLENGED}, {@link #FINISHED}
     *         or {@link #UNSOLICITED}.
     */
    int onMessage(final DirectBuffer buffer, final int offset, final int length, final long binding)
    {
        final int templateId = decode(buffer, offset, length);
        if (MALFORMED == templateId)
        {
            return MALFORMED;
        }
        final boolean ours = inProgress && correlationId == expectedCorrelationId;
        if (AuthChallengeDecoder.TEMPLATE_ID == templateId)
        {
            if (!ours)
            {
                return IGNORED; // not a challenge of this handshake: nothing to prove
            }
            if (NO_BINDING != binding && binding != sessionId)
            {
                check.reject("the node's challenge names session " + sessionId + ", this client's Aeron session is " +
                    binding);
                return MALFORMED;
            }
            return CHALLENGED;
        }
        if (ours)
        {
            outcome = status;
            outcomeMessage = message;
            return FINISHED;
        }
        return UNSOLICITED;
    }

    /**
     * A SubscribeResponse while a handshake is in progress: the node refusing the AuthRequest or AuthProof itself
     * (e.g. a node without subscriber authentication: unknown template, correlation id -1).
     *
     * @return true when it ended the handshake.
     */
    boolean onRefusal(final long correlationId, final SubscribeStatus status, final String message)
    {
        if (!inProgress || (correlationId != expectedCorrelationId && -1 != correlationId))
        {
            return false;
        }
        outcome = AuthStatus.NULL_VAL;
        outcomeMessage = "the node answered " + status + ": " + message;
        return true;
    }

    /**
     * @return the encoded length of an AuthRequest at offset 0 of buffer.
     */
    int encodeRequest(final MutableDirectBuffer buffer, final long correlationId, final String responseChannel,
        final int responseStreamId)
    {
        requestEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .protocolVersion(SubscribeRequest.PROTOCOL_VERSION)
            .correlationId(correlationId)
            .responseStreamId(responseStreamId)
            .responseChannel(responseChannel);
        return MessageHeaderEncoder.ENCODED_LENGTH + requestEncoder.encodedLength();
    }

    /**
     * Signs the challenge decoded last and encodes the AuthProof at offset 0 of buffer.
     *
     * @return the encoded length.
     */
    int encodeProof(final MutableDirectBuffer buffer, final ClientCredentials credentials, final long transport)
    {
        if (null == proof)
        {
            proof = new AuthProof();
        }
        credentials.prove(proof, AuthProof.SUBSCRIBER, nonce, 0, sessionId, correlationId, transport, mac, 0);
        proofEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(correlationId)
            .principal(credentials.principal())
            .putMac(mac, 0, mac.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + proofEncoder.encodedLength();
    }

    /**
     * @return the status, or NULL_VAL for a value this version does not know (a newer node).
     */
    static AuthStatus status(final short raw)
    {
        return MessageCheck.isKnownEnum(raw, AuthStatus.values().length - 1) ? AuthStatus.get(raw) : AuthStatus.NULL_VAL;
    }
}
