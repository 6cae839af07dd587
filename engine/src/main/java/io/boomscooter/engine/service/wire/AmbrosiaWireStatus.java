package io.boomscooter.engine.service.wire;

/**
 * The status codes every decoder and writer in this package returns, and their constant reason strings.
 * Errors are negative and shared across classes, so a code alone says what was wrong:
 * {@link #reason(int)} never builds a string. Non-negative results mean different things per method (bytes
 * consumed, bytes written, {@link #OK}, {@link #NEED_MORE}); each method says which.
 */
public final class AmbrosiaWireStatus
{
    /** A decode succeeded (for methods that return no byte count). */
    public static final int OK = 1;

    /** The bytes end before the value does, and more may come: not (yet) malformed. */
    public static final int NEED_MORE = 0;

    /** A ZigZag varint sets the continuation bit on its 5th (int32) or 10th (int64) byte. */
    public static final int VARINT_TOO_LONG = -1;
    /** The last byte of a 5-byte int32 (or 10-byte int64) varint sets bits beyond 32 (or 64) bits. */
    public static final int VARINT_OVERFLOW = -2;
    /** An offset, length or limit lies outside the buffer (a caller error, reported rather than thrown). */
    public static final int OUT_OF_BOUNDS = -3;
    /** A varint runs past the end of a range that will not grow (inside a record or message). */
    public static final int VARINT_TRUNCATED = -4;
    /** A message size is 0 or negative: there is no type byte. */
    public static final int MESSAGE_SIZE_NOT_POSITIVE = -5;
    /** A message size runs past the end of its range. */
    public static final int MESSAGE_PAST_END = -6;
    /** A message type byte is not one of 0..15. */
    public static final int UNKNOWN_MESSAGE_TYPE = -7;
    /** RPC data ends inside its reserved byte, method id or call kind byte. */
    public static final int RPC_TRUNCATED = -8;
    /** The RPC reserved byte is not 0 (C# clients use 1..3 for return values, which this codec refuses). */
    public static final int RPC_RESERVED_NOT_ZERO = -9;
    /** The RPC call kind byte is not 0 (async), 1 (fork) or 2 (impulse). */
    public static final int RPC_BAD_KIND = -10;
    /** An outgoing RPC's destination length is negative. */
    public static final int DESTINATION_LENGTH_NEGATIVE = -11;
    /** An outgoing RPC's destination runs past the end of the data. */
    public static final int DESTINATION_PAST_END = -12;
    /** An RPC batch count is negative. */
    public static final int BATCH_COUNT_NEGATIVE = -13;
    /** A CountReplayableRPCBatch replayable count is outside {@code 0..count}. */
    public static final int BATCH_REPLAYABLE_COUNT_INVALID = -14;
    /** An RPC batch count is more than its bytes could hold (every message takes 2 bytes at least). */
    public static final int BATCH_COUNT_TOO_LARGE = -15;
    /** An RPC batch's bytes do not hold exactly {@code count} messages. */
    public static final int BATCH_MESSAGE_COUNT_MISMATCH = -16;
    /** An RPC batch holds a message that is not an RPC. */
    public static final int BATCH_NOT_RPC = -17;
    /** A message type that is not a batch was given to the batch decoder. */
    public static final int NOT_A_BATCH = -18;
    /** A checkpoint (blob) length is negative. */
    public static final int CHECKPOINT_LENGTH_NEGATIVE = -19;
    /** Checkpoint message data ends inside its length field. */
    public static final int CHECKPOINT_LENGTH_TRUNCATED = -20;
    /** Checkpoint message data holds bytes after its length field. */
    public static final int CHECKPOINT_DATA_TRAILING = -21;
    /** Fewer than 24 bytes: not even a record header. */
    public static final int RECORD_TRUNCATED = -22;
    /** A record's size field is below 24, the header's own length. */
    public static final int RECORD_SIZE_TOO_SMALL = -23;
    /** A record's size field is above the maximum allowed. */
    public static final int RECORD_TOO_LARGE = -24;
    /** A record's size field runs past the bytes available. */
    public static final int RECORD_SIZE_PAST_END = -25;
    /** A record's check bytes are not xxHash64 (seed 0) of its body. */
    public static final int RECORD_CHECK_MISMATCH = -26;
    /** A checkpoint record (sequence id -2) has check bytes other than 0. */
    public static final int RECORD_CHECKPOINT_CHECK_NOT_ZERO = -27;
    /** A record's sequence id is below -2 (-1 marks control records, -2 the checkpoint to recover from). */
    public static final int RECORD_BAD_SEQUENCE_ID = -28;
    /** The bytes to write do not fit before the limit. */
    public static final int NO_SPACE = -29;
    /** An argument to a writer is outside its legal range (negative length, unknown type or call kind). */
    public static final int INVALID_ARGUMENT = -30;

    public static final String R_OK = "ok";
    public static final String R_NEED_MORE = "need more bytes";
    public static final String R_VARINT_TOO_LONG =
        "ZigZag varint too long (a 6th byte for an int32, an 11th for an int64)";
    public static final String R_VARINT_OVERFLOW = "ZigZag varint's last byte sets bits beyond the value's width";
    public static final String R_OUT_OF_BOUNDS = "offset, length or limit outside the buffer";
    public static final String R_VARINT_TRUNCATED = "ZigZag varint runs past the end of its range";
    public static final String R_MESSAGE_SIZE_NOT_POSITIVE = "message size 0 or negative (no type byte)";
    public static final String R_MESSAGE_PAST_END = "message size runs past the end of its range";
    public static final String R_UNKNOWN_MESSAGE_TYPE = "unknown message type (not 0..15)";
    public static final String R_RPC_TRUNCATED = "RPC data ends inside its reserved byte, method id or kind byte";
    public static final String R_RPC_RESERVED_NOT_ZERO =
        "RPC reserved byte not 0 (return-value RPCs are not supported)";
    public static final String R_RPC_BAD_KIND = "RPC call kind not 0 (async), 1 (fork) or 2 (impulse)";
    public static final String R_DESTINATION_LENGTH_NEGATIVE = "RPC destination length negative";
    public static final String R_DESTINATION_PAST_END = "RPC destination runs past the end of the data";
    public static final String R_BATCH_COUNT_NEGATIVE = "RPC batch count negative";
    public static final String R_BATCH_REPLAYABLE_COUNT_INVALID = "RPC batch replayable count outside 0..count";
    public static final String R_BATCH_COUNT_TOO_LARGE = "RPC batch count larger than its bytes can hold";
    public static final String R_BATCH_MESSAGE_COUNT_MISMATCH = "RPC batch does not hold exactly count messages";
    public static final String R_BATCH_NOT_RPC = "RPC batch holds a message that is not an RPC";
    public static final String R_NOT_A_BATCH = "message type is not RPCBatch or CountReplayableRPCBatch";
    public static final String R_CHECKPOINT_LENGTH_NEGATIVE = "checkpoint length negative";
    public static final String R_CHECKPOINT_LENGTH_TRUNCATED = "checkpoint message data ends inside its length";
    public static final String R_CHECKPOINT_DATA_TRAILING = "checkpoint message data has bytes after its length";
    public static final String R_RECORD_TRUNCATED = "fewer than 24 bytes: no whole record header";
    public static final String R_RECORD_SIZE_TOO_SMALL = "record size below the 24-byte header";
    public static final String R_RECORD_TOO_LARGE = "record size above the maximum";
    public static final String R_RECORD_SIZE_PAST_END = "record size runs past the bytes available";
    public static final String R_RECORD_CHECK_MISMATCH = "record check bytes are not xxHash64 of its body";
    public static final String R_RECORD_CHECKPOINT_CHECK_NOT_ZERO = "checkpoint record (sequence id -2) check not 0";
    public static final String R_RECORD_BAD_SEQUENCE_ID = "record sequence id below -2";
    public static final String R_NO_SPACE = "does not fit before the limit";
    public static final String R_INVALID_ARGUMENT = "argument outside its legal range";
    public static final String R_UNKNOWN_STATUS = "unknown status";

    private AmbrosiaWireStatus()
    {
    }

    /**
     * @param status a code returned by this package.
     * @return a constant string: the reason for a negative code, {@link #R_NEED_MORE} for 0, {@link #R_OK} for
     * any positive value (a byte count or {@link #OK}).
     */
    public static String reason(final int status)
    {
        if (status > 0)
        {
            return R_OK;
        }
        switch (status)
        {
            case NEED_MORE: return R_NEED_MORE;
            case VARINT_TOO_LONG: return R_VARINT_TOO_LONG;
            case VARINT_OVERFLOW: return R_VARINT_OVERFLOW;
            case OUT_OF_BOUNDS: return R_OUT_OF_BOUNDS;
            case VARINT_TRUNCATED: return R_VARINT_TRUNCATED;
            case MESSAGE_SIZE_NOT_POSITIVE: return R_MESSAGE_SIZE_NOT_POSITIVE;
            case MESSAGE_PAST_END: return R_MESSAGE_PAST_END;
            case UNKNOWN_MESSAGE_TYPE: return R_UNKNOWN_MESSAGE_TYPE;
            case RPC_TRUNCATED: return R_RPC_TRUNCATED;
            case RPC_RESERVED_NOT_ZERO: return R_RPC_RESERVED_NOT_ZERO;
            case RPC_BAD_KIND: return R_RPC_BAD_KIND;
            case DESTINATION_LENGTH_NEGATIVE: return R_DESTINATION_LENGTH_NEGATIVE;
            case DESTINATION_PAST_END: return R_DESTINATION_PAST_END;
            case BATCH_COUNT_NEGATIVE: return R_BATCH_COUNT_NEGATIVE;
            case BATCH_REPLAYABLE_COUNT_INVALID: return R_BATCH_REPLAYABLE_COUNT_INVALID;
            case BATCH_COUNT_TOO_LARGE: return R_BATCH_COUNT_TOO_LARGE;
            case BATCH_MESSAGE_COUNT_MISMATCH: return R_BATCH_MESSAGE_COUNT_MISMATCH;
            case BATCH_NOT_RPC: return R_BATCH_NOT_RPC;
            case NOT_A_BATCH: return R_NOT_A_BATCH;
            case CHECKPOINT_LENGTH_NEGATIVE: return R_CHECKPOINT_LENGTH_NEGATIVE;
            case CHECKPOINT_LENGTH_TRUNCATED: return R_CHECKPOINT_LENGTH_TRUNCATED;
            case CHECKPOINT_DATA_TRAILING: return R_CHECKPOINT_DATA_TRAILING;
            case RECORD_TRUNCATED: return R_RECORD_TRUNCATED;
            case RECORD_SIZE_TOO_SMALL: return R_RECORD_SIZE_TOO_SMALL;
            case RECORD_TOO_LARGE: return R_RECORD_TOO_LARGE;
            case RECORD_SIZE_PAST_END: return R_RECORD_SIZE_PAST_END;
            case RECORD_CHECK_MISMATCH: return R_RECORD_CHECK_MISMATCH;
            case RECORD_CHECKPOINT_CHECK_NOT_ZERO: return R_RECORD_CHECKPOINT_CHECK_NOT_ZERO;
            case RECORD_BAD_SEQUENCE_ID: return R_RECORD_BAD_SEQUENCE_ID;
            case NO_SPACE: return R_NO_SPACE;
            case INVALID_ARGUMENT: return R_INVALID_ARGUMENT;
            default: return R_UNKNOWN_STATUS;
        }
    }

    /**
     * @return true when {@code 0 <= offset <= offset + length <= capacity}, computed without int overflow.
     */
    static boolean inBounds(final int offset, final int length, final int capacity)
    {
        return offset >= 0 && length >= 0 && offset <= capacity - length;
    }
}
