package io.boomscooter.engine.service.wire;

import io.boomscooter.driver.tcp.TcpDisconnectReason;
import io.boomscooter.driver.tcp.TcpFramer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.boomscooter.engine.service.wire.AmbrosiaWireTestSupport.ascii;
import static io.boomscooter.engine.service.wire.AmbrosiaWireTestSupport.bytes;
import static io.boomscooter.engine.service.wire.AmbrosiaWireTestSupport.concat;
import static io.boomscooter.engine.service.wire.AmbrosiaWireTestSupport.copy;
import static io.boomscooter.engine.service.wire.CheckpointLengthEncoding.FIXED64;
import static io.boomscooter.engine.service.wire.CheckpointLengthEncoding.ZIGZAG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service-to-coordinator framing, fed every prefix of a stream as the TCP transport would.
 */
class AmbrosiaFramerTest
{
    private static final int BASE = 11; // the stream starts part-way into the receive buffer

    private static final byte[] INITIAL = concat(bytes(0x14, 0x09), bytes(0x10, 0x00, 0x00, 0xd8, 0x04, 0x01),
        ascii("abc"));
    private static final byte[] ATTACH = bytes(0x08, 0x01, 's', 'v', 'c');
    private static final byte[] OUTGOING = bytes(0x12, 0x00, 0x06, 's', 'v', 'c', 0x00, 0x0a, 0x02, 0x7f);
    private static final byte[] BLOB = ascii("dummyckpt");
    private static final byte[] CHECKPOINT_ZIGZAG = concat(bytes(0x04, 0x08, 0x12), BLOB);
    private static final byte[] CHECKPOINT_FIXED64 = concat(bytes(0x12, 0x08, 0x09, 0, 0, 0, 0, 0, 0, 0), BLOB);
    private static final byte[] BIG_SIZE_RPC = concat(bytes(0x80, 0x02, 0x00), new byte[127]); // size 128, 2 bytes
    private static final byte[] CONTROL = bytes(0x02, 0x02);

    private final TcpFramer.Decoded decoded = new TcpFramer.Decoded();

    private int decode(final AmbrosiaFramer framer, final byte[] stream, final int available)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[BASE + stream.length + 5]);
        buffer.putBytes(BASE, stream);
        return framer.decode(buffer, BASE, available, decoded);
    }

    private void assertStreamAtEveryBoundary(final AmbrosiaFramer framer, final byte[]... frames)
    {
        final byte[] stream = concat(frames);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[BASE + stream.length]);
        buffer.putBytes(BASE, stream);
        for (int received = 1; received <= stream.length; received++)
        {
            // the transport consumes whole frames and calls again with what is left
            int offset = BASE;
            int available = received;
            final List<byte[]> seen = new ArrayList<>();
            while (available > 0)
            {
                final int result = framer.decode(buffer, offset, available, decoded);
                if (result == TcpFramer.NEED_MORE)
                {
                    break;
                }
                assertEquals(TcpFramer.FRAME, result, "received " + received + ": " + decoded.detail());
                assertEquals(offset, decoded.messageOffset());
                assertEquals(decoded.frameLength(), decoded.messageLength());
                seen.add(copy(buffer, decoded.messageOffset(), decoded.messageLength()));
                offset += decoded.frameLength();
                available -= decoded.frameLength();
            }
            int complete = 0;
            int end = 0;
            for (final byte[] frame : frames)
            {
                if (end + frame.length > received)
                {
                    break;
                }
                end += frame.length;
                complete++;
            }
            assertEquals(complete, seen.size(), "frames after " + received + " bytes");
            for (int i = 0; i < complete; i++)
            {
                assertArrayEquals(frames[i], seen.get(i), "frame " + i + " after " + received + " bytes");
            }
        }
    }

    @Test
    void zigZagStreamSplitAtEveryByte()
    {
        assertStreamAtEveryBoundary(new AmbrosiaFramer(ZIGZAG),
            INITIAL, CHECKPOINT_ZIGZAG, ATTACH, OUTGOING, BIG_SIZE_RPC, CONTROL, concat(bytes(0x04, 0x08, 0x00)));
    }

    @Test
    void fixed64StreamSplitAtEveryByte()
    {
        assertStreamAtEveryBoundary(new AmbrosiaFramer(FIXED64, 1024),
            INITIAL, CHECKPOINT_FIXED64, OUTGOING, CHECKPOINT_FIXED64, ATTACH);
    }

    @Test
    void checkpointFrameReparses()
    {
        for (final CheckpointLengthEncoding encoding : CheckpointLengthEncoding.values())
        {
            final byte[] frame = encoding == ZIGZAG ? CHECKPOINT_ZIGZAG : CHECKPOINT_FIXED64;
            final UnsafeBuffer buffer = new UnsafeBuffer(concat(frame, CONTROL));
            assertEquals(TcpFramer.FRAME, new AmbrosiaFramer(encoding).decode(buffer, 0, frame.length + 2, decoded));
            assertEquals(frame.length, decoded.frameLength());

            final AmbrosiaMessageReader reader = new AmbrosiaMessageReader()
                .wrap(buffer, decoded.messageOffset(), decoded.messageLength());
            assertEquals(AmbrosiaMessageReader.MESSAGE, reader.next());
            assertEquals(AmbrosiaMessageType.CHECKPOINT, reader.type());
            final AmbrosiaVarint length = new AmbrosiaVarint();
            assertEquals(AmbrosiaWireStatus.OK, AmbrosiaCheckpointLength.readMessageData(
                buffer, reader.dataOffset(), reader.dataLength(), encoding, length));
            assertEquals(BLOB.length, length.value);
            assertEquals(decoded.messageOffset() + decoded.messageLength() - BLOB.length, reader.position());
            assertArrayEquals(BLOB, copy(buffer, reader.position(), BLOB.length));
        }
    }

    private void assertMalformed(
        final AmbrosiaFramer framer, final byte[] stream, final TcpDisconnectReason reason, final String detail)
    {
        assertEquals(TcpFramer.MALFORMED, decode(framer, stream, stream.length));
        assertSame(reason, decoded.reason());
        assertSame(detail, decoded.detail());
    }

    @Test
    void malformedStreams()
    {
        final AmbrosiaFramer zigZag = new AmbrosiaFramer(ZIGZAG, 64);
        final AmbrosiaFramer fixed = new AmbrosiaFramer(FIXED64, 64);
        final TcpDisconnectReason malformed = TcpDisconnectReason.MALFORMED_FRAME;
        final TcpDisconnectReason length = TcpDisconnectReason.INVALID_FRAME_LENGTH;

        assertMalformed(zigZag, bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x00), malformed, AmbrosiaFramer.BAD_SIZE_VARINT);
        assertMalformed(zigZag, bytes(0xff, 0xff, 0xff, 0xff, 0x7f), malformed, AmbrosiaFramer.BAD_SIZE_VARINT);
        assertMalformed(zigZag, bytes(0x00), length, AmbrosiaFramer.SIZE_NOT_POSITIVE);
        assertMalformed(zigZag, bytes(0x01, 0x00), length, AmbrosiaFramer.SIZE_NOT_POSITIVE);
        assertMalformed(zigZag, bytes(0x02, 0x10), malformed, AmbrosiaFramer.UNKNOWN_TYPE);
        assertMalformed(zigZag, bytes(0x02, 0xff), malformed, AmbrosiaFramer.UNKNOWN_TYPE);
        // an unknown type is refused before the rest of its message arrives
        assertMalformed(zigZag, bytes(0x20, 0x10), malformed, AmbrosiaFramer.UNKNOWN_TYPE);
        // a message longer than the max is refused from its size alone: 2 + 63 > 64
        assertMalformed(zigZag, bytes(0x80, 0x01), length, AmbrosiaFramer.FRAME_TOO_LONG);
        assertEquals(TcpFramer.NEED_MORE, decode(zigZag, bytes(0x7e, 0x00), 2)); // 1 + 63 = 64 is allowed

        // checkpoint length negative, too many data bytes, trailing bytes, too short
        assertMalformed(zigZag, bytes(0x04, 0x08, 0x01), malformed, AmbrosiaFramer.BAD_CHECKPOINT_LENGTH);
        assertMalformed(fixed, bytes(0x12, 0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), malformed,
            AmbrosiaFramer.BAD_CHECKPOINT_LENGTH);
        assertMalformed(zigZag, bytes(0x18, 0x08), malformed, AmbrosiaFramer.BAD_CHECKPOINT_DATA); // 11 data bytes
        assertMalformed(zigZag, bytes(0x06, 0x08, 0x12, 0x00), malformed, AmbrosiaFramer.BAD_CHECKPOINT_DATA);
        assertMalformed(zigZag, bytes(0x02, 0x08), malformed, AmbrosiaFramer.BAD_CHECKPOINT_DATA); // no data
        assertMalformed(zigZag, bytes(0x06, 0x08, 0x80, 0x80), malformed, AmbrosiaFramer.BAD_CHECKPOINT_DATA);
        assertMalformed(fixed, bytes(0x10, 0x08, 9, 0, 0, 0, 0, 0, 0), malformed, AmbrosiaFramer.BAD_CHECKPOINT_DATA);
        assertMalformed(zigZag, bytes(0x16, 0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80),
            malformed, AmbrosiaFramer.BAD_CHECKPOINT_LENGTH); // 10 length bytes, all continuing
        // a checkpoint blob that takes the frame past the max: 3 + 62 > 64, refused before the blob arrives
        assertMalformed(zigZag, bytes(0x04, 0x08, 0x7c), length, AmbrosiaFramer.FRAME_TOO_LONG);
        assertEquals(TcpFramer.NEED_MORE, decode(zigZag, bytes(0x04, 0x08, 0x7a), 3)); // 3 + 61 = 64 is allowed
        assertMalformed(fixed, bytes(0x12, 0x08, 0, 0, 0, 0, 0, 0, 0, 0x40), length, AmbrosiaFramer.FRAME_TOO_LONG);
    }

    @Test
    void needMoreUntilComplete()
    {
        final AmbrosiaFramer framer = new AmbrosiaFramer(ZIGZAG);
        assertEquals(TcpFramer.NEED_MORE, decode(framer, bytes(0x80), 1));
        assertEquals(TcpFramer.NEED_MORE, decode(framer, bytes(0x80, 0x02), 2)); // size known, no type yet
        assertEquals(TcpFramer.NEED_MORE, decode(framer, CHECKPOINT_ZIGZAG, 3)); // blob missing
        assertEquals(TcpFramer.NEED_MORE, decode(framer, CHECKPOINT_ZIGZAG, CHECKPOINT_ZIGZAG.length - 1));
        assertEquals(TcpFramer.FRAME, decode(framer, CHECKPOINT_ZIGZAG, CHECKPOINT_ZIGZAG.length));
        assertEquals(BASE, decoded.messageOffset());
        assertEquals(CHECKPOINT_ZIGZAG.length, decoded.frameLength());
    }

    @Test
    void sendingSide()
    {
        final AmbrosiaFramer framer = new AmbrosiaFramer(ZIGZAG);
        assertEquals(AmbrosiaFramer.DEFAULT_MAX_FRAME_LENGTH, framer.maxFrameLength());
        assertEquals(16 * 1024 * 1024, framer.maxMessageLength());
        assertEquals(0, framer.headerLength(100));
        assertEquals(0, framer.trailerLength(100));
        assertFalse(framer.isValidMessageLength(0));
        assertTrue(framer.isValidMessageLength(1));
        assertTrue(framer.isValidMessageLength(framer.maxMessageLength()));
        assertFalse(framer.isValidMessageLength(framer.maxMessageLength() + 1));
        assertSame(ZIGZAG, framer.checkpointLengthEncoding());

        assertThrows(IllegalArgumentException.class, () -> new AmbrosiaFramer(null));
        assertThrows(IllegalArgumentException.class, () -> new AmbrosiaFramer(ZIGZAG, 15));
        assertThrows(IllegalArgumentException.class, () -> new AmbrosiaFramer(ZIGZAG, 16 * 1024 * 1024 + 1));
    }
}
