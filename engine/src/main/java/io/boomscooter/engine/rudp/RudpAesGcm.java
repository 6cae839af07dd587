package io.boomscooter.engine.rudp;

import org.agrona.MutableDirectBuffer;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;

/**
 * AES-256-GCM (NIST SP 800-38D: 96-bit nonce, 128-bit tag, empty AAD) that allocates nothing after construction,
 * for reliable-UDP datagrams laid out as {@code u8 version, 12-byte nonce, ciphertext, 16-byte tag}: the data is
 * encrypted and decrypted in place and the nonce is read from its region of the same buffer.
 * <p>
 * Why hand-built: the JDK's {@code AES/GCM/NoPadding} cipher needs a new {@code GCMParameterSpec} and a re-init per
 * packet and allocates on every call. So this holds the pieces of GCM separately:
 * <ul>
 *     <li>a JDK {@code AES/ECB/NoPadding} cipher initialised once with the key: the bare AES block function (with
 *     the JDK's AES-NI intrinsics), fed up to 128 counter blocks per call; CTR mode is done here, the 32-bit
 *     counter starting at J0 = nonce || 1, data from counter 2;</li>
 *     <li>GHASH in Java on longs: Shoup 8-bit tables (b * P for every byte b, as high and low longs) for P = H, H^2,
 *     H^3 and H^4, 16 KiB built in the constructor, so four blocks share one Horner chain and one reduction per byte
 *     position;</li>
 *     <li>the counter-block and keystream scratch arrays.</li>
 * </ul>
 * Not thread-safe: one instance per thread. Decryption verifies the tag before it touches the buffer, and compares
 * it without an early exit.
 * <p>
 * <b>The caller must never use a nonce twice with the same key</b> (across all senders sharing the key, and across
 * restarts): a repeated nonce reveals the XOR of the two plaintexts and the GHASH key H, which lets anyone forge
 * tags. The nonce region must not overlap the data or tag region.
 */
final class RudpAesGcm
{
    static final int KEY_LENGTH = 32;
    static final int NONCE_LENGTH = 12;
    static final int TAG_LENGTH = 16;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final long POLY = 0xE100000000000000L; // x^128 = 1 + x + x^2 + x^7, in GCM's reflected bit order
    private static final int BATCH_BLOCKS = 128;
    private static final int TABLE = 256; // entries per power of H; H^4 at 0, then H^3, H^2 and H
    private static final int H1 = 3 * TABLE;
    private static final long[] REDUCE = new long[256]; // (r * x^8) mod P for the byte r shifted out at the low end

    static
    {
        final long[] value = new long[2];
        for (int r = 0; r < 256; r++)
        {
            value[0] = 0;
            value[1] = r;
            for (int i = 0; i < 8; i++)
            {
                timesX(value);
            }
            REDUCE[r] = value[0]; // value[1] is 0 again after 8 shifts
        }
    }

    private final Cipher aes;
    private final byte[] counters = new byte[BATCH_BLOCKS * 16];
    private final byte[] keystream = new byte[BATCH_BLOCKS * 16];
    private final long[] tableHi = new long[4 * TABLE];
    private final long[] tableLo = new long[4 * TABLE];
    private long hashHi;
    private long hashLo;

    /**
     * @param key 32 bytes; copied into the cipher's key schedule.
     */
    RudpAesGcm(final byte[] key)
    {
        if (null == key || KEY_LENGTH != key.length)
        {
            throw new IllegalArgumentException("AES-256-GCM needs a " + KEY_LENGTH + "-byte key");
        }
        try
        {
            aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("AES/ECB unavailable", ex);
        }
        generate(0, 0, 0, 1); // H = AES(K, 0^128)
        long powerHi = (long)LONG.get(keystream, 0);
        long powerLo = (long)LONG.get(keystream, 8);
        for (int offset = H1; offset >= 0; offset -= TABLE) // H's table first: timesH then gives H^2, H^3, H^4
        {
            fillTable(offset, powerHi, powerLo);
            timesH(powerHi, powerLo);
            powerHi = hashHi;
            powerLo = hashLo;
        }
    }

    /**
     * Encrypts {@code buffer[dataOffset, dataOffset + dataLength)} in place and writes the 16-byte tag right after
     * it, with the 12-byte nonce at {@code buffer[nonceOffset]}. Never reuse a nonce with this key.
     *
     * @throws IndexOutOfBoundsException if a region is outside the buffer, or the nonce overlaps data or tag.
     */
    void encrypt(final byte[] buffer, final int nonceOffset, final int dataOffset, final int dataLength)
    {
        if (null == buffer || !valid(buffer.length, nonceOffset, dataOffset, dataLength))
        {
            throw new IndexOutOfBoundsException("nonce " + nonceOffset + ", data " + dataOffset + "+" + dataLength +
                " and tag do not fit apart in " + (null == buffer ? "null" : buffer.length + " bytes"));
        }
        final long nonceHi = (long)LONG.get(buffer, nonceOffset);
        final int nonceLo = (int)INT.get(buffer, nonceOffset + 8);
        firstKeystream(nonceHi, nonceLo, dataLength);
        final long j0Hi = (long)LONG.get(keystream, 0);
        final long j0Lo = (long)LONG.get(keystream, 8);
        applyKeystream(buffer, dataOffset, dataLength, nonceHi, nonceLo);
        ghash(buffer, dataOffset, dataLength);
        LONG.set(buffer, dataOffset + dataLength, hashHi ^ j0Hi);
        LONG.set(buffer, dataOffset + dataLength + 8, hashLo ^ j0Lo);
    }

    /**
     * Verifies the tag at {@code buffer[dataOffset + dataLength, +16)} over the ciphertext before it and, if it
     * matches, decrypts the ciphertext in place. Never throws.
     *
     * @return false if the tag does not match or a region is out of bounds; the buffer contents are then unspecified
     * (this implementation leaves them untouched, but callers must not rely on it).
     */
    boolean decrypt(final byte[] buffer, final int nonceOffset, final int dataOffset, final int dataLength)
    {
        if (null == buffer || !valid(buffer.length, nonceOffset, dataOffset, dataLength))
        {
            return false;
        }
        final long nonceHi = (long)LONG.get(buffer, nonceOffset);
        final int nonceLo = (int)INT.get(buffer, nonceOffset + 8);
        ghash(buffer, dataOffset, dataLength);
        firstKeystream(nonceHi, nonceLo, dataLength);
        final long diff = (hashHi ^ (long)LONG.get(keystream, 0) ^ (long)LONG.get(buffer, dataOffset + dataLength)) |
            (hashLo ^ (long)LONG.get(keystream, 8) ^ (long)LONG.get(buffer, dataOffset + dataLength + 8));
        if (0 != diff)
        {
            return false;
        }
        applyKeystream(buffer, dataOffset, dataLength, nonceHi, nonceLo);
        return true;
    }

    /**
     * {@link #encrypt(byte[], int, int, int)} on a buffer backed by a byte array (an {@code UnsafeBuffer} over a
     * {@code byte[]} or heap {@code ByteBuffer}); offsets are relative to the buffer.
     *
     * @throws IllegalArgumentException if the buffer is not backed by a byte array or a region does not fit.
     */
    void encrypt(final MutableDirectBuffer buffer, final int nonceOffset, final int dataOffset, final int dataLength)
    {
        final byte[] array = buffer.byteArray();
        if (null == array || !valid(buffer.capacity(), nonceOffset, dataOffset, dataLength))
        {
            throw new IllegalArgumentException("not byte[]-backed, or nonce " + nonceOffset + ", data " + dataOffset +
                "+" + dataLength + " and tag do not fit apart in capacity " + buffer.capacity());
        }
        final int adjustment = buffer.wrapAdjustment();
        encrypt(array, adjustment + nonceOffset, adjustment + dataOffset, dataLength);
    }

    /**
     * {@link #decrypt(byte[], int, int, int)} on a buffer backed by a byte array; false if it is not.
     */
    boolean decrypt(final MutableDirectBuffer buffer, final int nonceOffset, final int dataOffset, final int dataLength)
    {
        final byte[] array = null == buffer ? null : buffer.byteArray();
        if (null == array || !valid(buffer.capacity(), nonceOffset, dataOffset, dataLength))
        {
            return false;
        }
        final int adjustment = buffer.wrapAdjustment();
        return decrypt(array, adjustment + nonceOffset, adjustment + dataOffset, dataLength);
    }

    private static boolean valid(final int capacity, final int nonceOffset, final int dataOffset, final int dataLength)
    {
        return nonceOffset >= 0 && dataOffset >= 0 && dataLength >= 0 &&
            nonceOffset <= capacity - NONCE_LENGTH && dataLength <= capacity - TAG_LENGTH - dataOffset &&
            (nonceOffset + NONCE_LENGTH <= dataOffset || dataOffset + dataLength + TAG_LENGTH <= nonceOffset);
    }

    /** Keystream for counters 1 (J0, whose encryption masks the tag) to at most BATCH_BLOCKS. */
    private void firstKeystream(final long nonceHi, final int nonceLo, final int dataLength)
    {
        generate(nonceHi, nonceLo, 1, Math.min(BATCH_BLOCKS, 1 + ((dataLength + 15) >>> 4)));
    }

    /** XORs the data with the keystream from counter 2, the first batch already generated by firstKeystream. */
    private void applyKeystream(
        final byte[] buffer, final int offset, final int length, final long nonceHi, final int nonceLo)
    {
        int done = Math.min(length, (BATCH_BLOCKS - 1) * 16);
        xor(buffer, offset, done, 16);
        int counter = 1 + BATCH_BLOCKS;
        while (done < length)
        {
            final int chunk = Math.min(length - done, BATCH_BLOCKS * 16);
            generate(nonceHi, nonceLo, counter, (chunk + 15) >>> 4);
            xor(buffer, offset + done, chunk, 0);
            done += chunk;
            counter += BATCH_BLOCKS;
        }
    }

    private void generate(final long nonceHi, final int nonceLo, final int firstCounter, final int blocks)
    {
        final byte[] counters = this.counters;
        for (int i = 0, at = 0; i < blocks; i++, at += 16)
        {
            LONG.set(counters, at, nonceHi);
            INT.set(counters, at + 8, nonceLo);
            INT.set(counters, at + 12, firstCounter + i); // inc32: wraps mod 2^32
        }
        try
        {
            aes.update(counters, 0, blocks * 16, keystream, 0);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex); // cannot happen: the output array is as large as the input
        }
    }

    private void xor(final byte[] buffer, final int offset, final int length, final int keyOffset)
    {
        final byte[] keystream = this.keystream;
        int i = 0;
        for (; i <= length - 8; i += 8)
        {
            LONG.set(buffer, offset + i, (long)LONG.get(buffer, offset + i) ^ (long)LONG.get(keystream, keyOffset + i));
        }
        for (; i < length; i++)
        {
            buffer[offset + i] ^= keystream[keyOffset + i];
        }
    }

    /** hashHi/hashLo = GHASH_H(data zero-padded to whole blocks || [0]64 || [8 * length]64). */
    private void ghash(final byte[] buffer, final int offset, final int length)
    {
        final long[] th = tableHi;
        final long[] tl = tableLo;
        final long[] reduce = REDUCE;
        final int end = offset + length;
        long yHi = 0;
        long yLo = 0;
        int i = offset;
        for (; i <= end - 64; i += 64) // Y' = (Y ^ A) H^4 ^ B H^3 ^ C H^2 ^ D H, one Horner chain over byte positions
        {
            final long aHi = yHi ^ (long)LONG.get(buffer, i);
            final long aLo = yLo ^ (long)LONG.get(buffer, i + 8);
            final long bHi = (long)LONG.get(buffer, i + 16);
            final long bLo = (long)LONG.get(buffer, i + 24);
            final long cHi = (long)LONG.get(buffer, i + 32);
            final long cLo = (long)LONG.get(buffer, i + 40);
            final long dHi = (long)LONG.get(buffer, i + 48);
            final long dLo = (long)LONG.get(buffer, i + 56);
            long zHi = 0;
            long zLo = 0;
            for (int half = 0; half < 2; half++)
            {
                final long a = 0 == half ? aLo : aHi;
                final long b = 0 == half ? bLo : bHi;
                final long c = 0 == half ? cLo : cHi;
                final long d = 0 == half ? dLo : dHi;
                for (int s = 0; s < 64; s += 8)
                {
                    final long r = reduce[(int)zLo & 0xFF];
                    zLo = (zLo >>> 8) | (zHi << 56);
                    zHi = (zHi >>> 8) ^ r;
                    final int ia = (int)(a >>> s) & 0xFF;
                    final int ib = TABLE + ((int)(b >>> s) & 0xFF);
                    final int ic = 2 * TABLE + ((int)(c >>> s) & 0xFF);
                    final int id = H1 + ((int)(d >>> s) & 0xFF);
                    zHi ^= th[ia] ^ th[ib] ^ th[ic] ^ th[id];
                    zLo ^= tl[ia] ^ tl[ib] ^ tl[ic] ^ tl[id];
                }
            }
            yHi = zHi;
            yLo = zLo;
        }
        for (; i < end; i += 16)
        {
            timesH(yHi ^ word(buffer, i, end), yLo ^ word(buffer, i + 8, end));
            yHi = hashHi;
            yLo = hashLo;
        }
        timesH(yHi, yLo ^ ((long)length << 3));
    }

    /** The big-endian long at buffer[at], zero-padded past end. */
    private static long word(final byte[] buffer, final int at, final int end)
    {
        if (at + 8 <= end)
        {
            return (long)LONG.get(buffer, at);
        }
        long value = 0;
        for (int k = 0; k < 8; k++)
        {
            value = (value << 8) | (at + k < end ? buffer[at + k] & 0xFF : 0);
        }
        return value;
    }

    /** hashHi/hashLo = X * H with Shoup's 8-bit table for H. */
    private void timesH(final long xHi, final long xLo)
    {
        final long[] th = tableHi;
        final long[] tl = tableLo;
        long zHi = 0;
        long zLo = 0;
        for (int n = 0; n < 16; n++)
        {
            final long r = REDUCE[(int)zLo & 0xFF];
            zLo = (zLo >>> 8) | (zHi << 56);
            zHi = (zHi >>> 8) ^ r;
            final int ix = H1 + ((int)((n < 8 ? xLo : xHi) >>> ((n & 7) << 3)) & 0xFF);
            zHi ^= th[ix];
            zLo ^= tl[ix];
        }
        hashHi = zHi;
        hashLo = zLo;
    }

    /** Entry b at offset = b * P, bit 0x80 of b being the coefficient of x^0. */
    private void fillTable(final int offset, final long powerHi, final long powerLo)
    {
        final long[] value = {powerHi, powerLo};
        for (int bit = 0x80; bit > 0; bit >>>= 1)
        {
            tableHi[offset + bit] = value[0];
            tableLo[offset + bit] = value[1];
            timesX(value);
        }
        for (int b = 3; b < 256; b++)
        {
            final int low = b & -b;
            tableHi[offset + b] = tableHi[offset + low] ^ tableHi[offset + (b ^ low)];
            tableLo[offset + b] = tableLo[offset + low] ^ tableLo[offset + (b ^ low)];
        }
    }

    /** value *= x: a right shift in GCM's bit order, reducing the x^128 term. */
    private static void timesX(final long[] value)
    {
        final long carry = value[1] & 1;
        value[1] = (value[1] >>> 1) | (value[0] << 63);
        value[0] = (value[0] >>> 1) ^ (-carry & POLY);
    }
}
