package io.boomscooter.engine.auth;

import io.boomscooter.client.auth.AuthProof;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Challenge nonces: 16 bytes from a DRBG seeded once at construction (off the duty cycle), so drawing one in a
 * duty cycle reads no device and never blocks.
 */
public final class NonceSource
{
    private final SecureRandom random;

    public NonceSource()
    {
        try
        {
            random = SecureRandom.getInstance("DRBG");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("no DRBG SecureRandom in this JDK", ex);
        }
        random.nextBytes(new byte[AuthProof.NONCE_LENGTH]);
    }

    /**
     * Fills nonce[offset, offset + 16) with fresh random bytes.
     */
    public void next(final byte[] nonce, final int offset)
    {
        final byte[] fresh = new byte[AuthProof.NONCE_LENGTH];
        random.nextBytes(fresh);
        System.arraycopy(fresh, 0, nonce, offset, AuthProof.NONCE_LENGTH);
    }
}
