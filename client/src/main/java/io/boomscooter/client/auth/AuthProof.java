package io.boomscooter.client.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * The proof of a challenge-response handshake: HMAC-SHA256 under the principal's key of
 * {@code purpose (ASCII) | 0x00 | nonce (16 bytes) | principal (UTF-8) | 0x00 | three big-endian int64 values}.
 * The purpose separates the handshakes (a producer's proof is never a subscriber's or a member's); the values
 * bind the proof to what it authenticates (producer id and log, subscriber correlation, member ids and the Aeron
 * session of the image). Handshakes are rare, so this allocates; nothing here runs per message.
 */
public final class AuthProof
{
    public static final int MAC_LENGTH = 32;
    public static final int NONCE_LENGTH = 16;
    public static final String PRODUCER = "boomscooter producer v1";
    public static final String SUBSCRIBER = "boomscooter subscriber v1";
    public static final String MEMBER = "boomscooter member v1";

    private final Mac mac;

    public AuthProof()
    {
        try
        {
            mac = Mac.getInstance("HmacSHA256");
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", ex);
        }
    }

    /**
     * @return the bytes a proof signs.
     */
    public static byte[] message(final String purpose, final byte[] nonce, final int nonceOffset, final String principal,
        final long a, final long b, final long c)
    {
        final byte[] p = purpose.getBytes(StandardCharsets.US_ASCII);
        final byte[] n = principal.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer out = ByteBuffer.allocate(p.length + 1 + NONCE_LENGTH + n.length + 1 + 24);
        out.put(p).put((byte)0).put(nonce, nonceOffset, NONCE_LENGTH).put(n).put((byte)0)
            .putLong(a).putLong(b).putLong(c);
        return out.array();
    }

    /**
     * Writes HMAC-SHA256(key, message) to out at offset.
     */
    public void sign(final byte[] key, final byte[] message, final byte[] out, final int offset)
    {
        try
        {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(message);
            mac.doFinal(out, offset);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("HMAC-SHA256 failed", ex);
        }
    }

    /**
     * @return whether proof (32 bytes at offset) is HMAC-SHA256(key, message), compared in constant time.
     */
    public boolean matches(final byte[] key, final byte[] message, final byte[] proof, final int offset)
    {
        if (proof.length - offset < MAC_LENGTH)
        {
            return false;
        }
        final byte[] expected = new byte[MAC_LENGTH];
        sign(key, message, expected, 0);
        final byte[] given = java.util.Arrays.copyOfRange(proof, offset, offset + MAC_LENGTH);
        return MessageDigest.isEqual(expected, given);
    }
}
