package io.boomscooter.engine.service.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.boomscooter.engine.FuzzSupport;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;

import static io.boomscooter.engine.FuzzSupport.boundedAllocation;
import static io.boomscooter.engine.FuzzSupport.bytes;
import static io.boomscooter.engine.FuzzSupport.concat;
import static io.boomscooter.engine.FuzzSupport.check;

/**
 * Fuzz targets for the AMBROSIA wire (docs/fuzzing.md): what a service process sends its coordinator over TCP
 * (frames, messages, RPCs, batches, checkpoint lengths) and the log records a coordinator's peer would send. Every
 * decoder here returns a status with a constant reason: an exception, a range outside the input, a hang or an
 * allocation is a finding. Seeds: {@code src/test/resources/.../AmbrosiaWireFuzzTestInputs/<method>/}.
 */
@ExtendWith(FuzzSupport.RegressionTimeout.class)
class AmbrosiaWireFuzzTest
{
    private final AmbrosiaMessageReader reader = new AmbrosiaMessageReader();
    private final AmbrosiaMessageReader inner = new AmbrosiaMessageReader();
    private final AmbrosiaRpc rpc = new AmbrosiaRpc();
    private final AmbrosiaBatch batch = new AmbrosiaBatch();
    private final AmbrosiaVarint varint = new AmbrosiaVarint();
    private final AmbrosiaChecksum checksum = new AmbrosiaChecksum();

    /**
     * The service-to-coordinator stream: {@link AmbrosiaFramer#decode} frame after frame (byte 0 picks the
     * checkpoint length encoding and the frame limit), then each frame decoded as {@code AmbrosiaInbound.onFrame}
     * does: one message, RPC / batch / InitialMessage / Checkpoint with its blob inside the frame.
     */
    @FuzzTest(maxDuration = "30s")
    void framer(final byte[] input)
    {
        if (input.length < 1)
        {
            return;
        }
        final int control = input[0] & 0xFF;
        final CheckpointLengthEncoding encoding =
            (control & 1) == 0 ? CheckpointLengthEncoding.ZIGZAG : CheckpointLengthEncoding.FIXED64;
        final AmbrosiaFramer framer = new AmbrosiaFramer(encoding,
            (control & 2) == 0 ? AmbrosiaFramer.MIN_MAX_FRAME_LENGTH + 64 : AmbrosiaFramer.DEFAULT_MAX_FRAME_LENGTH);
        final UnsafeBuffer buffer = FuzzSupport.exact(input);
        boundedAllocation(input.length, "AMBROSIA framing and frame decode", () -> FuzzSupport.checkFramer(framer,
            buffer, 1,
            input.length - 1, (b, frameOffset, frameLength, messageOffset, messageLength) ->
                onFrame(b, messageOffset, messageLength, encoding)));
    }

    /**
     * Packed messages over arbitrary bytes ({@link AmbrosiaMessageReader}, as over a record body or a batch), and
     * every data decoder over each message's data whatever its type: {@link AmbrosiaRpc#decodeIncoming},
     * {@link AmbrosiaRpc#decodeOutgoing}, {@link AmbrosiaBatch#decode} (both batch types) and
     * {@link AmbrosiaBatch#verifyMessages}, {@link AmbrosiaCheckpointLength#readMessageData} (both encodings).
     */
    @FuzzTest(maxDuration = "30s")
    void messages(final byte[] input)
    {
        final UnsafeBuffer buffer = FuzzSupport.exact(input);
        boundedAllocation(input.length, "AMBROSIA message decode", () -> readMessages(buffer, input.length));
    }

    private void readMessages(final UnsafeBuffer buffer, final int length)
    {
        reader.wrap(buffer, 0, length);
        int previous = 0;
        int status;
        while ((status = reader.next()) == AmbrosiaMessageReader.MESSAGE)
        {
            check(reader.position() > previous && reader.position() <= length, "reader did not advance");
            previous = reader.position();
            final int dataOffset = reader.dataOffset();
            final int dataLength = reader.dataLength();
            checkRange(dataOffset, dataLength, reader.messageOffset(), reader.messageLength(), "message data");
            allDataDecoders(buffer, dataOffset, dataLength);
        }
        if (!(status == AmbrosiaMessageReader.END || status < 0))
        {
            throw new AssertionError("reader status " + status);
        }
        check(reader.next() == status, "reader status not sticky");
        check(null != reader.reason(), "no reason");
    }

    /**
     * A log record as a coordinator sends it ({@link AmbrosiaRecord#verify}): byte 0 bit 0 makes the harness write
     * the correct xxHash64 into the check bytes (so the fuzzer reaches the body), bit 1 lowers the size limit; the
     * record starts at byte 1. A sound record's body is then read as messages.
     */
    @FuzzTest(maxDuration = "30s")
    void record(final byte[] input)
    {
        if (input.length < 1)
        {
            return;
        }
        final int control = input[0] & 0xFF;
        final UnsafeBuffer buffer = FuzzSupport.exact(input);
        final int available = input.length - 1;
        if ((control & 1) != 0 && available >= AmbrosiaRecord.HEADER_LENGTH)
        {
            final int size = AmbrosiaRecord.totalSize(buffer, 1);
            if (size >= AmbrosiaRecord.HEADER_LENGTH && size <= available)
            {
                buffer.putLong(1 + AmbrosiaRecord.CHECK_OFFSET,
                    checksum.hash(buffer, 1 + AmbrosiaRecord.HEADER_LENGTH, size - AmbrosiaRecord.HEADER_LENGTH),
                    AmbrosiaRecord.BYTE_ORDER);
            }
        }
        final int max = (control & 2) != 0 ? 64 : AmbrosiaRecord.DEFAULT_MAX_RECORD_LENGTH;
        boundedAllocation(input.length, "AMBROSIA record verify", () -> verifyRecord(buffer, available, max));
    }

    private void verifyRecord(final UnsafeBuffer buffer, final int available, final int max)
    {
        final int result = AmbrosiaRecord.verify(buffer, 1, available, max, checksum);
        if (!(result < 0 || (result >= AmbrosiaRecord.HEADER_LENGTH && result <= available && result <= max)))
        {
            throw new AssertionError("verify returned " + result);
        }
        check(null != AmbrosiaWireStatus.reason(result), "no reason");
        if (result > 0)
        {
            reader.wrap(buffer, 1 + AmbrosiaRecord.HEADER_LENGTH, result - AmbrosiaRecord.HEADER_LENGTH);
            while (reader.next() == AmbrosiaMessageReader.MESSAGE)
            {
                allDataDecoders(buffer, reader.dataOffset(), reader.dataLength());
            }
        }
        // the caller-error checks: a range outside the buffer is a status too
        check(AmbrosiaRecord.verify(buffer, buffer.capacity(), 1, max, checksum) == AmbrosiaWireStatus.OUT_OF_BOUNDS,
            "verify past the buffer");
    }

    /**
     * The varint and checkpoint-length readers at offsets and limits picked by the input, including limits before
     * the offset and past the buffer ({@link AmbrosiaZigZag#readInt}, {@link AmbrosiaZigZag#readLong},
     * {@link AmbrosiaCheckpointLength#read} in both encodings): a status, never a read outside the buffer.
     */
    @FuzzTest(maxDuration = "30s")
    void varints(final byte[] input)
    {
        final FuzzSupport.Input in = new FuzzSupport.Input(input);
        final int offset = (byte)in.u8();
        final int limitDelta = (byte)in.u8();
        final byte[] bytes = in.rest();
        final UnsafeBuffer buffer = FuzzSupport.exact(bytes);
        final int limit = Math.max(Math.min(offset + limitDelta, bytes.length + 2), -2);
        boundedAllocation(input.length, "AMBROSIA varint read", () -> readAt(buffer, offset, limit, limitDelta));
    }

    private void readAt(final UnsafeBuffer buffer, final int offset, final int limit, final int limitDelta)
    {
        checkConsumed(AmbrosiaZigZag.readInt(buffer, offset, limit, varint), AmbrosiaZigZag.MAX_INT_LENGTH);
        checkConsumed(AmbrosiaZigZag.readLong(buffer, offset, limit, varint), AmbrosiaZigZag.MAX_LONG_LENGTH);
        checkConsumed(AmbrosiaCheckpointLength.read(buffer, offset, limit, CheckpointLengthEncoding.ZIGZAG, varint),
            AmbrosiaZigZag.MAX_LONG_LENGTH);
        checkConsumed(AmbrosiaCheckpointLength.read(buffer, offset, limit, CheckpointLengthEncoding.FIXED64, varint),
            AmbrosiaCheckpointLength.FIXED64_LENGTH);
        AmbrosiaCheckpointLength.readMessageData(buffer, offset, limitDelta, CheckpointLengthEncoding.ZIGZAG, varint);
        AmbrosiaCheckpointLength.readMessageData(buffer, offset, limitDelta, CheckpointLengthEncoding.FIXED64, varint);
        rpc.decodeIncoming(buffer, offset, limitDelta);
        rpc.decodeOutgoing(buffer, offset, limitDelta);
        batch.decode(AmbrosiaMessageType.RPC_BATCH, buffer, offset, limitDelta);
        reader.wrap(buffer, offset, limitDelta);
        reader.next();
    }

    private static void checkConsumed(final int result, final int max)
    {
        if (!(result <= max && null != AmbrosiaWireStatus.reason(result)))
        {
            throw new AssertionError("read returned " + result);
        }
    }

    /**
     * What {@code AmbrosiaInbound.onFrame} does with one frame from a service.
     */
    private void onFrame(
        final DirectBuffer buffer, final int offset, final int length, final CheckpointLengthEncoding encoding)
    {
        reader.wrap(buffer, offset, length);
        final int status = reader.next();
        // the framer checked the size varint, a size of 1 or more and the type: one message is there
        if (!(status == AmbrosiaMessageReader.MESSAGE))
        {
            throw new AssertionError("framer passed a frame whose message does not read: " +
                reader.reason());
        }
        final int dataOffset = reader.dataOffset();
        final int dataLength = reader.dataLength();
        switch (reader.type())
        {
            case AmbrosiaMessageType.RPC:
                outgoing(buffer, dataOffset, dataLength);
                break;
            case AmbrosiaMessageType.RPC_BATCH:
            case AmbrosiaMessageType.COUNT_REPLAYABLE_RPC_BATCH:
                if (batch.decode(reader.type(), buffer, dataOffset, dataLength) == AmbrosiaWireStatus.OK &&
                    batch.verifyMessages(buffer, inner) == AmbrosiaWireStatus.OK)
                {
                    checkRange(batch.messagesOffset(), batch.messagesLength(), dataOffset, dataLength, "batch");
                    inner.wrap(buffer, batch.messagesOffset(), batch.messagesLength());
                    for (int i = 0; i < batch.count(); i++)
                    {
                        check(inner.next() == AmbrosiaMessageReader.MESSAGE &&
                            inner.type() == AmbrosiaMessageType.RPC, "verified batch does not hold count RPCs");
                        outgoing(buffer, inner.dataOffset(), inner.dataLength());
                    }
                }
                break;
            case AmbrosiaMessageType.INITIAL_MESSAGE:
                inner.wrap(buffer, dataOffset, dataLength);
                if (inner.next() == AmbrosiaMessageReader.MESSAGE && inner.type() == AmbrosiaMessageType.RPC &&
                    rpc.decodeIncoming(buffer, inner.dataOffset(), inner.dataLength()) == AmbrosiaWireStatus.OK)
                {
                    checkRange(rpc.argumentsOffset(), rpc.argumentsLength(), dataOffset, dataLength, "arguments");
                }
                break;
            case AmbrosiaMessageType.CHECKPOINT:
            {
                // the framer checked the length field and cut the frame at the blob's end
                final int read = AmbrosiaCheckpointLength.readMessageData(buffer, dataOffset, dataLength, encoding,
                    varint);
                if (!(read == AmbrosiaWireStatus.OK))
                {
                    throw new AssertionError("framer passed a checkpoint whose length does not read: " +
                        AmbrosiaWireStatus.reason(read));
                }
                check(varint.value >= 0 && reader.position() + varint.value == offset + length,
                    "checkpoint blob does not end at the frame's end");
                break;
            }
            default:
                check(reader.position() <= offset + length, "message past its frame");
                break;
        }
    }

    private void outgoing(final DirectBuffer buffer, final int offset, final int length)
    {
        if (rpc.decodeOutgoing(buffer, offset, length) == AmbrosiaWireStatus.OK)
        {
            checkRange(rpc.destinationOffset(), rpc.destinationLength(), offset, length, "destination");
            checkRange(rpc.argumentsOffset(), rpc.argumentsLength(), offset, length, "arguments");
            if (!(AmbrosiaRpc.isValidKind(rpc.kind())))
            {
                throw new AssertionError("kind " + rpc.kind());
            }
        }
        else
        {
            check(rpc.status() < 0 && null != rpc.reason(), "refusal without a reason");
        }
    }

    private void allDataDecoders(final DirectBuffer buffer, final int offset, final int length)
    {
        if (rpc.decodeIncoming(buffer, offset, length) == AmbrosiaWireStatus.OK)
        {
            checkRange(rpc.bodyOffset(), rpc.bodyLength(), offset, length, "incoming body");
            checkRange(rpc.argumentsOffset(), rpc.argumentsLength(), offset, length, "incoming arguments");
        }
        outgoing(buffer, offset, length);
        for (final int type : new int[]{AmbrosiaMessageType.RPC_BATCH, AmbrosiaMessageType.COUNT_REPLAYABLE_RPC_BATCH})
        {
            if (batch.decode(type, buffer, offset, length) == AmbrosiaWireStatus.OK)
            {
                check(batch.count() >= 0 && batch.replayableCount() >= 0 && batch.replayableCount() <= batch.count(),
                    "batch counts");
                checkRange(batch.messagesOffset(), batch.messagesLength(), offset, length, "batch messages");
                final int verified = batch.verifyMessages(buffer, inner);
                if (!(verified == AmbrosiaWireStatus.OK || verified < 0))
                {
                    throw new AssertionError("verifyMessages " + verified);
                }
            }
            check(null != batch.reason(), "no batch reason");
        }
        AmbrosiaCheckpointLength.readMessageData(buffer, offset, length, CheckpointLengthEncoding.ZIGZAG, varint);
        AmbrosiaCheckpointLength.readMessageData(buffer, offset, length, CheckpointLengthEncoding.FIXED64, varint);
    }

    /**
     * Writes the seed inputs of these targets (docs/fuzzing.md): valid messages made with the encoders, a few
     * short broken ones.
     */
    @Test
    @EnabledIfSystemProperty(named = FuzzSupport.WRITE_SEEDS_PROPERTY, matches = "true")
    void writeSeeds()
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[4096]);
        final int cap = b.capacity();
        final UnsafeBuffer args = new UnsafeBuffer("hello".getBytes(StandardCharsets.US_ASCII));
        final UnsafeBuffer dest = new UnsafeBuffer("svc-2".getBytes(StandardCharsets.US_ASCII));
        final byte[] rpcOut = bytes(b, AmbrosiaRpc.writeOutgoingMessage(b, 0, cap, dest, 0, 5, 3,
            AmbrosiaRpc.KIND_FORK, args, 0, 5));
        final byte[] rpcSelf = bytes(b, AmbrosiaRpc.writeOutgoingMessage(b, 0, cap, dest, 0, 0, 1,
            AmbrosiaRpc.KIND_ASYNC, args, 0, 5));
        final byte[] rpcIn = bytes(b, AmbrosiaRpc.writeIncomingMessage(b, 0, cap, 7, AmbrosiaRpc.KIND_IMPULSE,
            args, 0, 5));
        final byte[] two = concat(rpcOut, rpcSelf);
        final byte[] batchData = concat(bytes(b, AmbrosiaBatch.writeRpcBatchHeader(b, 0, cap, 2, two.length)), two);
        final byte[] countData = concat(bytes(b, AmbrosiaBatch.writeCountReplayableRpcBatchHeader(b, 0, cap, 2, 1,
            two.length)), two);
        final byte[] batch = message(AmbrosiaMessageType.RPC_BATCH, batchData);
        final byte[] countBatch = message(AmbrosiaMessageType.COUNT_REPLAYABLE_RPC_BATCH, countData);
        final byte[] initial = message(AmbrosiaMessageType.INITIAL_MESSAGE, rpcIn);
        final byte[] takeCheckpoint = bytes(b, AmbrosiaMessageWriter.writeTakeCheckpoint(b, 0, cap));
        final byte[] attach = message(AmbrosiaMessageType.ATTACH_TO, dest.byteArray());
        final byte[] blob = "state".getBytes(StandardCharsets.US_ASCII);
        final byte[] checkpointZigZag = concat(bytes(b, AmbrosiaCheckpointLength.writeMessage(b, 0, cap,
            CheckpointLengthEncoding.ZIGZAG, blob.length)), blob);
        final byte[] checkpointFixed = concat(bytes(b, AmbrosiaCheckpointLength.writeMessage(b, 0, cap,
            CheckpointLengthEncoding.FIXED64, blob.length)), blob);

        final Class<?> c = AmbrosiaWireFuzzTest.class;
        FuzzSupport.writeSeed(c, "framer", "rpc-batch-initial-checkpoint-zigzag",
            concat(new byte[]{0}, rpcOut, batch, countBatch, initial, attach, checkpointZigZag, rpcSelf));
        FuzzSupport.writeSeed(c, "framer", "checkpoint-fixed64-then-rpc",
            concat(new byte[]{1}, checkpointFixed, rpcOut));
        FuzzSupport.writeSeed(c, "framer", "size-zero", new byte[]{0, 0, 2});
        FuzzSupport.writeSeed(c, "framer", "unknown-type", new byte[]{2, 2, 16});
        FuzzSupport.writeSeed(c, "framer", "checkpoint-length-negative", new byte[]{0, 4, 8, 1, 0});

        FuzzSupport.writeSeed(c, "messages", "rpc-in-out-batches", concat(rpcIn, rpcOut, batch, countBatch));
        FuzzSupport.writeSeed(c, "messages", "control-and-checkpoint", concat(takeCheckpoint, checkpointZigZag));
        FuzzSupport.writeSeed(c, "messages", "varint-too-long", new byte[]{(byte)0xff, (byte)0xff, (byte)0xff,
            (byte)0xff, (byte)0xff, 0});
        FuzzSupport.writeSeed(c, "messages", "past-end", new byte[]{20, 0, 1});

        final byte[] body = concat(rpcIn, takeCheckpoint);
        b.putBytes(AmbrosiaRecord.HEADER_LENGTH, body);
        final int total = AmbrosiaRecord.encodeHeader(b, 0, 42, AmbrosiaRecord.HEADER_LENGTH + body.length, 5,
            checksum);
        FuzzSupport.writeSeed(c, "record", "logged-record", concat(new byte[]{0}, bytes(b, total)));
        FuzzSupport.writeSeed(c, "record", "record-checksum-fixed-by-harness", concat(new byte[]{1}, bytes(b, total)));
        b.putBytes(AmbrosiaRecord.HEADER_LENGTH, checkpointZigZag, 0, checkpointZigZag.length - blob.length);
        final int checkpointTotal = AmbrosiaRecord.writeCheckpointHeader(b, 0, 42,
            AmbrosiaRecord.HEADER_LENGTH + checkpointZigZag.length - blob.length);
        FuzzSupport.writeSeed(c, "record", "checkpoint-record", concat(new byte[]{0}, bytes(b, checkpointTotal)));
        FuzzSupport.writeSeed(c, "record", "size-too-small", new byte[]{0, 1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0});

        FuzzSupport.writeSeed(c, "varints", "int-max", new byte[]{0, 5, (byte)0xfe, (byte)0xff, (byte)0xff,
            (byte)0xff, 0x0f});
        FuzzSupport.writeSeed(c, "varints", "long-overflow", new byte[]{0, 10, (byte)0xff, (byte)0xff, (byte)0xff,
            (byte)0xff, (byte)0xff, (byte)0xff, (byte)0xff, (byte)0xff, (byte)0xff, 0x02});
        FuzzSupport.writeSeed(c, "varints", "offset-past-limit", new byte[]{3, (byte)0xfe, 1, 2, 3});
        FuzzSupport.writeSeed(c, "varints", "rpc-at-offset", concat(new byte[]{0, (byte)rpcIn.length}, rpcIn));
    }

    private static byte[] message(final int type, final byte[] data)
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[data.length + 16]);
        return bytes(b, AmbrosiaMessageWriter.writeMessage(b, 0, b.capacity(), type, new UnsafeBuffer(data), 0,
            data.length));
    }

    private static void checkRange(
        final int offset, final int length, final int outerOffset, final int outerLength, final String what)
    {
        if (!(length >= 0 && offset >= outerOffset && (long)offset + length <= (long)outerOffset + outerLength))
        {
            throw new AssertionError(what + " [" + offset + ", +" + length + ") outside [" + outerOffset + ", +" +
                outerLength + ")");
        }
    }
}
