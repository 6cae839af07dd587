package io.boomscooter.engine.service.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.boomscooter.engine.service.wire.AmbrosiaWireTestSupport.ascii;
import static io.boomscooter.engine.service.wire.AmbrosiaWireTestSupport.buffer;
import static io.boomscooter.engine.service.wire.AmbrosiaWireTestSupport.bytes;
import static io.boomscooter.engine.service.wire.AmbrosiaWireTestSupport.concat;
import static io.boomscooter.engine.service.wire.AmbrosiaWireTestSupport.copy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Messages, RPCs and batches against hand-written byte vectors, and every malformed form refused.
 */
class AmbrosiaMessageTest
{
    /** Incoming RPC: size 8 (zigzag 16), RPC, reserved 0, method 300 (zigzag 600 = d8 04), fork, args "abc". */
    private static final byte[] INCOMING = bytes(0x10, 0x00, 0x00, 0xd8, 0x04, 0x01, 'a', 'b', 'c');

    /** Outgoing RPC to "svc": size 9, RPC, dest length 3 (06), "svc", reserved, method 5 (0a), impulse, arg 0x7f. */
    private static final byte[] OUTGOING = bytes(0x12, 0x00, 0x06, 's', 'v', 'c', 0x00, 0x0a, 0x02, 0x7f);

    /** Outgoing RPC to self: size 5, RPC, dest length 0, reserved, method -1 (01), async, no arguments. */
    private static final byte[] OUTGOING_SELF = bytes(0x0a, 0x00, 0x00, 0x00, 0x01, 0x00);

    private final AmbrosiaMessageReader reader = new AmbrosiaMessageReader();
    private final AmbrosiaRpc rpc = new AmbrosiaRpc();
    private final AmbrosiaBatch batch = new AmbrosiaBatch();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[256]);

    private int readOne(final byte[] message)
    {
        reader.wrap(buffer(message), 0, message.length);
        return reader.next();
    }

    private int readOneFrom(final UnsafeBuffer buffer, final int length)
    {
        reader.wrap(buffer, 0, length);
        return reader.next();
    }

    @Test
    void incomingRpc()
    {
        final UnsafeBuffer in = buffer(INCOMING);
        reader.wrap(in, 0, INCOMING.length);
        assertEquals(AmbrosiaMessageReader.MESSAGE, reader.next());
        assertEquals(AmbrosiaMessageType.RPC, reader.type());
        assertEquals(0, reader.messageOffset());
        assertEquals(9, reader.messageLength());
        assertEquals(2, reader.dataOffset());
        assertEquals(7, reader.dataLength());
        assertEquals(AmbrosiaMessageReader.END, reader.next());
        assertEquals(1, reader.count());

        assertEquals(AmbrosiaWireStatus.OK, rpc.decodeIncoming(in, reader.dataOffset(), reader.dataLength()));
        assertEquals(300, rpc.methodId());
        assertEquals(AmbrosiaRpc.KIND_FORK, rpc.kind());
        assertEquals(6, rpc.argumentsOffset());
        assertEquals(3, rpc.argumentsLength());
        assertEquals(0, rpc.destinationLength());

        final UnsafeBuffer args = buffer(ascii("abc"));
        assertEquals(9, AmbrosiaRpc.writeIncomingMessage(out, 1, 256, 300, AmbrosiaRpc.KIND_FORK, args, 0, 3));
        assertArrayEquals(INCOMING, copy(out, 1, 9));
        assertEquals(7, AmbrosiaRpc.encodeIncoming(out, 0, 256, 300, AmbrosiaRpc.KIND_FORK, args, 0, 3));
        assertArrayEquals(copy(in, 2, 7), copy(out, 0, 7));
    }

    @Test
    void outgoingRpcWithDestination()
    {
        final UnsafeBuffer in = buffer(OUTGOING);
        assertEquals(AmbrosiaMessageReader.MESSAGE, readOneFrom(in, OUTGOING.length));
        assertEquals(AmbrosiaWireStatus.OK, rpc.decodeOutgoing(in, reader.dataOffset(), reader.dataLength()));
        assertEquals(3, rpc.destinationOffset());
        assertEquals(3, rpc.destinationLength());
        assertArrayEquals(ascii("svc"), copy(in, rpc.destinationOffset(), rpc.destinationLength()));
        assertEquals(5, rpc.methodId());
        assertEquals(AmbrosiaRpc.KIND_IMPULSE, rpc.kind());
        assertEquals(9, rpc.argumentsOffset());
        assertEquals(1, rpc.argumentsLength());
        assertEquals(6, rpc.bodyOffset());
        assertEquals(4, rpc.bodyLength());

        // the body is the data of the incoming RPC the coordinator delivers
        assertEquals(AmbrosiaWireStatus.OK, rpc.decodeIncoming(in, 6, 4));
        assertEquals(5, rpc.methodId());

        final UnsafeBuffer dest = buffer(ascii("svc"));
        final UnsafeBuffer args = buffer(bytes(0x7f));
        assertEquals(OUTGOING.length, AmbrosiaRpc.writeOutgoingMessage(
            out, 0, 256, dest, 0, 3, 5, AmbrosiaRpc.KIND_IMPULSE, args, 0, 1));
        assertArrayEquals(OUTGOING, copy(out, 0, OUTGOING.length));
        assertEquals(8, AmbrosiaRpc.encodeOutgoing(out, 0, 256, dest, 0, 3, 5, AmbrosiaRpc.KIND_IMPULSE, args, 0, 1));
        assertArrayEquals(copy(in, 2, 8), copy(out, 0, 8));
    }

    @Test
    void outgoingRpcToSelf()
    {
        final UnsafeBuffer in = buffer(OUTGOING_SELF);
        assertEquals(AmbrosiaMessageReader.MESSAGE, readOneFrom(in, OUTGOING_SELF.length));
        assertEquals(AmbrosiaWireStatus.OK, rpc.decodeOutgoing(in, reader.dataOffset(), reader.dataLength()));
        assertEquals(0, rpc.destinationLength());
        assertEquals(-1, rpc.methodId());
        assertEquals(AmbrosiaRpc.KIND_ASYNC, rpc.kind());
        assertEquals(0, rpc.argumentsLength());
        assertEquals(OUTGOING_SELF.length,
            AmbrosiaRpc.writeOutgoingMessage(out, 0, 256, null, 0, 0, -1, AmbrosiaRpc.KIND_ASYNC, null, 0, 0));
        assertArrayEquals(OUTGOING_SELF, copy(out, 0, OUTGOING_SELF.length));
    }

    @Test
    void rpcBatchOfThree()
    {
        final byte[] m1 = bytes(0x08, 0x00, 0x00, 0x02, 0x01);       // method 1, fork, no args
        final byte[] m2 = bytes(0x0a, 0x00, 0x00, 0x04, 0x01, 0x33); // method 2, fork, arg 0x33
        final byte[] m3 = bytes(0x08, 0x00, 0x00, 0x06, 0x00);       // method 3, async
        final byte[] messages = concat(m1, m2, m3);                  // 16 bytes
        // data: count 3 (06) + 16 bytes = 17, size 18 (zigzag 36 = 0x24)
        final byte[] expected = concat(bytes(0x24, 0x05, 0x06), messages);

        final UnsafeBuffer in = buffer(expected);
        assertEquals(AmbrosiaMessageReader.MESSAGE, readOneFrom(in, expected.length));
        assertEquals(AmbrosiaMessageType.RPC_BATCH, reader.type());
        assertEquals(AmbrosiaWireStatus.OK, batch.decode(reader.type(), in, reader.dataOffset(), reader.dataLength()));
        assertEquals(3, batch.count());
        assertEquals(3, batch.replayableCount());
        assertEquals(3, batch.messagesOffset());
        assertEquals(16, batch.messagesLength());
        final AmbrosiaMessageReader inner = new AmbrosiaMessageReader();
        assertEquals(AmbrosiaWireStatus.OK, batch.verifyMessages(in, inner));

        inner.wrap(in, batch.messagesOffset(), batch.messagesLength());
        for (int methodId = 1; methodId <= 3; methodId++)
        {
            assertEquals(AmbrosiaMessageReader.MESSAGE, inner.next());
            assertEquals(AmbrosiaWireStatus.OK, rpc.decodeIncoming(in, inner.dataOffset(), inner.dataLength()));
            assertEquals(methodId, rpc.methodId());
        }
        assertEquals(AmbrosiaMessageReader.END, inner.next());

        final int header = AmbrosiaBatch.writeRpcBatchHeader(out, 0, 256, 3, messages.length);
        assertEquals(3, header);
        assertEquals(3, AmbrosiaBatch.rpcBatchHeaderLength(3, messages.length));
        out.putBytes(header, messages);
        assertArrayEquals(expected, copy(out, 0, expected.length));
        assertEquals(AmbrosiaWireStatus.NO_SPACE,
            AmbrosiaBatch.writeRpcBatchHeader(out, 0, expected.length - 1, 3, messages.length));
    }

    @Test
    void countReplayableRpcBatch()
    {
        final byte[] m1 = bytes(0x08, 0x00, 0x00, 0x02, 0x01); // fork
        final byte[] m2 = bytes(0x08, 0x00, 0x00, 0x02, 0x02); // impulse
        final byte[] m3 = bytes(0x08, 0x00, 0x00, 0x02, 0x01); // fork
        // data: count 3 (06), replayable 2 (04), 15 bytes of messages = 17; size 18 (0x24); type 13
        final byte[] expected = concat(bytes(0x24, 0x0d, 0x06, 0x04), m1, m2, m3);
        final UnsafeBuffer in = buffer(expected);
        assertEquals(AmbrosiaMessageReader.MESSAGE, readOneFrom(in, expected.length));
        assertEquals(AmbrosiaMessageType.COUNT_REPLAYABLE_RPC_BATCH, reader.type());
        assertEquals(AmbrosiaWireStatus.OK, batch.decode(reader.type(), in, reader.dataOffset(), reader.dataLength()));
        assertEquals(3, batch.count());
        assertEquals(2, batch.replayableCount());
        assertEquals(AmbrosiaWireStatus.OK, batch.verifyMessages(in, new AmbrosiaMessageReader()));

        final int header = AmbrosiaBatch.writeCountReplayableRpcBatchHeader(out, 0, 256, 3, 2, 15);
        assertEquals(4, header);
        out.putBytes(header, concat(m1, m2, m3));
        assertArrayEquals(expected, copy(out, 0, expected.length));
        assertEquals(AmbrosiaWireStatus.INVALID_ARGUMENT,
            AmbrosiaBatch.writeCountReplayableRpcBatchHeader(out, 0, 256, 3, 4, 15));
    }

    @Test
    void everyTypeHasANoDataForm()
    {
        for (int type = 0; type <= 15; type++)
        {
            assertEquals(AmbrosiaMessageReader.MESSAGE, readOne(bytes(0x02, type)), "type " + type);
            assertEquals(type, reader.type());
            assertEquals(0, reader.dataLength());
            assertEquals(2, reader.messageLength());
            assertEquals(2, AmbrosiaMessageWriter.writeNoData(out, 0, 2, type));
            assertArrayEquals(bytes(0x02, type), copy(out, 0, 2));
        }
        assertEquals(2, AmbrosiaMessageWriter.writeTakeCheckpoint(out, 0, 256));
        assertArrayEquals(bytes(0x02, 0x02), copy(out, 0, 2));
        assertEquals(2, AmbrosiaMessageWriter.writeTakeBecomingPrimaryCheckpoint(out, 0, 256));
        assertArrayEquals(bytes(0x02, 0x0b), copy(out, 0, 2));
        assertEquals(2, AmbrosiaMessageWriter.writeUpgradeTakeCheckpoint(out, 0, 256));
        assertArrayEquals(bytes(0x02, 0x0a), copy(out, 0, 2));
        assertEquals(2, AmbrosiaMessageWriter.writeUpgradeService(out, 0, 256));
        assertArrayEquals(bytes(0x02, 0x0c), copy(out, 0, 2));
        assertEquals(2, AmbrosiaMessageWriter.writeBecomingPrimary(out, 0, 256));
        assertArrayEquals(bytes(0x02, 0x0f), copy(out, 0, 2));
        assertEquals("TakeBecomingPrimaryCheckpoint", AmbrosiaMessageType.name(11));
        assertEquals("unknown", AmbrosiaMessageType.name(16));
    }

    @Test
    void attachToAndInitialMessage()
    {
        final byte[] attach = bytes(0x08, 0x01, 's', 'v', 'c'); // size 4 (zigzag 8), AttachTo, "svc"
        assertEquals(5, AmbrosiaMessageWriter.writeAttachTo(out, 0, 256, buffer(ascii("svc")), 0, 3));
        assertArrayEquals(attach, copy(out, 0, 5));

        // InitialMessage: size 10 (zigzag 20 = 0x14), type 9, data = the complete incoming RPC message
        final byte[] initial = concat(bytes(0x14, 0x09), INCOMING);
        assertEquals(initial.length,
            AmbrosiaMessageWriter.writeMessage(out, 0, 256, AmbrosiaMessageType.INITIAL_MESSAGE, buffer(INCOMING), 0,
                INCOMING.length));
        assertArrayEquals(initial, copy(out, 0, initial.length));

        final UnsafeBuffer in = buffer(initial);
        assertEquals(AmbrosiaMessageReader.MESSAGE, readOneFrom(in, initial.length));
        assertEquals(AmbrosiaMessageType.INITIAL_MESSAGE, reader.type());
        final AmbrosiaMessageReader inner =
            new AmbrosiaMessageReader().wrap(in, reader.dataOffset(), reader.dataLength());
        assertEquals(AmbrosiaMessageReader.MESSAGE, inner.next());
        assertEquals(AmbrosiaMessageType.RPC, inner.type());
        assertEquals(AmbrosiaWireStatus.OK, rpc.decodeIncoming(in, inner.dataOffset(), inner.dataLength()));
        assertEquals(300, rpc.methodId());
    }

    @Test
    void malformedMessagesAreRefusedWithConstantReasons()
    {
        assertEquals(AmbrosiaWireStatus.VARINT_TOO_LONG, readOne(bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x00)));
        assertSame(AmbrosiaWireStatus.R_VARINT_TOO_LONG, reader.reason());
        assertEquals(AmbrosiaWireStatus.MESSAGE_SIZE_NOT_POSITIVE, readOne(bytes(0x00, 0x02)));
        assertSame(AmbrosiaWireStatus.R_MESSAGE_SIZE_NOT_POSITIVE, reader.reason());
        assertEquals(AmbrosiaWireStatus.MESSAGE_SIZE_NOT_POSITIVE, readOne(bytes(0x01, 0x02))); // size -1
        assertEquals(AmbrosiaWireStatus.MESSAGE_PAST_END, readOne(bytes(0x0a, 0x00, 0x00, 0x02)));
        assertEquals(AmbrosiaWireStatus.MESSAGE_PAST_END, readOne(bytes(0x04, 0x02)));
        assertEquals(AmbrosiaWireStatus.UNKNOWN_MESSAGE_TYPE, readOne(bytes(0x02, 0x10)));
        assertSame(AmbrosiaWireStatus.R_UNKNOWN_MESSAGE_TYPE, reader.reason());
        assertEquals(AmbrosiaWireStatus.UNKNOWN_MESSAGE_TYPE, readOne(bytes(0x02, 0xff)));
        assertEquals(AmbrosiaWireStatus.VARINT_TRUNCATED, readOne(bytes(0x80)));
        assertEquals(AmbrosiaWireStatus.VARINT_OVERFLOW, readOne(bytes(0xff, 0xff, 0xff, 0xff, 0x1f)));
        // sticky: the error stays until the next wrap
        assertEquals(AmbrosiaWireStatus.VARINT_OVERFLOW, reader.next());
        // an error after a good message
        reader.wrap(buffer(bytes(0x02, 0x02, 0x02, 0x10)), 0, 4);
        assertEquals(AmbrosiaMessageReader.MESSAGE, reader.next());
        assertSame(AmbrosiaWireStatus.R_OK, reader.reason());
        assertEquals(AmbrosiaWireStatus.UNKNOWN_MESSAGE_TYPE, reader.next());
        // a range outside the buffer
        reader.wrap(buffer(bytes(0x02, 0x02)), 1, 2);
        assertEquals(AmbrosiaWireStatus.OUT_OF_BOUNDS, reader.next());
        // an empty range
        reader.wrap(buffer(bytes(0x02, 0x02)), 2, 0);
        assertEquals(AmbrosiaMessageReader.END, reader.next());
    }

    @Test
    void malformedRpcsAreRefused()
    {
        assertEquals(AmbrosiaWireStatus.RPC_BAD_KIND, rpc.decodeIncoming(buffer(bytes(0x00, 0x0a, 0x03)), 0, 3));
        assertSame(AmbrosiaWireStatus.R_RPC_BAD_KIND, rpc.reason());
        assertEquals(AmbrosiaWireStatus.RPC_BAD_KIND, rpc.decodeIncoming(buffer(bytes(0x00, 0x0a, 0xff, 1)), 0, 4));
        assertEquals(AmbrosiaWireStatus.RPC_RESERVED_NOT_ZERO,
            rpc.decodeIncoming(buffer(bytes(0x01, 0x0a, 0x01)), 0, 3));
        assertEquals(AmbrosiaWireStatus.RPC_TRUNCATED, rpc.decodeIncoming(buffer(bytes(0x00, 0x0a)), 0, 2));
        assertEquals(AmbrosiaWireStatus.RPC_TRUNCATED, rpc.decodeIncoming(buffer(bytes(0x00, 0x80)), 0, 2));
        assertEquals(AmbrosiaWireStatus.RPC_TRUNCATED, rpc.decodeIncoming(buffer(bytes(0x00)), 0, 1));
        assertEquals(AmbrosiaWireStatus.RPC_TRUNCATED, rpc.decodeIncoming(buffer(bytes(0x00)), 0, 0));
        assertEquals(AmbrosiaWireStatus.VARINT_TOO_LONG,
            rpc.decodeIncoming(buffer(bytes(0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01)), 0, 7));
        assertEquals(AmbrosiaWireStatus.OUT_OF_BOUNDS, rpc.decodeIncoming(buffer(bytes(0x00, 0x0a, 0x01)), 0, 4));

        // destination length 3 (06) with only 2 bytes after it
        assertEquals(AmbrosiaWireStatus.DESTINATION_PAST_END,
            rpc.decodeOutgoing(buffer(bytes(0x06, 's', 'v')), 0, 3));
        assertSame(AmbrosiaWireStatus.R_DESTINATION_PAST_END, rpc.reason());
        // destination length 100 (c8 01) far past the end
        assertEquals(AmbrosiaWireStatus.DESTINATION_PAST_END,
            rpc.decodeOutgoing(buffer(bytes(0xc8, 0x01, 0x00, 0x0a, 0x01)), 0, 5));
        assertEquals(AmbrosiaWireStatus.DESTINATION_LENGTH_NEGATIVE,
            rpc.decodeOutgoing(buffer(bytes(0x01, 0x00, 0x0a, 0x01)), 0, 4));
        assertEquals(AmbrosiaWireStatus.RPC_TRUNCATED, rpc.decodeOutgoing(buffer(bytes(0x06, 's', 'v', 'c')), 0, 4));
        assertEquals(AmbrosiaWireStatus.RPC_BAD_KIND,
            rpc.decodeOutgoing(buffer(bytes(0x02, 'x', 0x00, 0x0a, 0x03)), 0, 5));
    }

    @Test
    void malformedBatchesAreRefused()
    {
        final int type = AmbrosiaMessageType.RPC_BATCH;
        final int counted = AmbrosiaMessageType.COUNT_REPLAYABLE_RPC_BATCH;
        assertEquals(AmbrosiaWireStatus.NOT_A_BATCH, batch.decode(AmbrosiaMessageType.RPC, buffer(bytes(0)), 0, 1));
        assertEquals(AmbrosiaWireStatus.BATCH_COUNT_NEGATIVE, batch.decode(type, buffer(bytes(0x01)), 0, 1));
        assertEquals(AmbrosiaWireStatus.VARINT_TRUNCATED, batch.decode(type, buffer(bytes(0x80)), 0, 1));
        assertEquals(AmbrosiaWireStatus.VARINT_TRUNCATED, batch.decode(counted, buffer(bytes(0x02)), 0, 1));
        // count 2 with 3 bytes of messages: cannot hold two messages
        assertEquals(AmbrosiaWireStatus.BATCH_COUNT_TOO_LARGE,
            batch.decode(type, buffer(bytes(0x04, 0x02, 0x00, 0x02)), 0, 4));
        assertEquals(AmbrosiaWireStatus.BATCH_REPLAYABLE_COUNT_INVALID,
            batch.decode(counted, buffer(bytes(0x02, 0x04, 0x08, 0x00, 0x00, 0x02, 0x01)), 0, 7));
        assertEquals(AmbrosiaWireStatus.BATCH_REPLAYABLE_COUNT_INVALID,
            batch.decode(counted, buffer(bytes(0x02, 0x01, 0x08, 0x00, 0x00, 0x02, 0x01)), 0, 7));

        final AmbrosiaMessageReader inner = new AmbrosiaMessageReader();
        // count 1 but two messages
        final UnsafeBuffer twoMessages = buffer(bytes(0x02, 0x02, 0x00, 0x02, 0x00));
        assertEquals(AmbrosiaWireStatus.OK, batch.decode(type, twoMessages, 0, 5));
        assertEquals(AmbrosiaWireStatus.BATCH_MESSAGE_COUNT_MISMATCH, batch.verifyMessages(twoMessages, inner));
        // count 1, one TakeCheckpoint
        final UnsafeBuffer notRpc = buffer(bytes(0x02, 0x02, 0x02));
        assertEquals(AmbrosiaWireStatus.OK, batch.decode(type, notRpc, 0, 3));
        assertEquals(AmbrosiaWireStatus.BATCH_NOT_RPC, batch.verifyMessages(notRpc, inner));
        // count 1, a message of unknown type
        final UnsafeBuffer unknown = buffer(bytes(0x02, 0x02, 0x10));
        assertEquals(AmbrosiaWireStatus.OK, batch.decode(type, unknown, 0, 3));
        assertEquals(AmbrosiaWireStatus.UNKNOWN_MESSAGE_TYPE, batch.verifyMessages(unknown, inner));
    }

    @Test
    void writersRefuseWhatDoesNotFitOrIsInvalid()
    {
        final UnsafeBuffer args = buffer(ascii("abc"));
        assertEquals(AmbrosiaWireStatus.NO_SPACE,
            AmbrosiaRpc.writeIncomingMessage(out, 0, 8, 300, AmbrosiaRpc.KIND_FORK, args, 0, 3));
        assertEquals(AmbrosiaWireStatus.NO_SPACE, AmbrosiaRpc.encodeIncoming(out, 251, 256, 1, 1, args, 0, 3));
        assertEquals(6, AmbrosiaRpc.encodeIncoming(out, 250, 256, 1, 1, args, 0, 3));
        assertEquals(AmbrosiaWireStatus.INVALID_ARGUMENT, AmbrosiaRpc.encodeIncoming(out, 0, 256, 1, 3, args, 0, 3));
        assertEquals(AmbrosiaWireStatus.INVALID_ARGUMENT, AmbrosiaRpc.encodeIncoming(out, 0, 256, 1, 1, args, 1, 3));
        assertEquals(AmbrosiaWireStatus.INVALID_ARGUMENT, AmbrosiaRpc.encodeIncoming(out, 0, 256, 1, 1, null, 0, 1));
        assertEquals(AmbrosiaWireStatus.INVALID_ARGUMENT,
            AmbrosiaRpc.encodeOutgoing(out, 0, 256, null, 0, 2, 1, 1, args, 0, 3));
        assertEquals(AmbrosiaWireStatus.INVALID_ARGUMENT, AmbrosiaMessageWriter.writeNoData(out, 0, 256, 16));
        assertEquals(AmbrosiaWireStatus.INVALID_ARGUMENT, AmbrosiaMessageWriter.writeNoData(out, 0, 256, -1));
        assertEquals(AmbrosiaWireStatus.NO_SPACE, AmbrosiaMessageWriter.writeTakeCheckpoint(out, 255, 256));
        assertEquals(AmbrosiaWireStatus.NO_SPACE, AmbrosiaMessageWriter.writeTakeCheckpoint(out, 0, 257));
        assertEquals(AmbrosiaWireStatus.INVALID_ARGUMENT,
            AmbrosiaMessageWriter.writeHeader(out, 0, 256, AmbrosiaMessageType.RPC, -1));
    }
}
