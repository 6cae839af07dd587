package io.boomscooter.engine.rudp;

import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RudpAesGcm} against the AES-256 vectors of the GCM specification (McGrew and Viega, test cases 13 to 15; 16 to
 * 18 need AAD, which the datagram format does not use) and byte for byte against the JDK's AES/GCM; tampered
 * datagrams, wrong keys and nonces and hostile offsets fail without throwing; nothing is allocated per packet; and
 * the throughput beside the JDK's cipher is printed. Datagrams are laid out as on the wire: version, nonce, data, tag.
 */
class RudpAesGcmTest
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private static final HexFormat HEX = HexFormat.of();
    private static final int NONCE = 1;
    private static final int DATA = NONCE + RudpAesGcm.NONCE_LENGTH;
    private static final int TAG = RudpAesGcm.TAG_LENGTH;
    private static final int PAYLOAD = 1400;

    @Test
    void specificationVectors() throws Exception
    {
        final String zeroKey = "00".repeat(32);
        final String zeroNonce = "00".repeat(12);
        vector(zeroKey, zeroNonce, "", "", "530f8afbc74536b9a963b4f1c4cb738b");
        vector(zeroKey, zeroNonce, "00".repeat(16), "cea7403d4d606b6e074ec5d3baf39d18",
            "d0d1c8a799996bf0265b98b5d48ab919");
        vector("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
            "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72" +
            "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa" +
            "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
            "b094dac5d93471bdec1a502270e3cc6c");
    }

    private static void vector(final String key, final String nonce, final String plain, final String cipherText,
        final String tag) throws Exception
    {
        final byte[] plainBytes = HEX.parseHex(plain);
        final byte[] packet = packet(HEX.parseHex(nonce), plainBytes);
        final RudpAesGcm gcm = new RudpAesGcm(HEX.parseHex(key));
        gcm.encrypt(packet, NONCE, DATA, plainBytes.length);
        assertEquals(cipherText + tag, HEX.formatHex(packet, DATA, packet.length));
        assertEquals(cipherText + tag, HEX.formatHex(
            seal(Cipher.getInstance("AES/GCM/NoPadding"), HEX.parseHex(key), HEX.parseHex(nonce), plainBytes)));
        assertTrue(gcm.decrypt(packet, NONCE, DATA, plainBytes.length));
        assertEquals(plain, HEX.formatHex(packet, DATA, DATA + plainBytes.length));
    }

    @Test
    void sameBytesAsTheJdkBothWays() throws Exception
    {
        final Random random = new Random(42);
        final Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
        for (int i = 0; i < 2_030; i++) // 2,000 packet sizes, then 30 spanning several keystream batches
        {
            final byte[] key = bytes(random, 32);
            final byte[] nonce = bytes(random, 12);
            final byte[] plain = bytes(random, i < 2_000 ? random.nextInt(PAYLOAD + 101) : random.nextInt(70_000));
            final int length = plain.length;
            final byte[] expected = seal(jdk, key, nonce, plain);
            final RudpAesGcm gcm = new RudpAesGcm(key);

            final int lead = random.nextInt(9); // the datagram at an offset inside a larger array
            final byte[] array = bytes(random, lead + DATA + length + TAG + random.nextInt(9));
            System.arraycopy(nonce, 0, array, lead + NONCE, nonce.length);
            System.arraycopy(plain, 0, array, lead + DATA, length);
            if (0 == (i & 1))
            {
                gcm.encrypt(array, lead + NONCE, lead + DATA, length);
            }
            else
            {
                gcm.encrypt(new UnsafeBuffer(array, lead, array.length - lead), NONCE, DATA, length);
            }
            assertArrayEquals(expected, Arrays.copyOfRange(array, lead + DATA, lead + DATA + length + TAG),
                "case " + i + ", " + length + " bytes");

            final byte[] fromJdk = new byte[DATA + expected.length];
            System.arraycopy(nonce, 0, fromJdk, NONCE, nonce.length);
            System.arraycopy(expected, 0, fromJdk, DATA, expected.length);
            assertTrue(0 == (i & 1) ? gcm.decrypt(new UnsafeBuffer(fromJdk), NONCE, DATA, length) :
                gcm.decrypt(fromJdk, NONCE, DATA, length), "case " + i);
            assertArrayEquals(plain, Arrays.copyOfRange(fromJdk, DATA, DATA + length), "case " + i);
        }
    }

    @Test
    void flippedBitsWrongKeyOrNonceFail()
    {
        final Random random = new Random(7);
        final RudpAesGcm gcm = new RudpAesGcm(bytes(random, 32));
        final RudpAesGcm otherKey = new RudpAesGcm(bytes(random, 32));
        for (final int length : new int[] {0, 1, 15, 16, 17, 63, 64, 65, 100, PAYLOAD, 2_100})
        {
            final byte[] sealed = packet(bytes(random, 12), bytes(random, length));
            gcm.encrypt(sealed, NONCE, DATA, length);
            final byte[] work = sealed.clone();
            for (int bit = 0; bit < (RudpAesGcm.NONCE_LENGTH + length + TAG) * 8; bit++) // nonce, ciphertext, tag
            {
                System.arraycopy(sealed, 0, work, 0, sealed.length);
                work[NONCE + bit / 8] ^= (byte)(1 << (bit & 7));
                assertFalse(gcm.decrypt(work, NONCE, DATA, length), "bit " + bit + " of " + length + " bytes");
            }
            System.arraycopy(sealed, 0, work, 0, sealed.length);
            assertFalse(otherKey.decrypt(work, NONCE, DATA, length));
            System.arraycopy(sealed, 0, work, 0, sealed.length);
            assertTrue(gcm.decrypt(work, NONCE, DATA, length));
        }
    }

    @Test
    void hostileOffsetsReturnFalseNeverThrow()
    {
        final Random random = new Random(11);
        final RudpAesGcm gcm = new RudpAesGcm(bytes(random, 32));
        final byte[] small = new byte[40];
        assertFalse(gcm.decrypt((byte[])null, 0, 12, 0));
        assertFalse(gcm.decrypt((MutableDirectBuffer)null, 0, 12, 0));
        assertFalse(gcm.decrypt(new ExpandableDirectByteBuffer(64), 0, 12, 0)); // not backed by a byte[]
        assertFalse(gcm.decrypt(new UnsafeBuffer(small, 10, 20), 0, 12, 0)); // the tag passes the capacity
        assertFalse(gcm.decrypt(small, 0, 12, 0)); // all zeros: a wrong tag
        assertFalse(gcm.decrypt(small, 0, 12, 13)); // the tag passes the end
        assertFalse(gcm.decrypt(small, 0, 5, 0)); // the nonce overlaps the data
        assertFalse(gcm.decrypt(small, 20, 0, 10)); // the nonce overlaps the tag
        final int[] edges = {Integer.MIN_VALUE, -17, -1, 0, 1, 12, 13, 24, 28, 29, 39, 40, 41, Integer.MAX_VALUE};
        for (final int nonceOffset : edges)
        {
            for (final int dataOffset : edges)
            {
                for (final int length : edges)
                {
                    assertFalse(gcm.decrypt(small, nonceOffset, dataOffset, length));
                }
            }
        }
        for (int i = 0; i < 100_000; i++)
        {
            final byte[] junk = bytes(random, random.nextInt(100));
            assertFalse(gcm.decrypt(junk, random.nextInt(120) - 10, random.nextInt(120) - 10,
                random.nextInt(120) - 10));
        }
        assertThrows(IndexOutOfBoundsException.class, () -> gcm.encrypt(small, 0, 12, 13));
        assertThrows(IllegalArgumentException.class, () -> gcm.encrypt(new UnsafeBuffer(small, 10, 20), 0, 12, 0));
        assertThrows(IllegalArgumentException.class, () -> new RudpAesGcm(new byte[16]));
    }

    @Test
    void allocatesNothingPerPacket()
    {
        final RudpAesGcm gcm = new RudpAesGcm(bytes(new Random(3), 32));
        final byte[] packet = new byte[DATA + PAYLOAD + TAG];
        final UnsafeBuffer view = new UnsafeBuffer(packet);
        final long thread = Thread.currentThread().getId();
        encryptDecrypt(gcm, packet, view, 0, 50_000); // warm-up: compiled by C2
        final long before = THREADS.getThreadAllocatedBytes(thread);
        encryptDecrypt(gcm, packet, view, 50_000, 100_000);
        final long allocated = THREADS.getThreadAllocatedBytes(thread) - before;
        System.out.printf("RudpAesGcm: 100,000 encrypt + decrypt of %d bytes allocated %d bytes%n", PAYLOAD, allocated);
        assertTrue(allocated < 1024, allocated + " bytes allocated");
    }

    private static void encryptDecrypt(final RudpAesGcm gcm, final byte[] packet, final UnsafeBuffer view,
        final long firstNonce, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            view.putLong(NONCE + 4, firstNonce + i, ByteOrder.BIG_ENDIAN);
            gcm.encrypt(packet, NONCE, DATA, PAYLOAD);
            if (!gcm.decrypt(view, NONCE, DATA, PAYLOAD))
            {
                throw new AssertionError("packet " + i + " did not decrypt");
            }
        }
    }

    @Test
    void throughputBesideTheJdk() throws Exception
    {
        final byte[] key = bytes(new Random(5), 32);
        final SecretKeySpec keySpec = new SecretKeySpec(key, "AES");
        final RudpAesGcm gcm = new RudpAesGcm(key);
        final Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
        final byte[] packet = new byte[DATA + PAYLOAD + TAG];
        final byte[] work = new byte[packet.length];
        final UnsafeBuffer view = new UnsafeBuffer(packet);
        final int packets = 100_000;
        long nonce = 0;
        for (int round = 1; round <= 3; round++) // the first two warm up
        {
            long start = System.nanoTime();
            for (int i = 0; i < packets; i++)
            {
                view.putLong(NONCE + 4, nonce++, ByteOrder.BIG_ENDIAN);
                gcm.encrypt(packet, NONCE, DATA, PAYLOAD);
            }
            final long oursEncrypt = System.nanoTime() - start;
            start = System.nanoTime();
            for (int i = 0; i < packets; i++)
            {
                System.arraycopy(packet, 0, work, 0, packet.length);
                gcm.decrypt(work, NONCE, DATA, PAYLOAD);
            }
            final long oursDecrypt = System.nanoTime() - start;

            final long thread = Thread.currentThread().getId();
            final long allocatedBefore = THREADS.getThreadAllocatedBytes(thread);
            start = System.nanoTime();
            for (int i = 0; i < packets; i++)
            {
                view.putLong(NONCE + 4, nonce++, ByteOrder.BIG_ENDIAN);
                jdk.init(Cipher.ENCRYPT_MODE, keySpec, new GCMParameterSpec(TAG * 8, packet, NONCE, 12));
                jdk.doFinal(packet, DATA, PAYLOAD, packet, DATA);
            }
            final long jdkEncrypt = System.nanoTime() - start;
            start = System.nanoTime();
            for (int i = 0; i < packets; i++)
            {
                System.arraycopy(packet, 0, work, 0, packet.length);
                jdk.init(Cipher.DECRYPT_MODE, keySpec, new GCMParameterSpec(TAG * 8, work, NONCE, 12));
                jdk.doFinal(work, DATA, PAYLOAD + TAG, work, DATA);
            }
            final long jdkDecrypt = System.nanoTime() - start;
            final long jdkAllocated = THREADS.getThreadAllocatedBytes(thread) - allocatedBefore;
            System.out.printf("AES-256-GCM, %d-byte packets, round %d: RudpAesGcm encrypt %.0f MB/s, decrypt %.0f " +
                "MB/s; JDK Cipher encrypt %.0f MB/s, decrypt %.0f MB/s (JDK allocated %d bytes per packet)%n",
                PAYLOAD, round, rate(packets, oursEncrypt), rate(packets, oursDecrypt), rate(packets, jdkEncrypt),
                rate(packets, jdkDecrypt), jdkAllocated / (2L * packets));
        }
    }

    private static double rate(final int packets, final long nanos)
    {
        return (double)packets * PAYLOAD * 1_000 / nanos;
    }

    private static byte[] packet(final byte[] nonce, final byte[] plain)
    {
        final byte[] packet = new byte[DATA + plain.length + TAG];
        packet[0] = RudpHeader.VERSION;
        System.arraycopy(nonce, 0, packet, NONCE, nonce.length);
        System.arraycopy(plain, 0, packet, DATA, plain.length);
        return packet;
    }

    private static byte[] seal(final Cipher jdk, final byte[] key, final byte[] nonce, final byte[] plain)
        throws Exception
    {
        jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG * 8, nonce));
        return jdk.doFinal(plain);
    }

    private static byte[] bytes(final Random random, final int length)
    {
        final byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
