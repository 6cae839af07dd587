package io.boomscooter.engine.service;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The bytes of one service checkpoint file (docs/services.md), little-endian:
 * <pre>
 *   0  i32  magic "BSCP"
 *   4  i32  version (1)
 *   8  i64  seqno: the last log seqno the state includes
 *  16  i64  outputs made so far (the next output is this + 1)
 *  24  i64  async calls made so far (the next call id is this + 1)
 *  32  i64  calls handled so far
 *  40  i32  name length      44  i32 pending-output bytes     48  i32 state bytes     52  i32 0
 *  56  name, pending outputs ({@link OutputQueue} records), state
 *  end i32  CRC-32C of everything before it
 * </pre>
 */
final class CheckpointFile
{
    static final int MAGIC = 0x50435342; // "BSCP" little-endian
    static final int VERSION = 1;
    static final int HEADER_LENGTH = 56;
    static final int TRAILER_LENGTH = 4;
    static final int SEQNO_OFFSET = 8;
    static final int OUTPUTS_OFFSET = 16;
    static final int CALLS_MADE_OFFSET = 24;
    static final int CALLS_HANDLED_OFFSET = 32;
    static final int NAME_LENGTH_OFFSET = 40;
    static final int PENDING_LENGTH_OFFSET = 44;
    static final int STATE_LENGTH_OFFSET = 48;

    private DirectBuffer buffer;
    private int offset;
    private String reason;

    static void putHeader(final MutableDirectBuffer dst, final long seqno, final long outputs, final long callsMade,
        final long callsHandled, final int nameLength, final int pendingLength, final int stateLength)
    {
        dst.putInt(0, MAGIC, ByteOrder.LITTLE_ENDIAN);
        dst.putInt(4, VERSION, ByteOrder.LITTLE_ENDIAN);
        dst.putLong(SEQNO_OFFSET, seqno, ByteOrder.LITTLE_ENDIAN);
        dst.putLong(OUTPUTS_OFFSET, outputs, ByteOrder.LITTLE_ENDIAN);
        dst.putLong(CALLS_MADE_OFFSET, callsMade, ByteOrder.LITTLE_ENDIAN);
        dst.putLong(CALLS_HANDLED_OFFSET, callsHandled, ByteOrder.LITTLE_ENDIAN);
        dst.putInt(NAME_LENGTH_OFFSET, nameLength, ByteOrder.LITTLE_ENDIAN);
        dst.putInt(PENDING_LENGTH_OFFSET, pendingLength, ByteOrder.LITTLE_ENDIAN);
        dst.putInt(STATE_LENGTH_OFFSET, stateLength, ByteOrder.LITTLE_ENDIAN);
        dst.putInt(52, 0, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Writes the CRC after {@code bodyLength} bytes (header and sections).
     *
     * @return the file's whole length.
     */
    static int seal(final MutableDirectBuffer dst, final int bodyLength, final CRC32C crc, final byte[] scratch)
    {
        crc.reset();
        for (int at = 0; at < bodyLength; at += scratch.length)
        {
            final int n = Math.min(scratch.length, bodyLength - at);
            dst.getBytes(at, scratch, 0, n);
            crc.update(scratch, 0, n);
        }
        dst.putInt(bodyLength, (int)crc.getValue(), ByteOrder.LITTLE_ENDIAN);
        return bodyLength + TRAILER_LENGTH;
    }

    /**
     * @return true when the bytes are a whole, intact checkpoint of {@code name}; else {@link #reason()}.
     */
    boolean wrap(final DirectBuffer buffer, final int offset, final int length, final String name)
    {
        this.buffer = buffer;
        this.offset = offset;
        if (length < HEADER_LENGTH + TRAILER_LENGTH)
        {
            reason = "shorter than a checkpoint header";
            return false;
        }
        if (buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN) != MAGIC)
        {
            reason = "not a checkpoint file (magic)";
            return false;
        }
        if (buffer.getInt(offset + 4, ByteOrder.LITTLE_ENDIAN) != VERSION)
        {
            reason = "unknown checkpoint version " + buffer.getInt(offset + 4, ByteOrder.LITTLE_ENDIAN);
            return false;
        }
        final long sections = (long)nameLength() + pendingLength() + stateLength();
        if (nameLength() < 0 || pendingLength() < 0 || stateLength() < 0 ||
            HEADER_LENGTH + sections + TRAILER_LENGTH != length)
        {
            reason = "section lengths do not match the file length";
            return false;
        }
        final byte[] bytes = new byte[length - TRAILER_LENGTH];
        buffer.getBytes(offset, bytes);
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length);
        if ((int)crc.getValue() != buffer.getInt(offset + length - TRAILER_LENGTH, ByteOrder.LITTLE_ENDIAN))
        {
            reason = "CRC-32C mismatch (torn or corrupt)";
            return false;
        }
        final String stored = buffer.getStringWithoutLengthAscii(offset + HEADER_LENGTH, nameLength());
        if (!stored.equals(name))
        {
            reason = "checkpoint of service '" + stored + "', not '" + name + "'";
            return false;
        }
        reason = null;
        return true;
    }

    String reason()
    {
        return reason;
    }

    long seqno()
    {
        return buffer.getLong(offset + SEQNO_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    long outputs()
    {
        return buffer.getLong(offset + OUTPUTS_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    long callsMade()
    {
        return buffer.getLong(offset + CALLS_MADE_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    long callsHandled()
    {
        return buffer.getLong(offset + CALLS_HANDLED_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    int nameLength()
    {
        return buffer.getInt(offset + NAME_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    int pendingLength()
    {
        return buffer.getInt(offset + PENDING_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    int stateLength()
    {
        return buffer.getInt(offset + STATE_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    int pendingOffset()
    {
        return offset + HEADER_LENGTH + nameLength();
    }

    int stateOffset()
    {
        return pendingOffset() + pendingLength();
    }
}
