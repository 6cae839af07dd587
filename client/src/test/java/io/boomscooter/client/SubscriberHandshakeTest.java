package io.boomscooter.client;

import io.boomscooter.client.auth.AuthProof;
import io.boomscooter.client.auth.ClientCredentials;
import io.boomscooter.codecs.subscriber.AuthChallengeDecoder;
import io.boomscooter.codecs.subscriber.AuthChallengeEncoder;
import io.boomscooter.codecs.subscriber.AuthProofDecoder;
import io.boomscooter.codecs.subscriber.AuthResultDecoder;
import io.boomscooter.codecs.subscriber.AuthResultEncoder;
import io.boomscooter.codecs.subscriber.AuthStatus;
import io.boomscooter.codecs.subscriber.MessageHeaderDecoder;
import io.boomscooter.codecs.subscriber.MessageHeaderEncoder;
import io.boomscooter.codecs.subscriber.SubscribeStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client's decoding of AuthChallenge and AuthResult ({@link SubscriberHandshake}) with well-formed and malformed
 * input (truncated, wrong nonce length, an unknown status), and the AuthProof it encodes.
 */
class SubscriberHandshakeTest
{
    private final SubscriberHandshake handshake = new SubscriberHandshake();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    @Test
    void decodesAChallengeAndSignsItAsTheNodeVerifies()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final byte[] nonce = new byte[16];
        Arrays.fill(nonce, (byte)7);
        final int length = challenge(buffer, 42, -5, nonce);
        assertEquals(AuthChallengeDecoder.TEMPLATE_ID, handshake.decode(exact(buffer, length), 0, length));
        assertEquals(42, handshake.correlationId);
        assertEquals(-5, handshake.sessionId);
        assertArrayEquals(nonce, handshake.nonce);

        final byte[] key = new byte[32];
        Arrays.fill(key, (byte)3);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[256]);
        final int proofLength = handshake.encodeProof(out, new ClientCredentials("alice", key),
            SubscriberHandshake.TRANSPORT_AERON);
        final AuthProofDecoder proof = new AuthProofDecoder().wrapAndApplyHeader(out, 0,
            new MessageHeaderDecoder().wrap(out, 0));
        assertEquals(42, proof.correlationId());
        assertEquals("alice", proof.principal());
        final byte[] mac = new byte[proof.macLength()];
        proof.getMac(mac, 0, mac.length);
        assertEquals(proofLength, MessageHeaderEncoder.ENCODED_LENGTH + proof.encodedLength());
        assertTrue(new AuthProof().matches(key,
            SubscriberHandshake.proofMessage(nonce, "alice", -5, 42, SubscriberHandshake.TRANSPORT_AERON), mac, 0));
    }

    @Test
    void answersOnlyTheChallengeOfItsHandshakeForItsOwnSession()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        int length = challenge(buffer, 42, 77, new byte[16]);
        assertEquals(SubscriberHandshake.IGNORED, handshake.onMessage(exact(buffer, length), 0, length, 77),
            "no handshake in progress");
        handshake.begin(42);
        assertEquals(SubscriberHandshake.CHALLENGED, handshake.onMessage(exact(buffer, length), 0, length, 77));
        assertEquals(SubscriberHandshake.CHALLENGED, handshake.onMessage(exact(buffer, length), 0, length,
            SubscriberHandshake.NO_BINDING));
        assertEquals(SubscriberHandshake.MALFORMED, handshake.onMessage(exact(buffer, length), 0, length, 78),
            "a challenge naming another Aeron session is not signed");
        length = challenge(buffer, 41, 77, new byte[16]);
        assertEquals(SubscriberHandshake.IGNORED, handshake.onMessage(exact(buffer, length), 0, length, 77));

        length = result(buffer, 42, AuthStatus.OK, "");
        assertEquals(SubscriberHandshake.FINISHED, handshake.onMessage(exact(buffer, length), 0, length, 77));
        assertEquals(AuthStatus.OK, handshake.outcome());
        handshake.end();
        length = result(buffer, 42, AuthStatus.REVOKED, "key removed");
        assertEquals(SubscriberHandshake.UNSOLICITED, handshake.onMessage(exact(buffer, length), 0, length, 77));
        assertEquals(AuthStatus.REVOKED, handshake.status);

        handshake.begin(43);
        assertTrue(!handshake.onRefusal(5, SubscribeStatus.MALFORMED, "another request's"));
        assertTrue(handshake.onRefusal(-1, SubscribeStatus.MALFORMED, "unknown template id"));
        assertEquals(AuthStatus.NULL_VAL, handshake.outcome());
        assertEquals("the node answered MALFORMED: unknown template id", handshake.outcomeMessage());
    }

    @Test
    void decodesAResultAndAnUnknownStatusAsNullVal()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        int length = result(buffer, 9, AuthStatus.BAD_PROOF, "no");
        assertEquals(AuthResultDecoder.TEMPLATE_ID, handshake.decode(exact(buffer, length), 0, length));
        assertEquals(AuthStatus.BAD_PROOF, handshake.status);
        assertEquals("no", handshake.message);

        length = result(buffer, 9, AuthStatus.OK, "newer");
        buffer.putByte(MessageHeaderEncoder.ENCODED_LENGTH + 8, (byte)99); // a status from a newer node
        assertEquals(AuthResultDecoder.TEMPLATE_ID, handshake.decode(exact(buffer, length), 0, length));
        assertEquals(AuthStatus.NULL_VAL, handshake.status);
        buffer.putByte(MessageHeaderEncoder.ENCODED_LENGTH + 8, (byte)0xff);
        assertEquals(AuthResultDecoder.TEMPLATE_ID, handshake.decode(exact(buffer, length), 0, length));
        assertEquals(AuthStatus.NULL_VAL, handshake.status);
    }

    @Test
    void refusesTruncatedMessagesAtEveryLength()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        int length = challenge(buffer, 1, 2, new byte[16]);
        for (int cut = 0; cut < length; cut++)
        {
            assertEquals(SubscriberHandshake.MALFORMED, handshake.decode(exact(buffer, cut), 0, cut), "cut " + cut);
            assertTrue(null != handshake.reason());
        }
        length = result(buffer, 1, AuthStatus.UNKNOWN_PRINCIPAL, "unknown principal 'x'");
        for (int cut = 0; cut < length; cut++)
        {
            assertEquals(SubscriberHandshake.MALFORMED, handshake.decode(exact(buffer, cut), 0, cut), "cut " + cut);
        }
    }

    @Test
    void refusesANonceThatIsNot16Bytes()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        for (final int nonceLength : new int[]{0, 15, 17, 32})
        {
            final int length = challenge(buffer, 1, 2, new byte[nonceLength]);
            assertEquals(SubscriberHandshake.MALFORMED, handshake.decode(exact(buffer, length), 0, length));
            assertEquals(SubscriberHandshake.BAD_NONCE_LENGTH, handshake.reason());
        }
    }

    @Test
    void refusesOtherTemplatesSchemasAndVersions()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final int length = result(buffer, 1, AuthStatus.OK, "");
        buffer.putShort(2, (short)3); // Entry: not a handshake message
        assertEquals(SubscriberHandshake.MALFORMED, handshake.decode(exact(buffer, length), 0, length));
        assertEquals(MessageCheck.UNKNOWN_TEMPLATE, handshake.reason());
        result(buffer, 1, AuthStatus.OK, "");
        buffer.putShort(6, (short)2);
        assertEquals(SubscriberHandshake.MALFORMED, handshake.decode(exact(buffer, length), 0, length));
        assertEquals(MessageCheck.WRONG_VERSION, handshake.reason());
        buffer.putShort(6, (short)1);
        buffer.putShort(0, (short)(AuthResultDecoder.BLOCK_LENGTH - 1));
        assertEquals(SubscriberHandshake.MALFORMED, handshake.decode(exact(buffer, length), 0, length));
        assertEquals(MessageCheck.BLOCK_TOO_SHORT, handshake.reason());
    }

    private int challenge(final UnsafeBuffer buffer, final long correlationId, final long sessionId, final byte[] nonce)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new AuthChallengeEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(correlationId).sessionId(sessionId).putNonce(nonce, 0, nonce.length).encodedLength();
    }

    private int result(final UnsafeBuffer buffer, final long correlationId, final AuthStatus status, final String text)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new AuthResultEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(correlationId).status(status).message(text).encodedLength();
    }

    private static UnsafeBuffer exact(final UnsafeBuffer buffer, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return new UnsafeBuffer(bytes);
    }
}
