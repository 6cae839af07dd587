package io.boomscooter.engine.service.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.INVALID_ARGUMENT;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.NO_SPACE;

/**
 * Writes whole AMBROSIA messages, {@code [size: ZigZag int32 of 1 + data length][type][data]}, and the no-data
 * control messages the coordinator sends in sequence-id -1 records (upstream {@code AmbrosiaLib/Ambrosia/Program.cs}
 * {@code QuiesceServiceWithSendCheckpointRequest}, {@code SendUpgradeRequest}, {@code SendBecomePrimaryRequest}:
 * each is the two bytes {@code 02 type}).
 * <p>
 * Every writer takes an absolute, exclusive {@code limit}, writes nothing unless the whole message fits, and
 * returns the bytes written, or {@link AmbrosiaWireStatus#NO_SPACE} / {@link AmbrosiaWireStatus#INVALID_ARGUMENT}
 * (unknown type, negative length). Static, no allocation. RPCs: {@link AmbrosiaRpc}; batches:
 * {@link AmbrosiaBatch}; checkpoints: {@link AmbrosiaCheckpointLength}.
 */
public final class AmbrosiaMessageWriter
{
    /** Bytes of a no-data message: size 1 (one byte) and the type. */
    public static final int NO_DATA_MESSAGE_LENGTH = 2;

    private AmbrosiaMessageWriter()
    {
    }

    /**
     * @param dataLength bytes of data, 0 or more and below {@code Integer.MAX_VALUE - 6}.
     * @return bytes of the whole message: size varint, type byte and data.
     */
    public static int messageLength(final int dataLength)
    {
        return AmbrosiaZigZag.sizeOfInt(dataLength + 1) + 1 + dataLength;
    }

    /**
     * @return bytes of the size varint and type byte for this much data.
     */
    public static int headerLength(final int dataLength)
    {
        return AmbrosiaZigZag.sizeOfInt(dataLength + 1) + 1;
    }

    /**
     * Write a message's size and type, leaving its data for the caller to write just after; checks that the
     * whole message, data included, fits before limit.
     *
     * @return bytes of the header written (the data goes at {@code offset + result}), or a negative status.
     */
    public static int writeHeader(
        final MutableDirectBuffer buffer, final int offset, final int limit, final int type, final int dataLength)
    {
        if (!AmbrosiaMessageType.isKnown(type) || dataLength < 0 || dataLength > Integer.MAX_VALUE - 16)
        {
            return INVALID_ARGUMENT;
        }
        if (!fits(buffer, offset, limit, messageLength(dataLength)))
        {
            return NO_SPACE;
        }
        return putHeader(buffer, offset, type, dataLength);
    }

    /**
     * Write a whole message, copying its data.
     *
     * @param data       the data, may be null when dataLength is 0.
     * @param dataOffset of the data in {@code data}.
     * @param dataLength bytes of data.
     * @return bytes written, or a negative status.
     */
    public static int writeMessage(
        final MutableDirectBuffer buffer,
        final int offset,
        final int limit,
        final int type,
        final DirectBuffer data,
        final int dataOffset,
        final int dataLength)
    {
        if (dataLength > 0 && (null == data || !AmbrosiaWireStatus.inBounds(dataOffset, dataLength, data.capacity())))
        {
            return INVALID_ARGUMENT;
        }
        final int headerLength = writeHeader(buffer, offset, limit, type, dataLength);
        if (headerLength < 0)
        {
            return headerLength;
        }
        if (dataLength > 0)
        {
            buffer.putBytes(offset + headerLength, data, dataOffset, dataLength);
        }
        return headerLength + dataLength;
    }

    /**
     * Write a message with no data: {@code 02 type}.
     *
     * @return 2, or a negative status.
     */
    public static int writeNoData(final MutableDirectBuffer buffer, final int offset, final int limit, final int type)
    {
        return writeHeader(buffer, offset, limit, type, 0);
    }

    /**
     * @return bytes written ({@code 02 02}), or a negative status.
     */
    public static int writeTakeCheckpoint(final MutableDirectBuffer buffer, final int offset, final int limit)
    {
        return writeNoData(buffer, offset, limit, AmbrosiaMessageType.TAKE_CHECKPOINT);
    }

    /**
     * @return bytes written ({@code 02 0b}), or a negative status.
     */
    public static int writeTakeBecomingPrimaryCheckpoint(
        final MutableDirectBuffer buffer, final int offset, final int limit)
    {
        return writeNoData(buffer, offset, limit, AmbrosiaMessageType.TAKE_BECOMING_PRIMARY_CHECKPOINT);
    }

    /**
     * @return bytes written ({@code 02 0a}), or a negative status.
     */
    public static int writeUpgradeTakeCheckpoint(final MutableDirectBuffer buffer, final int offset, final int limit)
    {
        return writeNoData(buffer, offset, limit, AmbrosiaMessageType.UPGRADE_TAKE_CHECKPOINT);
    }

    /**
     * @return bytes written ({@code 02 0c}), or a negative status.
     */
    public static int writeUpgradeService(final MutableDirectBuffer buffer, final int offset, final int limit)
    {
        return writeNoData(buffer, offset, limit, AmbrosiaMessageType.UPGRADE_SERVICE);
    }

    /**
     * @return bytes written ({@code 02 0f}), or a negative status.
     */
    public static int writeBecomingPrimary(final MutableDirectBuffer buffer, final int offset, final int limit)
    {
        return writeNoData(buffer, offset, limit, AmbrosiaMessageType.BECOMING_PRIMARY);
    }

    /**
     * An AttachTo message: the data is the destination's name bytes, as the service registered it.
     *
     * @return bytes written, or a negative status.
     */
    public static int writeAttachTo(
        final MutableDirectBuffer buffer,
        final int offset,
        final int limit,
        final DirectBuffer destination,
        final int destinationOffset,
        final int destinationLength)
    {
        return writeMessage(
            buffer, offset, limit, AmbrosiaMessageType.ATTACH_TO, destination, destinationOffset, destinationLength);
    }

    static boolean fits(final MutableDirectBuffer buffer, final int offset, final int limit, final int length)
    {
        return offset >= 0 && offset <= limit && limit <= buffer.capacity() &&
            length >= 0 && length <= limit - offset;
    }

    static int putHeader(final MutableDirectBuffer buffer, final int offset, final int type, final int dataLength)
    {
        final int sizeLength = AmbrosiaZigZag.putInt(buffer, offset, dataLength + 1);
        buffer.putByte(offset + sizeLength, (byte)type);
        return sizeLength + 1;
    }
}
