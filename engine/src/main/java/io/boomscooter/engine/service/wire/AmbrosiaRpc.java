package io.boomscooter.engine.service.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.DESTINATION_LENGTH_NEGATIVE;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.DESTINATION_PAST_END;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.INVALID_ARGUMENT;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.NO_SPACE;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.OK;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.OUT_OF_BOUNDS;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.RPC_BAD_KIND;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.RPC_RESERVED_NOT_ZERO;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.RPC_TRUNCATED;

/**
 * The data of an RPC message (type 0), decoded by a reusable instance and encoded by static writers.
 * <pre>
 *   incoming (coordinator to service): [reserved: 0][method id: ZigZag int32][kind: 0|1|2][arguments...]
 *   outgoing (service to coordinator): [destination length: ZigZag int32][destination bytes][incoming fields]
 * </pre>
 * A destination of length 0 means the service itself. The outgoing form is the incoming one with the destination
 * in front, so {@link #bodyOffset()}/{@link #bodyLength()} give the incoming data a coordinator forwards.
 * Kind: 0 async (C# async/await), 1 fork (fire and forget, replayed), 2 impulse (non-deterministic, replayed only
 * if logged) ({@code RpcTypes.RpcType} in upstream {@code SharedAmbrosiaTools/SharedAmbrosiaTools.cs},
 * {@code RPCType} in {@code Clients/AmbrosiaJS/Ambrosia-Node/src/Messages.ts}).
 * <p>
 * Upstream's reserved byte is "RPC or return value": C# clients send 1..3 there for return values, with a
 * different layout (no method id); this codec refuses those ({@link AmbrosiaWireStatus#RPC_RESERVED_NOT_ZERO}).
 * For kind 0, C# clients put a return address (ZigZag int32 length, bytes) and a ZigZag int64 sequence number
 * before the serialized arguments; here they are part of the arguments.
 * <p>
 * Decoders bounds-check every field, return {@link AmbrosiaWireStatus#OK} or a negative status with a constant
 * {@link #reason()}, never throw and never allocate. Writers take an absolute, exclusive limit and return the
 * bytes written or a negative status.
 */
public final class AmbrosiaRpc
{
    /** The reserved first byte of an RPC's incoming fields. */
    public static final int RESERVED = 0;
    /** Kind byte: async (a call whose result returns to the caller). */
    public static final int KIND_ASYNC = 0;
    /** Kind byte: fork, fire and forget. */
    public static final int KIND_FORK = 1;
    /** Kind byte: impulse, a non-deterministic fire and forget. */
    public static final int KIND_IMPULSE = 2;

    private final AmbrosiaVarint varint = new AmbrosiaVarint();
    private int status = OK;
    private int destinationOffset;
    private int destinationLength;
    private int bodyOffset;
    private int bodyLength;
    private int methodId;
    private int kind;
    private int argumentsOffset;
    private int argumentsLength;

    /**
     * @return true for 0 (async), 1 (fork) and 2 (impulse).
     */
    public static boolean isValidKind(final int kind)
    {
        return kind >= KIND_ASYNC && kind <= KIND_IMPULSE;
    }

    /**
     * Decode the data of an RPC message from the coordinator (no destination).
     *
     * @param offset of the data (the reserved byte).
     * @param length bytes of data.
     * @return {@link AmbrosiaWireStatus#OK} or a negative status.
     */
    public int decodeIncoming(final DirectBuffer buffer, final int offset, final int length)
    {
        if (null == buffer || !AmbrosiaWireStatus.inBounds(offset, length, buffer.capacity()))
        {
            return status = OUT_OF_BOUNDS;
        }
        destinationOffset = offset;
        destinationLength = 0;
        return status = decodeBody(buffer, offset, offset + length);
    }

    /**
     * Decode the data of an RPC message from a service (destination first).
     *
     * @param offset of the data (the destination length).
     * @param length bytes of data.
     * @return {@link AmbrosiaWireStatus#OK} or a negative status.
     */
    public int decodeOutgoing(final DirectBuffer buffer, final int offset, final int length)
    {
        if (null == buffer || !AmbrosiaWireStatus.inBounds(offset, length, buffer.capacity()))
        {
            return status = OUT_OF_BOUNDS;
        }
        final int limit = offset + length;
        final int lengthLength = AmbrosiaZigZag.readInt(buffer, offset, limit, varint);
        if (lengthLength <= 0)
        {
            return status = (lengthLength == 0 ? RPC_TRUNCATED : lengthLength);
        }
        final int destLength = varint.intValue();
        if (destLength < 0)
        {
            return status = DESTINATION_LENGTH_NEGATIVE;
        }
        final int destOffset = offset + lengthLength;
        if (destLength > limit - destOffset)
        {
            return status = DESTINATION_PAST_END;
        }
        destinationOffset = destOffset;
        destinationLength = destLength;
        return status = decodeBody(buffer, destOffset + destLength, limit);
    }

    private int decodeBody(final DirectBuffer buffer, final int offset, final int limit)
    {
        if (offset >= limit)
        {
            return RPC_TRUNCATED;
        }
        if (buffer.getByte(offset) != RESERVED)
        {
            return RPC_RESERVED_NOT_ZERO;
        }
        final int methodIdLength = AmbrosiaZigZag.readInt(buffer, offset + 1, limit, varint);
        if (methodIdLength <= 0)
        {
            return methodIdLength == 0 ? RPC_TRUNCATED : methodIdLength;
        }
        final int kindOffset = offset + 1 + methodIdLength;
        if (kindOffset >= limit)
        {
            return RPC_TRUNCATED;
        }
        final int kindByte = buffer.getByte(kindOffset) & 0xFF;
        if (!isValidKind(kindByte))
        {
            return RPC_BAD_KIND;
        }
        bodyOffset = offset;
        bodyLength = limit - offset;
        methodId = varint.intValue();
        kind = kindByte;
        argumentsOffset = kindOffset + 1;
        argumentsLength = limit - argumentsOffset;
        return OK;
    }

    /**
     * @return the last decode's status.
     */
    public int status()
    {
        return status;
    }

    /**
     * @return a constant string for the last decode's status.
     */
    public String reason()
    {
        return AmbrosiaWireStatus.reason(status);
    }

    /**
     * @return offset of the destination name bytes (outgoing only).
     */
    public int destinationOffset()
    {
        return destinationOffset;
    }

    /**
     * @return bytes of the destination name: 0 for the service itself, and always 0 for an incoming RPC.
     */
    public int destinationLength()
    {
        return destinationLength;
    }

    /**
     * @return offset of the incoming fields (the reserved byte): the data of the matching incoming RPC.
     */
    public int bodyOffset()
    {
        return bodyOffset;
    }

    /**
     * @return bytes from the reserved byte to the end of the data.
     */
    public int bodyLength()
    {
        return bodyLength;
    }

    /**
     * @return the method id (this and the other accessors hold the last successful decode).
     */
    public int methodId()
    {
        return methodId;
    }

    /**
     * @return the call kind, 0..2.
     */
    public int kind()
    {
        return kind;
    }

    /**
     * @return offset of the arguments (just after the kind byte).
     */
    public int argumentsOffset()
    {
        return argumentsOffset;
    }

    /**
     * @return bytes of the arguments, 0 or more.
     */
    public int argumentsLength()
    {
        return argumentsLength;
    }

    /**
     * @return bytes of an incoming RPC's data.
     */
    public static int incomingDataLength(final int methodId, final int argumentsLength)
    {
        return 1 + AmbrosiaZigZag.sizeOfInt(methodId) + 1 + argumentsLength;
    }

    /**
     * @return bytes of an outgoing RPC's data.
     */
    public static int outgoingDataLength(final int destinationLength, final int methodId, final int argumentsLength)
    {
        return AmbrosiaZigZag.sizeOfInt(destinationLength) + destinationLength +
            incomingDataLength(methodId, argumentsLength);
    }

    /**
     * Write an incoming RPC's data (no message header).
     *
     * @param arguments may be null when argumentsLength is 0.
     * @return bytes written, or a negative status.
     */
    public static int encodeIncoming(
        final MutableDirectBuffer buffer,
        final int offset,
        final int limit,
        final int methodId,
        final int kind,
        final DirectBuffer arguments,
        final int argumentsOffset,
        final int argumentsLength)
    {
        if (!validArguments(kind, arguments, argumentsOffset, argumentsLength))
        {
            return INVALID_ARGUMENT;
        }
        final int length = incomingDataLength(methodId, argumentsLength);
        if (!AmbrosiaMessageWriter.fits(buffer, offset, limit, length))
        {
            return NO_SPACE;
        }
        putBody(buffer, offset, methodId, kind, arguments, argumentsOffset, argumentsLength);
        return length;
    }

    /**
     * Write an outgoing RPC's data (no message header).
     *
     * @param destination may be null when destinationLength is 0 (the service itself).
     * @param arguments   may be null when argumentsLength is 0.
     * @return bytes written, or a negative status.
     */
    public static int encodeOutgoing(
        final MutableDirectBuffer buffer,
        final int offset,
        final int limit,
        final DirectBuffer destination,
        final int destinationOffset,
        final int destinationLength,
        final int methodId,
        final int kind,
        final DirectBuffer arguments,
        final int argumentsOffset,
        final int argumentsLength)
    {
        if (!validArguments(kind, arguments, argumentsOffset, argumentsLength) ||
            !validBytes(destination, destinationOffset, destinationLength))
        {
            return INVALID_ARGUMENT;
        }
        final int length = outgoingDataLength(destinationLength, methodId, argumentsLength);
        if (!AmbrosiaMessageWriter.fits(buffer, offset, limit, length))
        {
            return NO_SPACE;
        }
        putOutgoing(buffer, offset, destination, destinationOffset, destinationLength, methodId, kind, arguments,
            argumentsOffset, argumentsLength);
        return length;
    }

    /**
     * Write a whole incoming RPC message: {@code [size][0][incoming data]}.
     *
     * @return bytes written, or a negative status.
     */
    public static int writeIncomingMessage(
        final MutableDirectBuffer buffer,
        final int offset,
        final int limit,
        final int methodId,
        final int kind,
        final DirectBuffer arguments,
        final int argumentsOffset,
        final int argumentsLength)
    {
        if (!validArguments(kind, arguments, argumentsOffset, argumentsLength))
        {
            return INVALID_ARGUMENT;
        }
        final int dataLength = incomingDataLength(methodId, argumentsLength);
        final int headerLength = AmbrosiaMessageWriter.writeHeader(
            buffer, offset, limit, AmbrosiaMessageType.RPC, dataLength);
        if (headerLength < 0)
        {
            return headerLength;
        }
        putBody(buffer, offset + headerLength, methodId, kind, arguments, argumentsOffset, argumentsLength);
        return headerLength + dataLength;
    }

    /**
     * Write a whole outgoing RPC message: {@code [size][0][outgoing data]}.
     *
     * @return bytes written, or a negative status.
     */
    public static int writeOutgoingMessage(
        final MutableDirectBuffer buffer,
        final int offset,
        final int limit,
        final DirectBuffer destination,
        final int destinationOffset,
        final int destinationLength,
        final int methodId,
        final int kind,
        final DirectBuffer arguments,
        final int argumentsOffset,
        final int argumentsLength)
    {
        if (!validArguments(kind, arguments, argumentsOffset, argumentsLength) ||
            !validBytes(destination, destinationOffset, destinationLength))
        {
            return INVALID_ARGUMENT;
        }
        final int dataLength = outgoingDataLength(destinationLength, methodId, argumentsLength);
        final int headerLength = AmbrosiaMessageWriter.writeHeader(
            buffer, offset, limit, AmbrosiaMessageType.RPC, dataLength);
        if (headerLength < 0)
        {
            return headerLength;
        }
        putOutgoing(buffer, offset + headerLength, destination, destinationOffset, destinationLength, methodId, kind,
            arguments, argumentsOffset, argumentsLength);
        return headerLength + dataLength;
    }

    private static boolean validArguments(
        final int kind, final DirectBuffer arguments, final int argumentsOffset, final int argumentsLength)
    {
        return isValidKind(kind) && validBytes(arguments, argumentsOffset, argumentsLength);
    }

    private static boolean validBytes(final DirectBuffer bytes, final int offset, final int length)
    {
        // the bound keeps every length computed from destination and arguments lengths far from int overflow
        if (length < 0 || length > Integer.MAX_VALUE / 4)
        {
            return false;
        }
        return length == 0 || (null != bytes && AmbrosiaWireStatus.inBounds(offset, length, bytes.capacity()));
    }

    private static void putOutgoing(
        final MutableDirectBuffer buffer,
        final int offset,
        final DirectBuffer destination,
        final int destinationOffset,
        final int destinationLength,
        final int methodId,
        final int kind,
        final DirectBuffer arguments,
        final int argumentsOffset,
        final int argumentsLength)
    {
        int index = offset + AmbrosiaZigZag.putInt(buffer, offset, destinationLength);
        if (destinationLength > 0)
        {
            buffer.putBytes(index, destination, destinationOffset, destinationLength);
            index += destinationLength;
        }
        putBody(buffer, index, methodId, kind, arguments, argumentsOffset, argumentsLength);
    }

    private static void putBody(
        final MutableDirectBuffer buffer,
        final int offset,
        final int methodId,
        final int kind,
        final DirectBuffer arguments,
        final int argumentsOffset,
        final int argumentsLength)
    {
        int index = offset;
        buffer.putByte(index++, (byte)RESERVED);
        index += AmbrosiaZigZag.putInt(buffer, index, methodId);
        buffer.putByte(index++, (byte)kind);
        if (argumentsLength > 0)
        {
            buffer.putBytes(index, arguments, argumentsOffset, argumentsLength);
        }
    }
}
