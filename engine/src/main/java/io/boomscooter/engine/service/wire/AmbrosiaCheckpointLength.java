package io.boomscooter.engine.service.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.CHECKPOINT_DATA_TRAILING;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.CHECKPOINT_LENGTH_NEGATIVE;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.CHECKPOINT_LENGTH_TRUNCATED;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.INVALID_ARGUMENT;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.NEED_MORE;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.NO_SPACE;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.OK;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.OUT_OF_BOUNDS;

/**
 * The blob length carried by a Checkpoint message (type 8), in either {@link CheckpointLengthEncoding}. The
 * message's data is exactly that length field; the blob itself follows the message on the stream, outside it
 * (service to coordinator: right after the message; coordinator to service: right after the sequence-id -2
 * record that holds the message, see {@link AmbrosiaRecord#writeCheckpointHeader}).
 * <p>
 * Static, no allocation, never throws; a negative length is refused
 * ({@link AmbrosiaWireStatus#CHECKPOINT_LENGTH_NEGATIVE}), as is a null encoding
 * ({@link AmbrosiaWireStatus#INVALID_ARGUMENT}).
 */
public final class AmbrosiaCheckpointLength
{
    /** Bytes of a {@link CheckpointLengthEncoding#FIXED64} length. */
    public static final int FIXED64_LENGTH = 8;

    private AmbrosiaCheckpointLength()
    {
    }

    /**
     * Read a length field.
     *
     * @param limit absolute, exclusive end; nothing at or past it is read.
     * @param out   receives the length on success.
     * @return bytes consumed (&gt; 0), {@link AmbrosiaWireStatus#NEED_MORE}, or a negative status.
     */
    public static int read(
        final DirectBuffer buffer,
        final int offset,
        final int limit,
        final CheckpointLengthEncoding encoding,
        final AmbrosiaVarint out)
    {
        final int consumed;
        if (encoding == CheckpointLengthEncoding.ZIGZAG)
        {
            consumed = AmbrosiaZigZag.readLong(buffer, offset, limit, out);
        }
        else if (encoding == CheckpointLengthEncoding.FIXED64)
        {
            if (offset < 0 || offset > limit || limit > buffer.capacity())
            {
                return OUT_OF_BOUNDS;
            }
            if (limit - offset < FIXED64_LENGTH)
            {
                return NEED_MORE;
            }
            out.value = buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
            consumed = FIXED64_LENGTH;
        }
        else
        {
            return INVALID_ARGUMENT;
        }
        if (consumed > 0 && out.value < 0)
        {
            return CHECKPOINT_LENGTH_NEGATIVE;
        }
        return consumed;
    }

    /**
     * Read the length from a Checkpoint message's data, which must be exactly the length field.
     *
     * @return {@link AmbrosiaWireStatus#OK} with the length in {@code out}, or a negative status.
     */
    public static int readMessageData(
        final DirectBuffer buffer,
        final int dataOffset,
        final int dataLength,
        final CheckpointLengthEncoding encoding,
        final AmbrosiaVarint out)
    {
        if (null == buffer || !AmbrosiaWireStatus.inBounds(dataOffset, dataLength, buffer.capacity()))
        {
            return OUT_OF_BOUNDS;
        }
        final int consumed = read(buffer, dataOffset, dataOffset + dataLength, encoding, out);
        if (consumed == 0)
        {
            return CHECKPOINT_LENGTH_TRUNCATED;
        }
        if (consumed < 0)
        {
            return consumed;
        }
        return consumed == dataLength ? OK : CHECKPOINT_DATA_TRAILING;
    }

    /**
     * @return bytes of the length field for this length, or {@link AmbrosiaWireStatus#INVALID_ARGUMENT}.
     */
    public static int sizeOf(final CheckpointLengthEncoding encoding, final long length)
    {
        if (encoding == CheckpointLengthEncoding.ZIGZAG)
        {
            return AmbrosiaZigZag.sizeOfLong(length);
        }
        return encoding == CheckpointLengthEncoding.FIXED64 ? FIXED64_LENGTH : INVALID_ARGUMENT;
    }

    /**
     * @return the most bytes a length field takes: 10 or 8 (or {@link AmbrosiaWireStatus#INVALID_ARGUMENT}).
     */
    public static int maxSize(final CheckpointLengthEncoding encoding)
    {
        if (encoding == CheckpointLengthEncoding.ZIGZAG)
        {
            return AmbrosiaZigZag.MAX_LONG_LENGTH;
        }
        return encoding == CheckpointLengthEncoding.FIXED64 ? FIXED64_LENGTH : INVALID_ARGUMENT;
    }

    /**
     * Write a length field.
     *
     * @return bytes written, or a negative status.
     */
    public static int write(
        final MutableDirectBuffer buffer,
        final int offset,
        final int limit,
        final CheckpointLengthEncoding encoding,
        final long length)
    {
        final int size = sizeOf(encoding, length);
        if (size < 0 || length < 0)
        {
            return INVALID_ARGUMENT;
        }
        if (!AmbrosiaMessageWriter.fits(buffer, offset, limit, size))
        {
            return NO_SPACE;
        }
        return put(buffer, offset, encoding, length);
    }

    /**
     * @return bytes of the whole Checkpoint message for a blob of this length, or a negative status.
     */
    public static int messageLength(final CheckpointLengthEncoding encoding, final long blobLength)
    {
        final int size = sizeOf(encoding, blobLength);
        return size < 0 ? size : AmbrosiaMessageWriter.messageLength(size);
    }

    /**
     * Write a whole Checkpoint message {@code [size][8][length]}; the blob is the caller's to send after it.
     *
     * @return bytes written, or a negative status.
     */
    public static int writeMessage(
        final MutableDirectBuffer buffer,
        final int offset,
        final int limit,
        final CheckpointLengthEncoding encoding,
        final long blobLength)
    {
        final int size = sizeOf(encoding, blobLength);
        if (size < 0 || blobLength < 0)
        {
            return INVALID_ARGUMENT;
        }
        if (!AmbrosiaMessageWriter.fits(buffer, offset, limit, AmbrosiaMessageWriter.messageLength(size)))
        {
            return NO_SPACE;
        }
        final int headerLength = AmbrosiaMessageWriter.putHeader(buffer, offset, AmbrosiaMessageType.CHECKPOINT, size);
        return headerLength + put(buffer, offset + headerLength, encoding, blobLength);
    }

    private static int put(
        final MutableDirectBuffer buffer, final int offset, final CheckpointLengthEncoding encoding, final long length)
    {
        if (encoding == CheckpointLengthEncoding.FIXED64)
        {
            buffer.putLong(offset, length, ByteOrder.LITTLE_ENDIAN);
            return FIXED64_LENGTH;
        }
        return AmbrosiaZigZag.putLong(buffer, offset, length);
    }
}
