package io.boomscooter.engine.service.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.boomscooter.engine.service.wire.AmbrosiaWireTestSupport.buffer;
import static io.boomscooter.engine.service.wire.AmbrosiaWireTestSupport.bytes;
import static io.boomscooter.engine.service.wire.AmbrosiaWireTestSupport.copy;
import static io.boomscooter.engine.service.wire.CheckpointLengthEncoding.FIXED64;
import static io.boomscooter.engine.service.wire.CheckpointLengthEncoding.ZIGZAG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Checkpoint message's blob length in both encodings: the C#/JS ZigZag varint64 and the C client's fixed
 * 8-byte little-endian int64 ({@code msgsize = 1 + 8} in upstream {@code Clients/C/native_hello.c}).
 */
class AmbrosiaCheckpointLengthTest
{
    private final AmbrosiaVarint varint = new AmbrosiaVarint();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);

    @Test
    void zigZagMessage()
    {
        // size 2 (zigzag 4), Checkpoint, length 9 (zigzag 18 = 0x12)
        final byte[] expected = bytes(0x04, 0x08, 0x12);
        assertEquals(3, AmbrosiaCheckpointLength.messageLength(ZIGZAG, 9));
        assertEquals(3, AmbrosiaCheckpointLength.writeMessage(out, 0, 64, ZIGZAG, 9));
        assertArrayEquals(expected, copy(out, 0, 3));
        assertEquals(AmbrosiaWireStatus.OK, AmbrosiaCheckpointLength.readMessageData(buffer(expected), 2, 1, ZIGZAG,
            varint));
        assertEquals(9, varint.value);

        // 1 MiB: zigzag 2^21 = 80 80 80 01; size 5 (zigzag 10)
        final byte[] mebibyte = bytes(0x0a, 0x08, 0x80, 0x80, 0x80, 0x01);
        assertEquals(6, AmbrosiaCheckpointLength.writeMessage(out, 0, 64, ZIGZAG, 1 << 20));
        assertArrayEquals(mebibyte, copy(out, 0, 6));
    }

    @Test
    void fixed64Message()
    {
        // size 9 (zigzag 18), Checkpoint, 9 as a little-endian int64
        final byte[] expected = bytes(0x12, 0x08, 0x09, 0, 0, 0, 0, 0, 0, 0);
        assertEquals(10, AmbrosiaCheckpointLength.messageLength(FIXED64, 9));
        assertEquals(10, AmbrosiaCheckpointLength.writeMessage(out, 0, 64, FIXED64, 9));
        assertArrayEquals(expected, copy(out, 0, 10));
        assertEquals(AmbrosiaWireStatus.OK, AmbrosiaCheckpointLength.readMessageData(buffer(expected), 2, 8, FIXED64,
            varint));
        assertEquals(9, varint.value);

        final byte[] big = bytes(0x12, 0x08, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08);
        assertEquals(AmbrosiaWireStatus.NEED_MORE, AmbrosiaCheckpointLength.read(buffer(big), 2, 9, FIXED64, varint));
        assertEquals(8, AmbrosiaCheckpointLength.read(buffer(big), 2, 10, FIXED64, varint));
        assertEquals(0x0807060504030201L, varint.value);
    }

    @Test
    void negativeTruncatedOrTrailingLengthsAreRefused()
    {
        assertEquals(AmbrosiaWireStatus.CHECKPOINT_LENGTH_NEGATIVE,
            AmbrosiaCheckpointLength.readMessageData(buffer(bytes(0x01)), 0, 1, ZIGZAG, varint));
        assertEquals(AmbrosiaWireStatus.CHECKPOINT_LENGTH_NEGATIVE, AmbrosiaCheckpointLength.readMessageData(
            buffer(bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)), 0, 8, FIXED64, varint));
        assertEquals(AmbrosiaWireStatus.CHECKPOINT_LENGTH_TRUNCATED,
            AmbrosiaCheckpointLength.readMessageData(buffer(bytes(0x80, 0x80)), 0, 2, ZIGZAG, varint));
        assertEquals(AmbrosiaWireStatus.CHECKPOINT_LENGTH_TRUNCATED,
            AmbrosiaCheckpointLength.readMessageData(buffer(bytes(9, 0, 0, 0, 0, 0, 0)), 0, 7, FIXED64, varint));
        assertEquals(AmbrosiaWireStatus.CHECKPOINT_DATA_TRAILING,
            AmbrosiaCheckpointLength.readMessageData(buffer(bytes(0x12, 0x00)), 0, 2, ZIGZAG, varint));
        assertEquals(AmbrosiaWireStatus.CHECKPOINT_DATA_TRAILING,
            AmbrosiaCheckpointLength.readMessageData(buffer(bytes(9, 0, 0, 0, 0, 0, 0, 0, 0)), 0, 9, FIXED64,
                varint));
        assertEquals(AmbrosiaWireStatus.INVALID_ARGUMENT,
            AmbrosiaCheckpointLength.readMessageData(buffer(bytes(0x12)), 0, 1, null, varint));
        assertEquals(AmbrosiaWireStatus.INVALID_ARGUMENT,
            AmbrosiaCheckpointLength.writeMessage(out, 0, 64, ZIGZAG, -1));
        assertEquals(AmbrosiaWireStatus.INVALID_ARGUMENT, AmbrosiaCheckpointLength.write(out, 0, 64, null, 1));
        assertEquals(AmbrosiaWireStatus.NO_SPACE, AmbrosiaCheckpointLength.writeMessage(out, 55, 64, FIXED64, 1));
        assertEquals(AmbrosiaWireStatus.NO_SPACE, AmbrosiaCheckpointLength.write(out, 60, 64, FIXED64, 1));
        assertEquals(8, AmbrosiaCheckpointLength.write(out, 56, 64, FIXED64, Long.MAX_VALUE));
        assertEquals(9, AmbrosiaCheckpointLength.write(out, 0, 64, ZIGZAG, Long.MAX_VALUE >>> 1));
    }
}
