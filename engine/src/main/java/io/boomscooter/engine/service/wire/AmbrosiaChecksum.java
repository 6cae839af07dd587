package io.boomscooter.engine.service.wire;

import net.jpountz.xxhash.StreamingXXHash64;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;
import org.agrona.DirectBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * xxHash64 with seed 0, the check bytes of an AMBROSIA log record ({@code CheckBytesxxHash64} in upstream
 * {@code AmbrosiaLib/Ambrosia/Program.cs}, over {@code AmbrosiaLib/Ambrosia/xxHash.cs}, the standard XXH64). The
 * hash comes from lz4-java's pure-Java xxHash ({@link XXHashFactory#fastestJavaInstance()}, never the JNI one),
 * not from code of ours.
 * <p>
 * No allocation per call: a buffer backed by a {@code byte[]} is hashed in place; one backed by a direct
 * {@link ByteBuffer} is hashed through a little-endian view of it that is made once per distinct ByteBuffer
 * and then reused; a buffer over a raw address (neither) is copied through this instance's scratch array into a
 * streaming hash. So an instance belongs to one thread.
 */
public final class AmbrosiaChecksum
{
    /** The seed AMBROSIA uses. */
    public static final long SEED = 0L;

    private static final int SCRATCH_LENGTH = 16 * 1024;

    private final XXHash64 hash;
    private final StreamingXXHash64 streaming;
    private final byte[] scratch = new byte[SCRATCH_LENGTH];
    private ByteBuffer lastByteBuffer;
    private ByteBuffer lastLittleEndianView;

    /**
     * Uses {@link XXHashFactory#fastestJavaInstance()}.
     */
    public AmbrosiaChecksum()
    {
        this(XXHashFactory.fastestJavaInstance());
    }

    /**
     * @param factory a pure-Java factory ({@link XXHashFactory#safeInstance()} or
     *                {@link XXHashFactory#fastestJavaInstance()}).
     */
    public AmbrosiaChecksum(final XXHashFactory factory)
    {
        hash = factory.hash64();
        streaming = factory.newStreamingHash64(SEED);
    }

    /**
     * @param buffer holding the bytes.
     * @param offset of the first byte hashed.
     * @param length bytes hashed; {@code offset..offset+length} must lie inside the buffer (the caller checks:
     *               {@link AmbrosiaRecord} does before calling).
     * @return xxHash64, seed 0, of the range.
     */
    public long hash(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] array = buffer.byteArray();
        if (null != array)
        {
            return hash.hash(array, buffer.wrapAdjustment() + offset, length, SEED);
        }
        final ByteBuffer byteBuffer = buffer.byteBuffer();
        if (null != byteBuffer)
        {
            return hash.hash(littleEndianView(byteBuffer), buffer.wrapAdjustment() + offset, length, SEED);
        }
        streaming.reset();
        int done = 0;
        while (done < length)
        {
            final int chunk = Math.min(SCRATCH_LENGTH, length - done);
            buffer.getBytes(offset + done, scratch, 0, chunk);
            streaming.update(scratch, 0, chunk);
            done += chunk;
        }
        return streaming.getValue();
    }

    /**
     * lz4-java reads a direct ByteBuffer through a little-endian duplicate, made per call when the buffer is
     * big-endian (the default); keep one per distinct ByteBuffer instead.
     */
    private ByteBuffer littleEndianView(final ByteBuffer byteBuffer)
    {
        if (byteBuffer.order() == ByteOrder.LITTLE_ENDIAN)
        {
            return byteBuffer;
        }
        if (byteBuffer != lastByteBuffer)
        {
            lastByteBuffer = byteBuffer;
            lastLittleEndianView = byteBuffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        }
        return lastLittleEndianView;
    }
}
