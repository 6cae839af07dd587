package io.boomscooter.engine.rudp;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * PLACEHOLDER (JDK Cipher, allocates per call) until the zero-allocation implementation lands.
 */
final class RudpAesGcm
{
    private final SecretKeySpec key;
    private final Cipher cipher;

    RudpAesGcm(final byte[] key)
    {
        this.key = new SecretKeySpec(key.clone(), "AES");
        try
        {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    void encrypt(final byte[] buffer, final int nonceOffset, final int dataOffset, final int dataLength)
    {
        try
        {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, buffer, nonceOffset, 12));
            cipher.doFinal(buffer, dataOffset, dataLength, buffer, dataOffset);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    boolean decrypt(final byte[] buffer, final int nonceOffset, final int dataOffset, final int dataLength)
    {
        try
        {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, buffer, nonceOffset, 12));
            cipher.doFinal(buffer, dataOffset, dataLength + 16, buffer, dataOffset);
            return true;
        }
        catch (final Exception ex)
        {
            return false;
        }
    }
}
