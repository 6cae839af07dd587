package io.boomscooter.engine.ring;

import io.boomscooter.engine.log.FrameTypes;
import io.boomscooter.engine.log.LogConfig;
import io.boomscooter.engine.log.LogFormat;
import io.boomscooter.engine.log.LogReader;
import io.boomscooter.engine.log.LogWriter;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * A ring server's own log of every message it accepted, in the order it accepted them: the outbox its peer
 * links forward from, the source of its access.log lines, and what a restarted server rebuilds its
 * duplicate filter from. It is a Boomscooter log (memory-mapped segments, CRC32C per frame), so a kill -9
 * loses nothing the server answered {@code ok} for. One frame of type {@link #FRAME_TYPE} per message:
 * <pre>
 *   0  int32  origin   index of the server a client gave the message to
 *   4  int64  seq      that server's number for it, from 1
 *  12  uint8  count    forwards (0..2), then per forward: uint8 offset around the ring, uint8 wrapping byte
 *  17  uint16 length   of the text, then the text (printable ASCII)
 * </pre>
 */
final class RingJournal implements AutoCloseable
{
    static final int FRAME_TYPE = 0x0300;
    static final int ORIGIN_OFFSET = 0;
    static final int SEQ_OFFSET = 4;
    static final int COUNT_OFFSET = 12;
    static final int ROUTES_OFFSET = 13;
    static final int TEXT_LENGTH_OFFSET = 17;
    static final int TEXT_OFFSET = 19;

    static
    {
        FrameTypes.register(FRAME_TYPE, "ring.message");
    }

    private final LogWriter writer;
    private final Path dir;

    RingJournal(final Path dir, final int segmentLength)
    {
        this.dir = dir;
        this.writer = LogWriter.open(dir, new LogConfig().segmentLength(segmentLength).preallocateOnAppend(false));
    }

    Path dir()
    {
        return dir;
    }

    /**
     * @return a new reader over the journal (a peer link's cursor, the access logger's, a recovery scan).
     */
    LogReader openReader()
    {
        return LogReader.open(dir);
    }

    long lastSeqno()
    {
        return writer.lastSeqno();
    }

    /**
     * Appends one message with the forwards decided for it. Allocation-free.
     *
     * @return its journal seqno.
     */
    long append(final int origin, final long seq, final RingRoutes routes, final DirectBuffer text,
        final int textOffset, final int textLength, final long nowNs)
    {
        final int at = writer.claim(FRAME_TYPE, 0, nowNs, TEXT_OFFSET + textLength);
        final MutableDirectBuffer buffer = writer.claimBuffer();
        buffer.putInt(at + ORIGIN_OFFSET, origin, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(at + SEQ_OFFSET, seq, ByteOrder.LITTLE_ENDIAN);
        final int count = routes.count();
        buffer.putByte(at + COUNT_OFFSET, (byte)count);
        for (int i = 0; i < 2; i++)
        {
            buffer.putByte(at + ROUTES_OFFSET + 2 * i, (byte)(i < count ? routes.offset(i) : 0));
            buffer.putByte(at + ROUTES_OFFSET + 2 * i + 1, i < count ? routes.wrap(i) : 0);
        }
        buffer.putShort(at + TEXT_LENGTH_OFFSET, (short)textLength, ByteOrder.LITTLE_ENDIAN);
        buffer.putBytes(at + TEXT_OFFSET, text, textOffset, textLength);
        return writer.commit();
    }

    int doWork()
    {
        return writer.doWork();
    }

    public void close()
    {
        writer.close();
    }

    /**
     * Reads the fields of one journal frame as a {@link io.boomscooter.engine.log.TypedFrameHandler} sees it.
     * Checks the lengths, since a journal is a file and files get damaged.
     */
    static final class Record
    {
        private DirectBuffer buffer;
        private int body;

        /**
         * @return false when the frame is not a ring message or its fields do not fit it.
         */
        boolean wrap(final int type, final DirectBuffer buffer, final int frameOffset, final int frameLength)
        {
            final int bodyLength = frameLength - LogFormat.FRAME_HEADER_LENGTH;
            if (type != FRAME_TYPE || bodyLength < TEXT_OFFSET)
            {
                return false;
            }
            this.buffer = buffer;
            this.body = frameOffset + LogFormat.FRAME_HEADER_LENGTH;
            return count() <= 2 && TEXT_OFFSET + textLength() <= bodyLength;
        }

        int origin()
        {
            return buffer.getInt(body + ORIGIN_OFFSET, ByteOrder.LITTLE_ENDIAN);
        }

        long seq()
        {
            return buffer.getLong(body + SEQ_OFFSET, ByteOrder.LITTLE_ENDIAN);
        }

        int count()
        {
            return buffer.getByte(body + COUNT_OFFSET) & 0xFF;
        }

        int offset(final int i)
        {
            return buffer.getByte(body + ROUTES_OFFSET + 2 * i) & 0xFF;
        }

        byte wrap(final int i)
        {
            return buffer.getByte(body + ROUTES_OFFSET + 2 * i + 1);
        }

        int textLength()
        {
            return buffer.getShort(body + TEXT_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        }

        int textOffset()
        {
            return body + TEXT_OFFSET;
        }

        DirectBuffer buffer()
        {
            return buffer;
        }
    }
}
