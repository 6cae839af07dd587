package io.boomscooter.engine.log;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static io.boomscooter.engine.log.LogFormat.*;

/**
 * The sparse index of one segment, a mapped {@code .idx} file: slot i holds the frame offset of the entry
 * with seqno {@code base + i * interval}. The seqno of a slot is written last with release semantics, so a
 * reader that sees the expected seqno also sees the offset. The index is only a hint: readers check the
 * frame it points at, and recovery rebuilds it from the segment.
 */
final class SegmentIndex implements AutoCloseable
{
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private final int slotCount;
    private final int interval;
    private long baseSeqno;

    private SegmentIndex(final MappedByteBuffer mapped, final int interval, final long baseSeqno)
    {
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
        this.slotCount = (mapped.capacity() - INDEX_HEADER_LENGTH) / INDEX_SLOT_LENGTH;
        this.interval = interval;
        this.baseSeqno = baseSeqno;
    }

    static SegmentIndex create(final Path file, final int segmentLength, final int interval, final long baseSeqno)
    {
        try
        {
            Files.deleteIfExists(file);
            final int length = indexFileLength(segmentLength, interval);
            // blocks reserved before mapping, as for segments: no SIGBUS on a full disk
            try (FileChannel channel = Segment.reserve(file, length))
            {
                final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
                final SegmentIndex index = new SegmentIndex(mapped, interval, baseSeqno);
                final UnsafeBuffer b = index.buffer;
                b.putLong(IDX_MAGIC_OFFSET, INDEX_MAGIC, ByteOrder.LITTLE_ENDIAN);
                b.putInt(IDX_VERSION_OFFSET, FORMAT_VERSION, ByteOrder.LITTLE_ENDIAN);
                b.putInt(IDX_INTERVAL_OFFSET, interval, ByteOrder.LITTLE_ENDIAN);
                b.putInt(IDX_SLOT_COUNT_OFFSET, index.slotCount, ByteOrder.LITTLE_ENDIAN);
                index.stampBaseSeqno(baseSeqno);
                return index;
            }
        }
        catch (final IOException ex)
        {
            throw new LogException("cannot create index " + file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @return the mapped index, or null when the file is missing, short or does not match the segment
     *         (the caller then rebuilds it, or scans the segment).
     */
    static SegmentIndex openOrNull(final Path file, final int segmentLength, final int interval,
        final long baseSeqno, final boolean writable)
    {
        if (!Files.isRegularFile(file))
        {
            return null;
        }
        try (FileChannel channel = writable ?
            FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE) :
            FileChannel.open(file, StandardOpenOption.READ))
        {
            final int length = indexFileLength(segmentLength, interval);
            if (channel.size() != length)
            {
                return null;
            }
            final MappedByteBuffer mapped = channel.map(
                writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY, 0, length);
            final SegmentIndex index = new SegmentIndex(mapped, interval, baseSeqno);
            final UnsafeBuffer b = index.buffer;
            if (b.getLong(IDX_MAGIC_OFFSET, ByteOrder.LITTLE_ENDIAN) != INDEX_MAGIC ||
                b.getInt(IDX_VERSION_OFFSET, ByteOrder.LITTLE_ENDIAN) != FORMAT_VERSION ||
                b.getInt(IDX_INTERVAL_OFFSET, ByteOrder.LITTLE_ENDIAN) != interval ||
                b.getLong(IDX_BASE_SEQNO_OFFSET, ByteOrder.LITTLE_ENDIAN) != baseSeqno)
            {
                index.close();
                return null;
            }
            return index;
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    void stampBaseSeqno(final long baseSeqno)
    {
        this.baseSeqno = baseSeqno;
        buffer.putLong(IDX_BASE_SEQNO_OFFSET, baseSeqno, ByteOrder.LITTLE_ENDIAN);
    }

    /** Records the frame of an entry whose seqno is a multiple of the interval past the base. */
    void put(final long seqno, final int frameOffset)
    {
        final long slot = (seqno - baseSeqno) / interval;
        if (slot < slotCount)
        {
            final int at = INDEX_HEADER_LENGTH + (int)slot * INDEX_SLOT_LENGTH;
            buffer.putInt(at + SLOT_FRAME_OFFSET, frameOffset);
            buffer.putLongRelease(at + SLOT_SEQNO_OFFSET, seqno);
        }
    }

    /**
     * @return offset of an indexed frame at or before seqno, or -1 when none is indexed.
     */
    int floorFrameOffset(final long seqno)
    {
        long slot = Math.min((seqno - baseSeqno) / interval, slotCount - 1);
        // Slots fill in order, so the first published one found going down is the floor.
        while (slot >= 0)
        {
            final int at = INDEX_HEADER_LENGTH + (int)slot * INDEX_SLOT_LENGTH;
            if (buffer.getLongAcquire(at + SLOT_SEQNO_OFFSET) == baseSeqno + slot * interval)
            {
                return buffer.getInt(at + SLOT_FRAME_OFFSET);
            }
            slot--;
        }
        return -1;
    }

    /** Forgets every slot for seqnos above lastSeqno (after a truncation). */
    void clearAfter(final long lastSeqno)
    {
        final long firstCleared = lastSeqno < baseSeqno ? 0 : (lastSeqno - baseSeqno) / interval + 1;
        for (long slot = firstCleared; slot < slotCount; slot++)
        {
            final int at = INDEX_HEADER_LENGTH + (int)slot * INDEX_SLOT_LENGTH;
            if (buffer.getLong(at + SLOT_SEQNO_OFFSET) != 0)
            {
                buffer.putLong(at + SLOT_SEQNO_OFFSET, 0);
                buffer.putLong(at + SLOT_FRAME_OFFSET, 0);
            }
        }
    }

    int interval()
    {
        return interval;
    }

    void force()
    {
        mapped.force();
    }

    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
