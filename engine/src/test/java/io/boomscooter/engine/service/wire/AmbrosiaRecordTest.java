package io.boomscooter.engine.service.wire;

import net.jpountz.xxhash.XXHashFactory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static io.boomscooter.engine.service.wire.AmbrosiaWireTestSupport.bytes;
import static io.boomscooter.engine.service.wire.AmbrosiaWireTestSupport.concat;
import static io.boomscooter.engine.service.wire.AmbrosiaWireTestSupport.copy;
import static io.boomscooter.engine.service.wire.AmbrosiaWireTestSupport.littleEndianInt;
import static io.boomscooter.engine.service.wire.AmbrosiaWireTestSupport.littleEndianLong;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Log records built byte by byte from the header layout, with the check computed by the library directly.
 */
class AmbrosiaRecordTest
{
    private static final int MAX = AmbrosiaRecord.DEFAULT_MAX_RECORD_LENGTH;

    /** Incoming RPC (method 5, fork, arguments "hi"), then TakeCheckpoint. */
    private static final byte[] BODY = bytes(
        0x0c, 0x00, 0x00, 0x0a, 0x01, 'h', 'i', // size 6 (zigzag 12), RPC, reserved 0, method 5 (zigzag 10), fork
        0x02, 0x02);                           // size 1, TakeCheckpoint

    private final AmbrosiaChecksum checksum = new AmbrosiaChecksum();

    private static long referenceCheck(final byte[] body)
    {
        return XXHashFactory.safeInstance().hash64().hash(body, 0, body.length, 0L);
    }

    private static byte[] record(final int committerId, final long check, final long sequenceId, final byte[] body)
    {
        return concat(littleEndianInt(committerId), littleEndianInt(24 + body.length), littleEndianLong(check),
            littleEndianLong(sequenceId), body);
    }

    @Test
    void encoderWritesTheHandBuiltRecord()
    {
        final byte[] expected = concat(
            bytes(0x44, 0x33, 0x22, 0x11),                         // committer id 0x11223344
            bytes(0x21, 0x00, 0x00, 0x00),                         // total size 33 = 24 + 9
            littleEndianLong(referenceCheck(BODY)),                // xxHash64(body), seed 0, little-endian
            bytes(0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00), // sequence id 7
            BODY);
        final int at = 5;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[at + expected.length + 3]);
        buffer.putBytes(at + 24, BODY);
        assertEquals(33, AmbrosiaRecord.encodeHeader(buffer, at, 0x11223344, 33, 7, checksum));
        assertArrayEquals(expected, copy(buffer, at, expected.length));

        assertEquals(33, AmbrosiaRecord.verify(buffer, at, expected.length, MAX, checksum));
        assertEquals(0x11223344, AmbrosiaRecord.committerId(buffer, at));
        assertEquals(33, AmbrosiaRecord.totalSize(buffer, at));
        assertEquals(7L, AmbrosiaRecord.sequenceId(buffer, at));
        assertEquals(referenceCheck(BODY), AmbrosiaRecord.checkBytes(buffer, at));
    }

    @Test
    void controlRecordMatchesTheReferenceLibrary()
    {
        // what QuiesceServiceWithSendCheckpointRequest sends: one TakeCheckpoint message, sequence id -1;
        // XXH64({02 02}, 2, 0) = 0xF833905A897B74FB by libxxhash 0.8.1
        final byte[] expected = concat(bytes(0x01, 0x00, 0x00, 0x00), bytes(0x1a, 0x00, 0x00, 0x00),
            bytes(0xfb, 0x74, 0x7b, 0x89, 0x5a, 0x90, 0x33, 0xf8),
            bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), bytes(0x02, 0x02));
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
        assertEquals(2, AmbrosiaMessageWriter.writeTakeCheckpoint(buffer, 24, 64));
        assertEquals(26, AmbrosiaRecord.encodeHeader(buffer, 0, 1, 26, AmbrosiaRecord.CONTROL_SEQUENCE_ID, checksum));
        assertArrayEquals(expected, copy(buffer, 0, 26));
        assertEquals(26, AmbrosiaRecord.verify(buffer, 0, 64, MAX, checksum));
    }

    @Test
    void checkpointRecordHasSequenceMinusTwoAndCheckZero()
    {
        // body: the Checkpoint message for a 9-byte blob (ZigZag length); the blob follows outside the size
        final byte[] expected = concat(bytes(0x09, 0x00, 0x00, 0x00), bytes(0x1b, 0x00, 0x00, 0x00),
            bytes(0, 0, 0, 0, 0, 0, 0, 0), bytes(0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
            bytes(0x04, 0x08, 0x12));
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        buffer.setMemory(0, 64, (byte)0x55);
        assertEquals(3, AmbrosiaCheckpointLength.writeMessage(buffer, 24, 64, CheckpointLengthEncoding.ZIGZAG, 9));
        assertEquals(27, AmbrosiaRecord.writeCheckpointHeader(buffer, 0, 9, 27));
        assertArrayEquals(expected, copy(buffer, 0, 27));
        assertEquals(27, AmbrosiaRecord.verify(buffer, 0, 27, MAX, checksum));

        buffer.putByte(AmbrosiaRecord.CHECK_OFFSET, (byte)1);
        assertEquals(AmbrosiaWireStatus.RECORD_CHECKPOINT_CHECK_NOT_ZERO,
            AmbrosiaRecord.verify(buffer, 0, 27, MAX, checksum));
    }

    @Test
    void verifyDetectsEachFault()
    {
        final byte[] good = record(3, referenceCheck(BODY), 12, BODY);
        assertEquals(good.length, AmbrosiaRecord.verify(new UnsafeBuffer(good), 0, good.length, MAX, checksum));

        for (int i = 24; i < good.length; i++)
        {
            final byte[] flipped = good.clone();
            flipped[i] ^= 0x20;
            assertEquals(AmbrosiaWireStatus.RECORD_CHECK_MISMATCH,
                AmbrosiaRecord.verify(new UnsafeBuffer(flipped), 0, good.length, MAX, checksum), "byte " + i);
        }
        final byte[] badCheck = good.clone();
        badCheck[15] ^= 0x01;
        assertEquals(AmbrosiaWireStatus.RECORD_CHECK_MISMATCH,
            AmbrosiaRecord.verify(new UnsafeBuffer(badCheck), 0, good.length, MAX, checksum));

        // size past the end: one byte short of the record
        assertEquals(AmbrosiaWireStatus.RECORD_SIZE_PAST_END,
            AmbrosiaRecord.verify(new UnsafeBuffer(good), 0, good.length - 1, MAX, checksum));
        final byte[] longer = good.clone();
        longer[4] = 100;
        assertEquals(AmbrosiaWireStatus.RECORD_SIZE_PAST_END,
            AmbrosiaRecord.verify(new UnsafeBuffer(longer), 0, good.length, MAX, checksum));

        // size below the header
        final byte[] small = good.clone();
        small[4] = 23;
        assertEquals(AmbrosiaWireStatus.RECORD_SIZE_TOO_SMALL,
            AmbrosiaRecord.verify(new UnsafeBuffer(small), 0, good.length, MAX, checksum));
        final byte[] negative = good.clone();
        negative[7] = (byte)0x80;
        assertEquals(AmbrosiaWireStatus.RECORD_SIZE_TOO_SMALL,
            AmbrosiaRecord.verify(new UnsafeBuffer(negative), 0, good.length, MAX, checksum));

        assertEquals(AmbrosiaWireStatus.RECORD_TOO_LARGE,
            AmbrosiaRecord.verify(new UnsafeBuffer(good), 0, good.length, good.length - 1, checksum));
        assertEquals(AmbrosiaWireStatus.RECORD_TRUNCATED,
            AmbrosiaRecord.verify(new UnsafeBuffer(good), 0, 23, MAX, checksum));
        assertEquals(AmbrosiaWireStatus.OUT_OF_BOUNDS,
            AmbrosiaRecord.verify(new UnsafeBuffer(good), 1, good.length, MAX, checksum));

        final byte[] badSequence = record(3, referenceCheck(BODY), -3, BODY);
        assertEquals(AmbrosiaWireStatus.RECORD_BAD_SEQUENCE_ID,
            AmbrosiaRecord.verify(new UnsafeBuffer(badSequence), 0, good.length, MAX, checksum));
    }

    @Test
    void messagesOfAVerifiedRecordRead()
    {
        final byte[] good = record(3, referenceCheck(BODY), 12, BODY);
        final UnsafeBuffer buffer = new UnsafeBuffer(good);
        final int size = AmbrosiaRecord.verify(buffer, 0, good.length, MAX, checksum);
        final AmbrosiaMessageReader reader = new AmbrosiaMessageReader()
            .wrap(buffer, AmbrosiaRecord.HEADER_LENGTH, size - AmbrosiaRecord.HEADER_LENGTH);
        assertEquals(AmbrosiaMessageReader.MESSAGE, reader.next());
        assertEquals(AmbrosiaMessageType.RPC, reader.type());
        assertEquals(AmbrosiaMessageReader.MESSAGE, reader.next());
        assertEquals(AmbrosiaMessageType.TAKE_CHECKPOINT, reader.type());
        assertEquals(AmbrosiaMessageReader.END, reader.next());
    }

    @Test
    void encoderRefusesWhatDoesNotFit()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[40]);
        assertEquals(AmbrosiaWireStatus.INVALID_ARGUMENT, AmbrosiaRecord.encodeHeader(buffer, 0, 1, 23, 0, checksum));
        assertEquals(AmbrosiaWireStatus.INVALID_ARGUMENT, AmbrosiaRecord.encodeHeader(buffer, 0, 1, 30, -2, checksum));
        assertEquals(AmbrosiaWireStatus.NO_SPACE, AmbrosiaRecord.encodeHeader(buffer, 20, 1, 24, 0, checksum));
        assertEquals(AmbrosiaWireStatus.NO_SPACE, AmbrosiaRecord.encodeHeader(buffer, -1, 1, 24, 0, checksum));
        assertEquals(AmbrosiaWireStatus.NO_SPACE, AmbrosiaRecord.writeCheckpointHeader(buffer, 0, 1, 41));
        assertArrayEquals(new byte[40], copy(buffer, 0, 40));
        assertEquals(24, AmbrosiaRecord.encodeHeader(buffer, 16, 1, 24, 0, checksum)); // empty body
        assertEquals(0xEF46DB3751D8E999L, AmbrosiaRecord.checkBytes(buffer, 16));
    }
}
