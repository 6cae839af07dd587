package io.boomscooter.engine.service.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static io.boomscooter.engine.service.wire.AmbrosiaWireTestSupport.buffer;
import static io.boomscooter.engine.service.wire.AmbrosiaWireTestSupport.bytes;
import static io.boomscooter.engine.service.wire.AmbrosiaWireTestSupport.copy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * ZigZag varints against vectors worked out by hand from the encoding: zigzag(v) = (v << 1) ^ (v >> 31|63), then
 * 7-bit groups, least significant first, high bit set on every byte but the last.
 */
class AmbrosiaZigZagTest
{
    private final AmbrosiaVarint varint = new AmbrosiaVarint();

    private void assertInt(final int value, final byte[] encoded)
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[16]);
        assertEquals(encoded.length, AmbrosiaZigZag.sizeOfInt(value), "size of " + value);
        assertEquals(encoded.length, AmbrosiaZigZag.writeInt(out, 3, 16, value), "write " + value);
        assertArrayEquals(encoded, copy(out, 3, encoded.length), "bytes of " + value);

        final UnsafeBuffer in = buffer(encoded);
        varint.value = 12345;
        assertEquals(encoded.length, AmbrosiaZigZag.readInt(in, 0, encoded.length, varint), "read " + value);
        assertEquals(value, varint.value);
        assertEquals(value, varint.intValue());
    }

    private void assertLong(final long value, final byte[] encoded)
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[16]);
        assertEquals(encoded.length, AmbrosiaZigZag.sizeOfLong(value), "size of " + value);
        assertEquals(encoded.length, AmbrosiaZigZag.writeLong(out, 2, 16, value), "write " + value);
        assertArrayEquals(encoded, copy(out, 2, encoded.length), "bytes of " + value);

        final UnsafeBuffer in = buffer(encoded);
        assertEquals(encoded.length, AmbrosiaZigZag.readLong(in, 0, encoded.length, varint), "read " + value);
        assertEquals(value, varint.value);
    }

    @Test
    void int32Vectors()
    {
        assertInt(0, bytes(0x00));
        assertInt(1, bytes(0x02));
        assertInt(-1, bytes(0x01));
        assertInt(2, bytes(0x04));
        assertInt(-2, bytes(0x03));
        assertInt(63, bytes(0x7e));
        assertInt(-64, bytes(0x7f));
        assertInt(64, bytes(0x80, 0x01));
        assertInt(-65, bytes(0x81, 0x01));
        assertInt(300, bytes(0xd8, 0x04)); // zigzag 600 = 0b100_1011000
        assertInt(8191, bytes(0xfe, 0x7f));
        assertInt(8192, bytes(0x80, 0x80, 0x01));
        assertInt(Integer.MAX_VALUE, bytes(0xfe, 0xff, 0xff, 0xff, 0x0f)); // zigzag 0xFFFFFFFE
        assertInt(Integer.MIN_VALUE, bytes(0xff, 0xff, 0xff, 0xff, 0x0f)); // zigzag 0xFFFFFFFF
    }

    @Test
    void int64Vectors()
    {
        assertLong(0L, bytes(0x00));
        assertLong(1L, bytes(0x02));
        assertLong(-1L, bytes(0x01));
        assertLong(63L, bytes(0x7e));
        assertLong(64L, bytes(0x80, 0x01));
        assertLong(-65L, bytes(0x81, 0x01));
        assertLong(1L << 31, bytes(0x80, 0x80, 0x80, 0x80, 0x10)); // zigzag 2^32
        assertLong(Long.MAX_VALUE, bytes(0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01));
        assertLong(Long.MIN_VALUE, bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01));
    }

    @Test
    void overlongButInRangeFormsAreAccepted()
    {
        assertEquals(2, AmbrosiaZigZag.readInt(buffer(bytes(0x80, 0x00)), 0, 2, varint));
        assertEquals(0, varint.value);
        assertEquals(5, AmbrosiaZigZag.readInt(buffer(bytes(0x82, 0x80, 0x80, 0x80, 0x00)), 0, 5, varint));
        assertEquals(1, varint.value);
    }

    @Test
    void sixByteInt32IsRefused()
    {
        final UnsafeBuffer in = buffer(bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x00));
        assertEquals(AmbrosiaWireStatus.VARINT_TOO_LONG, AmbrosiaZigZag.readInt(in, 0, 6, varint));
        // refused on the 5th byte's continuation bit, without looking at a 6th byte
        assertEquals(AmbrosiaWireStatus.VARINT_TOO_LONG, AmbrosiaZigZag.readInt(in, 0, 5, varint));
    }

    @Test
    void fifthInt32ByteWithBitsBeyond32IsRefused()
    {
        final UnsafeBuffer in = buffer(bytes(0xff, 0xff, 0xff, 0xff, 0x10));
        assertEquals(AmbrosiaWireStatus.VARINT_OVERFLOW, AmbrosiaZigZag.readInt(in, 0, 5, varint));
    }

    @Test
    void elevenByteInt64AndOverflowAreRefused()
    {
        final UnsafeBuffer tooLong = buffer(bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00));
        assertEquals(AmbrosiaWireStatus.VARINT_TOO_LONG, AmbrosiaZigZag.readLong(tooLong, 0, 11, varint));
        final UnsafeBuffer overflow = buffer(bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02));
        assertEquals(AmbrosiaWireStatus.VARINT_OVERFLOW, AmbrosiaZigZag.readLong(overflow, 0, 10, varint));
    }

    @Test
    void truncatedVarintNeedsMoreAndNeverReadsPastTheLimit()
    {
        // the terminating byte is in the buffer, but past the limit
        final UnsafeBuffer in = buffer(bytes(0x80, 0x80, 0x01));
        assertEquals(AmbrosiaWireStatus.NEED_MORE, AmbrosiaZigZag.readInt(in, 0, 2, varint));
        assertEquals(AmbrosiaWireStatus.NEED_MORE, AmbrosiaZigZag.readInt(in, 0, 1, varint));
        assertEquals(AmbrosiaWireStatus.NEED_MORE, AmbrosiaZigZag.readInt(in, 0, 0, varint));
        assertEquals(AmbrosiaWireStatus.NEED_MORE, AmbrosiaZigZag.readLong(in, 0, 2, varint));
        assertEquals(AmbrosiaWireStatus.NEED_MORE, AmbrosiaZigZag.readInt(in, 3, 3, varint));
        assertEquals(3, AmbrosiaZigZag.readInt(in, 0, 3, varint));
        assertEquals(1 << 13, varint.value); // zigzag 2^14 -> 2^13
    }

    @Test
    void badOffsetsAreReportedNotThrown()
    {
        final UnsafeBuffer in = buffer(bytes(0x02, 0x02));
        assertEquals(AmbrosiaWireStatus.OUT_OF_BOUNDS, AmbrosiaZigZag.readInt(in, -1, 2, varint));
        assertEquals(AmbrosiaWireStatus.OUT_OF_BOUNDS, AmbrosiaZigZag.readInt(in, 0, 3, varint));
        assertEquals(AmbrosiaWireStatus.OUT_OF_BOUNDS, AmbrosiaZigZag.readLong(in, 2, 1, varint));
        assertEquals(AmbrosiaWireStatus.NO_SPACE, AmbrosiaZigZag.writeInt(in, 0, 3, 1));
        assertEquals(AmbrosiaWireStatus.NO_SPACE, AmbrosiaZigZag.writeInt(in, -1, 2, 1));
        assertEquals(AmbrosiaWireStatus.NO_SPACE, AmbrosiaZigZag.writeLong(in, 1, Integer.MIN_VALUE, 1));
    }

    @Test
    void writeThatDoesNotFitWritesNothing()
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[8]);
        assertEquals(AmbrosiaWireStatus.NO_SPACE, AmbrosiaZigZag.writeInt(out, 4, 8, Integer.MAX_VALUE));
        assertEquals(AmbrosiaWireStatus.NO_SPACE, AmbrosiaZigZag.writeLong(out, 0, 8, Long.MIN_VALUE));
        assertArrayEquals(new byte[8], copy(out, 0, 8));
        assertEquals(5, AmbrosiaZigZag.writeInt(out, 3, 8, Integer.MAX_VALUE));
    }

    @Test
    void randomValuesRoundTrip()
    {
        final Random random = new Random(42);
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[16]);
        for (int i = 0; i < 100_000; i++)
        {
            final int shift = random.nextInt(64);
            final long value = random.nextLong() >> shift;
            final int longLength = AmbrosiaZigZag.writeLong(buf, 0, 16, value);
            assertEquals(AmbrosiaZigZag.sizeOfLong(value), longLength);
            assertEquals(longLength, AmbrosiaZigZag.readLong(buf, 0, longLength, varint));
            assertEquals(value, varint.value);

            final int intValue = (int)value;
            final int intLength = AmbrosiaZigZag.writeInt(buf, 0, 16, intValue);
            assertEquals(AmbrosiaZigZag.sizeOfInt(intValue), intLength);
            assertEquals(intLength, AmbrosiaZigZag.readInt(buf, 0, intLength, varint));
            assertEquals(intValue, varint.value);
            if (intLength > 1)
            {
                assertEquals(AmbrosiaWireStatus.NEED_MORE, AmbrosiaZigZag.readInt(buf, 0, intLength - 1, varint));
            }
        }
    }

    @Test
    void reasonsAreConstants()
    {
        assertSame(AmbrosiaWireStatus.R_VARINT_TOO_LONG, AmbrosiaWireStatus.reason(AmbrosiaWireStatus.VARINT_TOO_LONG));
        assertSame(AmbrosiaWireStatus.R_NEED_MORE, AmbrosiaWireStatus.reason(AmbrosiaWireStatus.NEED_MORE));
        assertSame(AmbrosiaWireStatus.R_OK, AmbrosiaWireStatus.reason(3));
        for (int code = -1; code >= AmbrosiaWireStatus.INVALID_ARGUMENT; code--)
        {
            final String reason = AmbrosiaWireStatus.reason(code);
            assertSame(reason, AmbrosiaWireStatus.reason(code));
            assertNotSame(AmbrosiaWireStatus.R_UNKNOWN_STATUS, reason, "code " + code);
        }
    }
}
