package io.boomscooter.engine.service.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.BATCH_COUNT_NEGATIVE;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.BATCH_COUNT_TOO_LARGE;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.BATCH_MESSAGE_COUNT_MISMATCH;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.BATCH_NOT_RPC;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.BATCH_REPLAYABLE_COUNT_INVALID;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.INVALID_ARGUMENT;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.NOT_A_BATCH;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.NO_SPACE;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.OK;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.OUT_OF_BOUNDS;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.VARINT_TRUNCATED;

/**
 * The data of the two batch messages, decoded by a reusable instance and written by static writers:
 * <pre>
 *   RPCBatch (5):                 [count: ZigZag int32][count complete RPC messages]
 *   CountReplayableRPCBatch (13): [count: ZigZag int32][replayable count: ZigZag int32][count complete messages]
 * </pre>
 * The second is what upstream's coordinator sends when a batch mixes replayable (fork, async) and
 * non-replayable (impulse) RPCs ({@code AmbrosiaLib/Ambrosia/Program.cs}, the output sender writes
 * {@code WriteInt(numRPCs)} then {@code WriteInt(numReplayableMessagesToSend)}; read the same way in
 * {@code Clients/AmbrosiaJS/Ambrosia-Node/src/Messages.ts}). Each inner message has its own size and type;
 * walk them with {@link AmbrosiaMessageReader} over {@link #messagesOffset()}/{@link #messagesLength()}, or let
 * {@link #verifyMessages} check that there are exactly {@code count} RPCs first.
 * <p>
 * Decoders return {@link AmbrosiaWireStatus#OK} or a negative status with a constant {@link #reason()}, never
 * throw, never allocate.
 */
public final class AmbrosiaBatch
{
    private final AmbrosiaVarint varint = new AmbrosiaVarint();
    private int status = OK;
    private int count;
    private int replayableCount;
    private int messagesOffset;
    private int messagesLength;

    /**
     * Decode a batch message's counts.
     *
     * @param type   {@link AmbrosiaMessageType#RPC_BATCH} or {@link AmbrosiaMessageType#COUNT_REPLAYABLE_RPC_BATCH}.
     * @param offset of the message's data.
     * @param length bytes of data.
     * @return {@link AmbrosiaWireStatus#OK} or a negative status.
     */
    public int decode(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        if (type != AmbrosiaMessageType.RPC_BATCH && type != AmbrosiaMessageType.COUNT_REPLAYABLE_RPC_BATCH)
        {
            return status = NOT_A_BATCH;
        }
        if (null == buffer || !AmbrosiaWireStatus.inBounds(offset, length, buffer.capacity()))
        {
            return status = OUT_OF_BOUNDS;
        }
        final int limit = offset + length;
        int index = offset;
        int n = AmbrosiaZigZag.readInt(buffer, index, limit, varint);
        if (n <= 0)
        {
            return status = (n == 0 ? VARINT_TRUNCATED : n);
        }
        index += n;
        final int batchCount = varint.intValue();
        if (batchCount < 0)
        {
            return status = BATCH_COUNT_NEGATIVE;
        }
        int replayable = batchCount;
        if (type == AmbrosiaMessageType.COUNT_REPLAYABLE_RPC_BATCH)
        {
            n = AmbrosiaZigZag.readInt(buffer, index, limit, varint);
            if (n <= 0)
            {
                return status = (n == 0 ? VARINT_TRUNCATED : n);
            }
            index += n;
            replayable = varint.intValue();
            if (replayable < 0 || replayable > batchCount)
            {
                return status = BATCH_REPLAYABLE_COUNT_INVALID;
            }
        }
        if ((long)batchCount * AmbrosiaMessageWriter.NO_DATA_MESSAGE_LENGTH > limit - index)
        {
            return status = BATCH_COUNT_TOO_LARGE;
        }
        count = batchCount;
        replayableCount = replayable;
        messagesOffset = index;
        messagesLength = limit - index;
        return status = OK;
    }

    /**
     * After a successful {@link #decode}, check that the messages are exactly {@link #count()} RPC messages.
     *
     * @param reader wrapped over the messages and run to the end here; re-wrap it to process them.
     * @return {@link AmbrosiaWireStatus#OK} or a negative status (the reader's, or a batch error).
     */
    public int verifyMessages(final DirectBuffer buffer, final AmbrosiaMessageReader reader)
    {
        if (status != OK)
        {
            return status;
        }
        reader.wrap(buffer, messagesOffset, messagesLength);
        int result;
        while ((result = reader.next()) == AmbrosiaMessageReader.MESSAGE)
        {
            if (reader.type() != AmbrosiaMessageType.RPC)
            {
                return status = BATCH_NOT_RPC;
            }
        }
        if (result < 0)
        {
            return status = result;
        }
        return status = (reader.count() == count ? OK : BATCH_MESSAGE_COUNT_MISMATCH);
    }

    /**
     * @return the last status.
     */
    public int status()
    {
        return status;
    }

    /**
     * @return a constant string for the last status.
     */
    public String reason()
    {
        return AmbrosiaWireStatus.reason(status);
    }

    /**
     * @return messages in the batch (this and the other accessors hold the last successful decode).
     */
    public int count()
    {
        return count;
    }

    /**
     * @return replayable messages: the count field of a CountReplayableRPCBatch, {@link #count()} for an RPCBatch.
     */
    public int replayableCount()
    {
        return replayableCount;
    }

    /**
     * @return offset of the first inner message.
     */
    public int messagesOffset()
    {
        return messagesOffset;
    }

    /**
     * @return bytes of the inner messages.
     */
    public int messagesLength()
    {
        return messagesLength;
    }

    /**
     * @return bytes of an RPCBatch's size, type and count, before its messages.
     */
    public static int rpcBatchHeaderLength(final int count, final int messagesLength)
    {
        return AmbrosiaMessageWriter.headerLength(AmbrosiaZigZag.sizeOfInt(count) + messagesLength) +
            AmbrosiaZigZag.sizeOfInt(count);
    }

    /**
     * Write an RPCBatch's size, type and count; the caller writes {@code messagesLength} bytes of messages at
     * {@code offset + result}. Checks that the whole batch fits before limit.
     *
     * @return bytes written, or a negative status.
     */
    public static int writeRpcBatchHeader(
        final MutableDirectBuffer buffer, final int offset, final int limit, final int count, final int messagesLength)
    {
        if (count < 0 || messagesLength < 0 || messagesLength > Integer.MAX_VALUE / 2)
        {
            return INVALID_ARGUMENT;
        }
        final int countLength = AmbrosiaZigZag.sizeOfInt(count);
        final int dataLength = countLength + messagesLength;
        if (!AmbrosiaMessageWriter.fits(buffer, offset, limit, AmbrosiaMessageWriter.messageLength(dataLength)))
        {
            return NO_SPACE;
        }
        final int headerLength = AmbrosiaMessageWriter.putHeader(
            buffer, offset, AmbrosiaMessageType.RPC_BATCH, dataLength);
        return headerLength + AmbrosiaZigZag.putInt(buffer, offset + headerLength, count);
    }

    /**
     * Write a CountReplayableRPCBatch's size, type, count and replayable count; the caller writes
     * {@code messagesLength} bytes of messages at {@code offset + result}.
     *
     * @return bytes written, or a negative status.
     */
    public static int writeCountReplayableRpcBatchHeader(
        final MutableDirectBuffer buffer,
        final int offset,
        final int limit,
        final int count,
        final int replayableCount,
        final int messagesLength)
    {
        if (count < 0 || replayableCount < 0 || replayableCount > count || messagesLength < 0 ||
            messagesLength > Integer.MAX_VALUE / 2)
        {
            return INVALID_ARGUMENT;
        }
        final int countsLength = AmbrosiaZigZag.sizeOfInt(count) + AmbrosiaZigZag.sizeOfInt(replayableCount);
        final int dataLength = countsLength + messagesLength;
        if (!AmbrosiaMessageWriter.fits(buffer, offset, limit, AmbrosiaMessageWriter.messageLength(dataLength)))
        {
            return NO_SPACE;
        }
        int index = offset + AmbrosiaMessageWriter.putHeader(
            buffer, offset, AmbrosiaMessageType.COUNT_REPLAYABLE_RPC_BATCH, dataLength);
        index += AmbrosiaZigZag.putInt(buffer, index, count);
        index += AmbrosiaZigZag.putInt(buffer, index, replayableCount);
        return index - offset;
    }
}
