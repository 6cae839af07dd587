package io.boomscooter.engine.service;

import io.boomscooter.engine.family.FamilyLog;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The one member message of the service family (SBE header, schema {@link ServiceHost#SCHEMA_ID}): a node
 * that holds a service's outputs but does not lead (an AMBROSIA coordinator's node) sends each to the leader,
 * which appends it with {@link FamilyLog#appendEntry}'s deduplication; re-sends until the sender reads it
 * committed are harmless. Little-endian:
 * <pre>
 *   0 u16 block length (24)   2 u16 template (1)   4 u16 schema (301)   6 u16 version (1)
 *   8 i32 log id   12 u16 channel length   14 u16 0   16 i64 producer id   24 i64 producer seqno
 *  32 channel, then the payload
 * </pre>
 */
final class OutputForwarding
{
    static final int TEMPLATE_ID = 1;
    static final int TRIM_POINT_TEMPLATE_ID = 2;
    static final int TRIM_POINT_LENGTH = 24;
    static final int VERSION = 1;
    static final int BLOCK_LENGTH = 24;
    static final int HEADER_LENGTH = 8 + BLOCK_LENGTH;

    private OutputForwarding()
    {
    }

    /**
     * @return the message's length.
     */
    static int encode(final MutableDirectBuffer dst, final int logId, final long producerId, final long producerSeqno,
        final DirectBuffer src, final int channelOffset, final int channelLength, final int payloadOffset,
        final int payloadLength)
    {
        dst.putShort(0, (short)BLOCK_LENGTH, ByteOrder.LITTLE_ENDIAN);
        dst.putShort(2, (short)TEMPLATE_ID, ByteOrder.LITTLE_ENDIAN);
        dst.putShort(4, (short)ServiceHost.SCHEMA_ID, ByteOrder.LITTLE_ENDIAN);
        dst.putShort(6, (short)VERSION, ByteOrder.LITTLE_ENDIAN);
        dst.putInt(8, logId, ByteOrder.LITTLE_ENDIAN);
        dst.putShort(12, (short)channelLength, ByteOrder.LITTLE_ENDIAN);
        dst.putShort(14, (short)0, ByteOrder.LITTLE_ENDIAN);
        dst.putLong(16, producerId, ByteOrder.LITTLE_ENDIAN);
        dst.putLong(24, producerSeqno, ByteOrder.LITTLE_ENDIAN);
        dst.putBytes(HEADER_LENGTH, src, channelOffset, channelLength);
        dst.putBytes(HEADER_LENGTH + channelLength, src, payloadOffset, payloadLength);
        return HEADER_LENGTH + channelLength + payloadLength;
    }

    /**
     * The leader's trim point (template 2): {@code 0 u16 16, 2 u16 2, 4 u16 301, 6 u16 1, 8 i32 log id, 12 i32 0,
     * 16 i64 seqno} — every member holds the log up to it, so no member's catch-up needs what is below.
     *
     * @return the message's length.
     */
    static int encodeTrimPoint(final MutableDirectBuffer dst, final int logId, final long seqno)
    {
        dst.putShort(0, (short)16, ByteOrder.LITTLE_ENDIAN);
        dst.putShort(2, (short)TRIM_POINT_TEMPLATE_ID, ByteOrder.LITTLE_ENDIAN);
        dst.putShort(4, (short)ServiceHost.SCHEMA_ID, ByteOrder.LITTLE_ENDIAN);
        dst.putShort(6, (short)VERSION, ByteOrder.LITTLE_ENDIAN);
        dst.putInt(8, logId, ByteOrder.LITTLE_ENDIAN);
        dst.putInt(12, 0, ByteOrder.LITTLE_ENDIAN);
        dst.putLong(16, seqno, ByteOrder.LITTLE_ENDIAN);
        return TRIM_POINT_LENGTH;
    }

    /**
     * @return the template id of a service-family message, or -1 when it is too short to have one.
     */
    static int templateId(final DirectBuffer buffer, final int offset, final int length)
    {
        return length < 8 ? -1 : buffer.getShort(offset + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    /**
     * @return the trim point a well-formed message carries, or -1 (too short, another log, other version).
     */
    static long trimPoint(final DirectBuffer buffer, final int offset, final int length, final int logId)
    {
        if (length < TRIM_POINT_LENGTH || (buffer.getShort(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF) != 16 ||
            (buffer.getShort(offset + 6, ByteOrder.LITTLE_ENDIAN) & 0xFFFF) != VERSION ||
            buffer.getInt(offset + 8, ByteOrder.LITTLE_ENDIAN) != logId)
        {
            return -1;
        }
        final long seqno = buffer.getLong(offset + 16, ByteOrder.LITTLE_ENDIAN);
        return seqno < 0 ? -1 : seqno;
    }

    /**
     * Checks a forwarded output and appends it when this node leads the log.
     *
     * @return null when appended, a duplicate, or not for this node to append; else why it was refused.
     */
    static String onMessage(final DirectBuffer buffer, final int offset, final int length, final FamilyLog log)
    {
        if (length < HEADER_LENGTH)
        {
            return "forwarded output shorter than its header";
        }
        if ((buffer.getShort(offset + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF) != TEMPLATE_ID ||
            (buffer.getShort(offset + 6, ByteOrder.LITTLE_ENDIAN) & 0xFFFF) != VERSION ||
            (buffer.getShort(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF) != BLOCK_LENGTH)
        {
            return "unknown service-family message (template, version or block length)";
        }
        final int channelLength = buffer.getShort(offset + 12, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (HEADER_LENGTH + channelLength > length)
        {
            return "forwarded output's channel runs past its end";
        }
        if (null == log || buffer.getInt(offset + 8, ByteOrder.LITTLE_ENDIAN) != log.logId())
        {
            return "forwarded output for a log the services do not use";
        }
        if (!log.isLeader())
        {
            return null; // a stale leader id at the sender: it re-sends to the right one
        }
        final long result = log.appendEntry(buffer.getLong(offset + 16, ByteOrder.LITTLE_ENDIAN),
            buffer.getLong(offset + 24, ByteOrder.LITTLE_ENDIAN), buffer, offset + HEADER_LENGTH, channelLength,
            offset + HEADER_LENGTH + channelLength, length - HEADER_LENGTH - channelLength);
        return result == FamilyLog.REFUSED ? "forwarded output refused by the log (too large, or the log is full)" :
            null;
    }
}
