package io.boomscooter.engine.service.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.INVALID_ARGUMENT;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.NO_SPACE;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.OUT_OF_BOUNDS;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.RECORD_BAD_SEQUENCE_ID;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.RECORD_CHECKPOINT_CHECK_NOT_ZERO;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.RECORD_CHECK_MISMATCH;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.RECORD_SIZE_PAST_END;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.RECORD_SIZE_TOO_SMALL;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.RECORD_TOO_LARGE;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.RECORD_TRUNCATED;

/**
 * A log record, the unit of all coordinator-to-service traffic: a 24-byte little-endian header, then messages
 * packed tightly (read them with {@link AmbrosiaMessageReader} over {@code offset + HEADER_LENGTH ..
 * offset + totalSize}).
 * <pre>
 *   0  int32  committer id (constant for the life of the service)
 *   4  int32  total size of the record in bytes, header included
 *   8  int64  check bytes: xxHash64, seed 0, of the record's bytes after the header, i.e. [24, totalSize)
 *  16  int64  sequence id: in order for logged records; -1 control records; -2 the checkpoint to recover from
 * </pre>
 * Confirmed against upstream {@code AmbrosiaLib/Ambrosia/Program.cs}: the committer writes the header with
 * {@code WriteIntFixed}/{@code WriteULongFixed}/{@code WriteLongFixed} (little-endian, low byte first, in
 * {@code SharedAmbrosiaTools/SharedAmbrosiaTools.cs}); the check is {@code CheckBytesxxHash64(buf, HeaderSize,
 * length - HeaderSize)}, the unsigned 64-bit hash of exactly the body, stored as a plain little-endian int64 (so
 * {@code buffer.getLong(offset + 8, LITTLE_ENDIAN)} equals the hash as a Java long). Control requests
 * ({@code QuiesceServiceWithSendCheckpointRequest}, {@code SendUpgradeRequest}, {@code SendBecomePrimaryRequest})
 * are records with sequence id -1 holding one no-data message, hashed like any other.
 * {@code SendCheckpointToRecoverFrom} writes check bytes 0 and sequence id -2, a body that is the Checkpoint
 * message alone ({@code totalSize = 24 + message length}), and then the blob, outside the record's size.
 * (Upstream's on-disk log stores the size as {@code -size - 1} to flag xxHash; that form never reaches a
 * service, and the header comment in upstream's {@code Committer} lists the fields in a wrong order.)
 * <p>
 * Static methods, no allocation; the hash needs a per-thread {@link AmbrosiaChecksum}.
 */
public final class AmbrosiaRecord
{
    /** Bytes of the header. */
    public static final int HEADER_LENGTH = 24;
    /** Offset of the int32 committer id. */
    public static final int COMMITTER_ID_OFFSET = 0;
    /** Offset of the int32 total size. */
    public static final int TOTAL_SIZE_OFFSET = 4;
    /** Offset of the int64 check bytes. */
    public static final int CHECK_OFFSET = 8;
    /** Offset of the int64 sequence id. */
    public static final int SEQUENCE_ID_OFFSET = 16;
    /** Sequence id of control records (TakeCheckpoint and friends). */
    public static final long CONTROL_SEQUENCE_ID = -1L;
    /** Sequence id of the record carrying the checkpoint to recover from; its check bytes are 0. */
    public static final long CHECKPOINT_SEQUENCE_ID = -2L;
    /** A default bound on a record's total size for {@link #verify}. */
    public static final int DEFAULT_MAX_RECORD_LENGTH = 16 * 1024 * 1024;
    /** Byte order of every header field. */
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;

    private AmbrosiaRecord()
    {
    }

    /**
     * Write the header of a record whose body ({@code totalSize - 24} bytes of messages) is already in place
     * after it, hashing that body into the check bytes.
     *
     * @param sequenceId -1 or more (use {@link #writeCheckpointHeader} for -2).
     * @return totalSize, or {@link AmbrosiaWireStatus#INVALID_ARGUMENT} (totalSize below 24, sequence id below
     * -1), or {@link AmbrosiaWireStatus#NO_SPACE} (the record does not lie inside the buffer).
     */
    public static int encodeHeader(
        final MutableDirectBuffer buffer,
        final int offset,
        final int committerId,
        final int totalSize,
        final long sequenceId,
        final AmbrosiaChecksum checksum)
    {
        if (totalSize < HEADER_LENGTH || sequenceId < CONTROL_SEQUENCE_ID)
        {
            return INVALID_ARGUMENT;
        }
        if (!AmbrosiaWireStatus.inBounds(offset, totalSize, buffer.capacity()))
        {
            return NO_SPACE;
        }
        final long check = checksum.hash(buffer, offset + HEADER_LENGTH, totalSize - HEADER_LENGTH);
        putHeader(buffer, offset, committerId, totalSize, check, sequenceId);
        return totalSize;
    }

    /**
     * Write the header of the record that carries the checkpoint a service recovers from: sequence id -2, check
     * bytes 0. The body is the Checkpoint message ({@link AmbrosiaCheckpointLength#writeMessage}); the blob
     * follows the record and is not counted in totalSize.
     *
     * @param totalSize 24 + the Checkpoint message's length.
     * @return totalSize, {@link AmbrosiaWireStatus#INVALID_ARGUMENT} or {@link AmbrosiaWireStatus#NO_SPACE}.
     */
    public static int writeCheckpointHeader(
        final MutableDirectBuffer buffer, final int offset, final int committerId, final int totalSize)
    {
        if (totalSize < HEADER_LENGTH)
        {
            return INVALID_ARGUMENT;
        }
        if (!AmbrosiaWireStatus.inBounds(offset, totalSize, buffer.capacity()))
        {
            return NO_SPACE;
        }
        putHeader(buffer, offset, committerId, totalSize, 0L, CHECKPOINT_SEQUENCE_ID);
        return totalSize;
    }

    /**
     * Check a whole record that starts at offset.
     *
     * @param available       bytes from offset that belong to the caller (the record must lie within them).
     * @param maxRecordLength largest total size accepted.
     * @return the record's total size (&gt; 0) when it is sound, else a negative {@link AmbrosiaWireStatus}:
     * {@code OUT_OF_BOUNDS}, {@code RECORD_TRUNCATED} (fewer than 24 bytes available),
     * {@code RECORD_SIZE_TOO_SMALL}, {@code RECORD_TOO_LARGE}, {@code RECORD_SIZE_PAST_END},
     * {@code RECORD_BAD_SEQUENCE_ID}, {@code RECORD_CHECKPOINT_CHECK_NOT_ZERO} or {@code RECORD_CHECK_MISMATCH}.
     */
    public static int verify(
        final DirectBuffer buffer,
        final int offset,
        final int available,
        final int maxRecordLength,
        final AmbrosiaChecksum checksum)
    {
        if (!AmbrosiaWireStatus.inBounds(offset, available, buffer.capacity()))
        {
            return OUT_OF_BOUNDS;
        }
        if (available < HEADER_LENGTH)
        {
            return RECORD_TRUNCATED;
        }
        final int totalSize = totalSize(buffer, offset);
        if (totalSize < HEADER_LENGTH)
        {
            return RECORD_SIZE_TOO_SMALL;
        }
        if (totalSize > maxRecordLength)
        {
            return RECORD_TOO_LARGE;
        }
        if (totalSize > available)
        {
            return RECORD_SIZE_PAST_END;
        }
        final long sequenceId = sequenceId(buffer, offset);
        final long check = checkBytes(buffer, offset);
        if (sequenceId < CHECKPOINT_SEQUENCE_ID)
        {
            return RECORD_BAD_SEQUENCE_ID;
        }
        if (sequenceId == CHECKPOINT_SEQUENCE_ID)
        {
            return check == 0L ? totalSize : RECORD_CHECKPOINT_CHECK_NOT_ZERO;
        }
        if (check != checksum.hash(buffer, offset + HEADER_LENGTH, totalSize - HEADER_LENGTH))
        {
            return RECORD_CHECK_MISMATCH;
        }
        return totalSize;
    }

    /**
     * @return the committer id; the caller has checked that the header is in the buffer.
     */
    public static int committerId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + COMMITTER_ID_OFFSET, BYTE_ORDER);
    }

    /**
     * @return the total size field; the caller has checked that the header is in the buffer.
     */
    public static int totalSize(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + TOTAL_SIZE_OFFSET, BYTE_ORDER);
    }

    /**
     * @return the check bytes as a little-endian int64; the caller has checked that the header is in the buffer.
     */
    public static long checkBytes(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + CHECK_OFFSET, BYTE_ORDER);
    }

    /**
     * @return the sequence id; the caller has checked that the header is in the buffer.
     */
    public static long sequenceId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + SEQUENCE_ID_OFFSET, BYTE_ORDER);
    }

    private static void putHeader(
        final MutableDirectBuffer buffer,
        final int offset,
        final int committerId,
        final int totalSize,
        final long check,
        final long sequenceId)
    {
        buffer.putInt(offset + COMMITTER_ID_OFFSET, committerId, BYTE_ORDER);
        buffer.putInt(offset + TOTAL_SIZE_OFFSET, totalSize, BYTE_ORDER);
        buffer.putLong(offset + CHECK_OFFSET, check, BYTE_ORDER);
        buffer.putLong(offset + SEQUENCE_ID_OFFSET, sequenceId, BYTE_ORDER);
    }
}
