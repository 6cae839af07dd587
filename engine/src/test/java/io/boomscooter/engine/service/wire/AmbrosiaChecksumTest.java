package io.boomscooter.engine.service.wire;

import net.jpountz.xxhash.XXHashFactory;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static io.boomscooter.engine.service.wire.AmbrosiaWireTestSupport.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * xxHash64 seed 0 against reference values (computed with the xxHash project's own C library, libxxhash 0.8.1,
 * XXH64(data, len, 0); the first and third are also the widely published vectors for "" and "abc"), through every
 * kind of DirectBuffer: byte[]-backed, heap and direct ByteBuffer-backed, and a raw address with neither.
 */
class AmbrosiaChecksumTest
{
    private static final int PAD = 7;

    private static byte[] pattern(final int length)
    {
        final byte[] out = new byte[length];
        for (int i = 0; i < length; i++)
        {
            out[i] = (byte)(i * 31 + 7);
        }
        return out;
    }

    private static byte[] twice0To255()
    {
        final byte[] out = new byte[512];
        for (int i = 0; i < 512; i++)
        {
            out[i] = (byte)i;
        }
        return out;
    }

    private static final Object[][] VECTORS =
    {
        { new byte[0], 0xEF46DB3751D8E999L },
        { ascii("a"), 0xD24EC4F1A98C6E5BL },
        { ascii("abc"), 0x44BC2CF5AD770999L },
        { ascii("message digest"), 0x066ED728FCEEB3BEL },
        { ascii("abcdefghijklmnopqrstuvwxyz"), 0xCFE1F278FA89835CL },
        { ascii("Nobody inspects the spammish repetition"), 0xFBCEA83C8A378BF1L },
        { twice0To255(), 0x7B3BFCAAC0348AC0L },
        { pattern(200_000), 0x9FC4BF79E9851A8DL }, // longer than the raw-address scratch: hashed in chunks
    };

    private static void assertAllBufferKinds(final AmbrosiaChecksum checksum, final byte[] data, final long expected)
    {
        final String what = data.length + " bytes";

        final byte[] padded = new byte[data.length + 2 * PAD];
        System.arraycopy(data, 0, padded, PAD, data.length);
        final UnsafeBuffer array = new UnsafeBuffer(padded);
        assertEquals(expected, checksum.hash(array, PAD, data.length), what + ", byte[] at an offset");
        final UnsafeBuffer arraySlice = new UnsafeBuffer(padded, PAD - 2, data.length + 4);
        assertEquals(expected, checksum.hash(arraySlice, 2, data.length), what + ", byte[] slice (wrap adjustment)");

        final ByteBuffer heap = ByteBuffer.wrap(padded, 1, padded.length - 1).slice();
        final UnsafeBuffer heapBuffer = new UnsafeBuffer(heap);
        assertEquals(expected, checksum.hash(heapBuffer, PAD - 1, data.length), what + ", heap ByteBuffer slice");

        final ByteBuffer direct = ByteBuffer.allocateDirect(padded.length);
        direct.put(padded).flip();
        final UnsafeBuffer directBuffer = new UnsafeBuffer(direct);
        assertNull(directBuffer.byteArray());
        assertNotNull(directBuffer.byteBuffer());
        assertEquals(expected, checksum.hash(directBuffer, PAD, data.length), what + ", direct ByteBuffer");
        final UnsafeBuffer directSlice = new UnsafeBuffer(direct, PAD - 3, data.length + 3);
        assertEquals(expected, checksum.hash(directSlice, 3, data.length), what + ", direct ByteBuffer at an offset");
        direct.order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(expected, checksum.hash(directBuffer, PAD, data.length), what + ", little-endian ByteBuffer");

        final UnsafeBuffer raw = new UnsafeBuffer(BufferUtil.address(direct), padded.length);
        assertNull(raw.byteArray());
        assertNull(raw.byteBuffer());
        assertEquals(expected, checksum.hash(raw, PAD, data.length), what + ", raw address");
        assertEquals(0, direct.get(0)); // keeps the direct buffer, and so the raw address, alive to here
    }

    @Test
    void referenceVectorsThroughEveryBufferKind()
    {
        final AmbrosiaChecksum fastest = new AmbrosiaChecksum();
        final AmbrosiaChecksum safe = new AmbrosiaChecksum(XXHashFactory.safeInstance());
        for (final Object[] vector : VECTORS)
        {
            assertAllBufferKinds(fastest, (byte[])vector[0], (Long)vector[1]);
            assertAllBufferKinds(safe, (byte[])vector[0], (Long)vector[1]);
        }
    }

    @Test
    void bufferKindsAgreeOnEveryLengthAndAlignment()
    {
        final AmbrosiaChecksum checksum = new AmbrosiaChecksum();
        final byte[] data = pattern(300);
        final ByteBuffer direct = ByteBuffer.allocateDirect(data.length);
        direct.put(data).flip();
        final DirectBuffer array = new UnsafeBuffer(data);
        final DirectBuffer directBuffer = new UnsafeBuffer(direct);
        final DirectBuffer raw = new UnsafeBuffer(BufferUtil.address(direct), data.length);
        final net.jpountz.xxhash.XXHash64 reference = XXHashFactory.safeInstance().hash64();
        for (int offset = 0; offset < 9; offset++)
        {
            for (int length = 0; length <= data.length - offset; length += 1 + length / 8)
            {
                final long expected = reference.hash(data, offset, length, 0L);
                assertEquals(expected, checksum.hash(array, offset, length));
                assertEquals(expected, checksum.hash(directBuffer, offset, length));
                assertEquals(expected, checksum.hash(raw, offset, length));
            }
        }
        assertEquals(data[0], direct.get(0));
    }
}
