package io.boomscooter.engine.service;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * A service's outputs (calls it made) that the log does not hold yet, in output-number order: the leader
 * appends them from here, every node releases them when it reads them committed, and a checkpoint carries
 * them so a recovered service still sends what it owed. Records, 8-byte aligned, little-endian:
 * {@code i32 record length, i32 channel length, i64 output number, i32 payload length, i32 0, channel, payload}.
 * Grows while warming up, then never allocates.
 */
final class OutputQueue
{
    static final int RECORD_HEADER_LENGTH = 24;
    private static final int CHANNEL_LENGTH_OFFSET = 4;
    private static final int SEQ_OFFSET = 8;
    private static final int PAYLOAD_LENGTH_OFFSET = 16;

    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(64 * 1024);
    private int head;
    private int tail;
    private int count;
    private int openOffset = -1;

    MutableDirectBuffer buffer()
    {
        return buffer;
    }

    int count()
    {
        return count;
    }

    boolean isEmpty()
    {
        return head == tail;
    }

    /**
     * Starts a record; write the channel at the returned offset and the payload right after it, then {@link #end}.
     *
     * @return the channel's offset.
     */
    int begin(final long outputSeq, final int channelLength)
    {
        openOffset = tail;
        buffer.putInt(tail + CHANNEL_LENGTH_OFFSET, channelLength, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(tail + SEQ_OFFSET, outputSeq, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(tail + 20, 0, ByteOrder.LITTLE_ENDIAN);
        return tail + RECORD_HEADER_LENGTH;
    }

    void end(final int payloadLength)
    {
        final int channelLength = buffer.getInt(openOffset + CHANNEL_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
        final int length = RECORD_HEADER_LENGTH + channelLength + payloadLength;
        buffer.putInt(openOffset + PAYLOAD_LENGTH_OFFSET, payloadLength, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(openOffset, length, ByteOrder.LITTLE_ENDIAN);
        tail = openOffset + BitUtil.align(length, 8);
        openOffset = -1;
        count++;
    }

    /**
     * Drops every record numbered up to {@code outputSeq} from the front (the log holds them).
     */
    void release(final long outputSeq)
    {
        while (head < tail && seq(head) <= outputSeq)
        {
            head += BitUtil.align(buffer.getInt(head, ByteOrder.LITTLE_ENDIAN), 8);
            count--;
        }
        if (head == tail)
        {
            head = 0;
            tail = 0;
        }
        else if (head >= tail - head && head >= 64 * 1024)
        {
            // the live part fits before head: move it down without overlap
            buffer.putBytes(0, buffer, head, tail - head);
            tail -= head;
            head = 0;
        }
    }

    /**
     * @return the offset of the record numbered {@code outputSeq}, or -1.
     */
    int find(final long outputSeq)
    {
        if (head == tail)
        {
            return -1;
        }
        final long first = seq(head);
        if (outputSeq < first)
        {
            return -1;
        }
        // records are numbered contiguously, but sizes vary: walk (short in practice: the log keeps up)
        int at = head;
        while (at < tail)
        {
            final long seq = seq(at);
            if (seq == outputSeq)
            {
                return at;
            }
            if (seq > outputSeq)
            {
                return -1;
            }
            at += BitUtil.align(buffer.getInt(at, ByteOrder.LITTLE_ENDIAN), 8);
        }
        return -1;
    }

    /**
     * @return the offset of the record after the one at {@code offset}, or -1 at the end.
     */
    int next(final int offset)
    {
        final int at = offset + BitUtil.align(buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN), 8);
        return at < tail ? at : -1;
    }

    /**
     * @return the number of the oldest held output; only when not {@link #isEmpty()}.
     */
    long firstSeq()
    {
        return seq(head);
    }

    long seq(final int offset)
    {
        return buffer.getLong(offset + SEQ_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    int channelOffset(final int offset)
    {
        return offset + RECORD_HEADER_LENGTH;
    }

    int channelLength(final int offset)
    {
        return buffer.getInt(offset + CHANNEL_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    int payloadOffset(final int offset)
    {
        return offset + RECORD_HEADER_LENGTH + channelLength(offset);
    }

    int payloadLength(final int offset)
    {
        return buffer.getInt(offset + PAYLOAD_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @return bytes of the live records, for a checkpoint ({@link #copyTo}).
     */
    int liveLength()
    {
        return tail - head;
    }

    void copyTo(final MutableDirectBuffer dst, final int offset)
    {
        dst.putBytes(offset, buffer, head, tail - head);
    }

    /**
     * Replaces the contents with records a checkpoint carried.
     *
     * @return null, or why the bytes are not a record sequence.
     */
    String restore(final DirectBuffer src, final int offset, final int length)
    {
        head = 0;
        tail = 0;
        count = 0;
        int at = 0;
        while (at < length)
        {
            if (length - at < RECORD_HEADER_LENGTH)
            {
                return "pending outputs: truncated record header";
            }
            final int recordLength = src.getInt(offset + at, ByteOrder.LITTLE_ENDIAN);
            final int channelLength = src.getInt(offset + at + CHANNEL_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
            final int payloadLength = src.getInt(offset + at + PAYLOAD_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
            if (channelLength < 0 || payloadLength < 0 ||
                (long)RECORD_HEADER_LENGTH + channelLength + payloadLength != recordLength ||
                at + (long)BitUtil.align(recordLength, 8) > length)
            {
                return "pending outputs: record lengths do not add up";
            }
            at += BitUtil.align(recordLength, 8);
            count++;
        }
        buffer.putBytes(0, src, offset, length);
        tail = length;
        return null;
    }
}
