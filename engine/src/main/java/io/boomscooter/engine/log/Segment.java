package io.boomscooter.engine.log;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import static io.boomscooter.engine.log.LogFormat.*;

/**
 * One memory-mapped segment file. The file is never shrunk while mapped (trimming unlinks whole files),
 * so a reader holding a mapping can never take a SIGBUS from the writer's actions.
 */
final class Segment implements AutoCloseable
{
    private final Path file;
    private final MappedByteBuffer mapped;
    private final ByteBuffer crcView;
    private final UnsafeBuffer buffer;
    private final int length;
    private long baseSeqno;

    private Segment(final Path file, final MappedByteBuffer mapped, final long baseSeqno)
    {
        this.file = file;
        this.mapped = mapped;
        this.crcView = mapped.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.buffer = new UnsafeBuffer(mapped);
        this.length = mapped.capacity();
        this.baseSeqno = baseSeqno;
    }

    /**
     * Creates a zero-filled segment file and writes its header; baseSeqno 0 marks a pre-allocated file whose
     * base is stamped by {@link #stampBaseSeqno} at roll time. Every block is reserved (written with zeros)
     * before the file is mapped: a sparse file on a full disk turns the first write to a page into a SIGBUS
     * that kills the JVM, where a failed write here is a clear {@link LogDiskFullException}.
     */
    static Segment create(final Path file, final int length, final long baseSeqno, final int indexInterval,
        final boolean preTouch)
    {
        try (FileChannel channel = reserve(file, length))
        {
            final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
            final Segment segment = new Segment(file, mapped, baseSeqno);
            if (preTouch)
            {
                // Dirty every page now so the writer takes no page fault on its first write to it.
                for (int i = 0; i < length; i += 4096)
                {
                    segment.buffer.putByte(i, (byte)0);
                }
            }
            segment.writeHeader(baseSeqno, System.currentTimeMillis(), indexInterval);
            return segment;
        }
        catch (final IOException ex)
        {
            throw new LogException("cannot create segment " + file + ": " + ex.getMessage(), ex);
        }
    }

    /** One zero buffer for every reservation; writes through it are serialised on it (off any hot path). */
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 20);

    /**
     * Creates file and writes length zero bytes to it, so the file system allocates every block now.
     *
     * @return the open channel, positioned nowhere in particular.
     * @throws LogDiskFullException when the blocks cannot be written; the partial file is deleted.
     */
    static FileChannel reserve(final Path file, final int length) throws IOException
    {
        final FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        try
        {
            synchronized (ZEROS)
            {
                long position = 0;
                while (position < length)
                {
                    ZEROS.clear().limit((int)Math.min(ZEROS.capacity(), length - position));
                    position += channel.write(ZEROS, position);
                }
            }
            return channel;
        }
        catch (final IOException ex)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // already failing
            }
            deleteQuietly(file);
            throw new LogDiskFullException("cannot reserve " + length + " bytes for " + file + " (disk full?): " +
                ex.getMessage(), ex);
        }
    }

    /**
     * Maps an existing segment after checking its header against its name and size.
     *
     * @throws LogCorruptionException when the file is not a sound segment.
     */
    static Segment open(final Path file, final long expectedBaseSeqno, final boolean writable)
    {
        try (FileChannel channel = writable ?
            FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE) :
            FileChannel.open(file, StandardOpenOption.READ))
        {
            final long size = channel.size();
            final ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            if (size >= SEGMENT_HEADER_LENGTH)
            {
                while (header.hasRemaining() && channel.read(header, header.position()) > 0)
                {
                    // read the whole header
                }
            }
            final UnsafeBuffer headerBuffer = new UnsafeBuffer(header.array());
            final int version = headerBuffer.getInt(SEG_VERSION_OFFSET, ByteOrder.LITTLE_ENDIAN);
            if (size >= SEGMENT_HEADER_LENGTH &&
                headerBuffer.getLong(SEG_MAGIC_OFFSET, ByteOrder.LITTLE_ENDIAN) == SEGMENT_MAGIC &&
                version != FORMAT_VERSION)
            {
                throw new LogException("log format version " + version + " in " + file + "; this build reads " +
                    "version " + FORMAT_VERSION + " only. Read or replay the log with the build that wrote it, " +
                    "or start this node with an empty log directory so it catches up from the leader");
            }
            final String problem = checkHeader(headerBuffer, size, expectedBaseSeqno);
            if (null != problem)
            {
                throw new LogCorruptionException(expectedBaseSeqno, file.toString(), 0, problem);
            }
            final MappedByteBuffer mapped = channel.map(
                writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY, 0, size);
            return new Segment(file, mapped, expectedBaseSeqno);
        }
        catch (final IOException ex)
        {
            throw new LogException("cannot open segment " + file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @return null when the header is sound, else why not.
     */
    static String checkHeader(final UnsafeBuffer header, final long fileSize, final long expectedBaseSeqno)
    {
        if (fileSize < SEGMENT_HEADER_LENGTH)
        {
            return "file of " + fileSize + " bytes is shorter than a segment header (truncated or foreign)";
        }
        if (header.getLong(SEG_MAGIC_OFFSET, ByteOrder.LITTLE_ENDIAN) != SEGMENT_MAGIC)
        {
            return "bad magic: not a Boomscooter log segment (foreign file?)";
        }
        final int crc = crc32c(header, 0, SEG_HEADER_CRC_OFFSET);
        if (crc != header.getInt(SEG_HEADER_CRC_OFFSET, ByteOrder.LITTLE_ENDIAN))
        {
            return "segment header checksum mismatch";
        }
        final int version = header.getInt(SEG_VERSION_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (version != FORMAT_VERSION)
        {
            return "unsupported format version " + version + " (this reader knows " + FORMAT_VERSION + ")";
        }
        if (header.getInt(SEG_HEADER_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN) != SEGMENT_HEADER_LENGTH ||
            header.getInt(SEG_ALIGNMENT_OFFSET, ByteOrder.LITTLE_ENDIAN) != FRAME_ALIGNMENT ||
            header.getInt(SEG_FRAME_HEADER_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN) != FRAME_HEADER_LENGTH)
        {
            return "unsupported header length, frame alignment or frame header length";
        }
        final int segmentLength = header.getInt(SEG_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (segmentLength != fileSize)
        {
            return "file is " + fileSize + " bytes but its header says " + segmentLength + " (truncated?)";
        }
        if (segmentLength < MIN_SEGMENT_LENGTH || segmentLength > MAX_SEGMENT_LENGTH)
        {
            return "segment length out of range: " + segmentLength;
        }
        final int interval = header.getInt(SEG_INDEX_INTERVAL_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (interval < 1 || interval > 1 << 20)
        {
            return "index interval out of range: " + interval;
        }
        final long base = header.getLong(SEG_BASE_SEQNO_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (base != expectedBaseSeqno)
        {
            return "header base seqno " + base + " does not match the file name's " + expectedBaseSeqno;
        }
        return null;
    }

    private static int crc32c(final UnsafeBuffer buffer, final int from, final int to)
    {
        final CRC32C crc = new CRC32C();
        final byte[] bytes = new byte[to - from];
        buffer.getBytes(from, bytes);
        crc.update(bytes);
        return (int)crc.getValue();
    }

    void writeHeader(final long baseSeqno, final long createdMs, final int indexInterval)
    {
        buffer.putLong(SEG_MAGIC_OFFSET, SEGMENT_MAGIC, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(SEG_VERSION_OFFSET, FORMAT_VERSION, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(SEG_HEADER_LENGTH_OFFSET, SEGMENT_HEADER_LENGTH, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(SEG_LENGTH_OFFSET, length, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(SEG_ALIGNMENT_OFFSET, FRAME_ALIGNMENT, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(SEG_CREATED_MS_OFFSET, createdMs, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(SEG_INDEX_INTERVAL_OFFSET, indexInterval, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(SEG_FRAME_HEADER_LENGTH_OFFSET, FRAME_HEADER_LENGTH, ByteOrder.LITTLE_ENDIAN);
        stampBaseSeqno(baseSeqno);
    }

    /** Sets the base seqno of a pre-allocated segment and re-computes the header checksum. */
    void stampBaseSeqno(final long baseSeqno)
    {
        this.baseSeqno = baseSeqno;
        buffer.putLong(SEG_BASE_SEQNO_OFFSET, baseSeqno, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(SEG_HEADER_CRC_OFFSET, crc32c(buffer, 0, SEG_HEADER_CRC_OFFSET), ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * CRC32C of [from, to) of the mapping, through the JDK's intrinsic; allocation-free.
     */
    int crc(final CRC32C crc, final int from, final int to)
    {
        crc.reset();
        crcView.limit(to);
        crcView.position(from);
        crc.update(crcView);
        return (int)crc.getValue();
    }

    void force(final int from, final int to)
    {
        if (to > from)
        {
            mapped.force(from, to - from);
        }
    }

    long createdMs()
    {
        return buffer.getLong(SEG_CREATED_MS_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    int indexInterval()
    {
        return buffer.getInt(SEG_INDEX_INTERVAL_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    Path file()
    {
        return file;
    }

    UnsafeBuffer buffer()
    {
        return buffer;
    }

    int length()
    {
        return length;
    }

    long baseSeqno()
    {
        return baseSeqno;
    }

    public void close()
    {
        IoUtil.unmap(mapped);
    }

    static void deleteQuietly(final Path path)
    {
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ignore)
        {
            // retention retries on the next trim
        }
    }
}
