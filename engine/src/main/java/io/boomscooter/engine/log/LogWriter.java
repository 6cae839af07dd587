package io.boomscooter.engine.log;

import io.boomscooter.codecs.log.LogEntryEncoder;
import io.boomscooter.codecs.log.MessageHeaderEncoder;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import static io.boomscooter.engine.log.LogFormat.*;

/**
 * The single writer of a log directory. Appends frames to the current memory-mapped segment, publishing
 * each frame's length last with release semantics so lock-free readers in other processes never see a
 * partial frame. The next segment is pre-allocated ahead of need; a roll writes a PADDING frame, stamps the
 * pre-allocated file with its base seqno and renames it into place. Not thread-safe: one thread appends.
 */
public final class LogWriter implements AutoCloseable
{
    /** Returned by {@link #epochOf(long)} for a seqno the log does not hold. */
    public static final long NULL_EPOCH = -1;

    private final Path dir;
    private final LogConfig cfg;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final CRC32C crc = new CRC32C();
    private final LogEntryEncoder encoder = new LogEntryEncoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final SegmentScan scan = new SegmentScan();
    private final LogEntryView entryView = new LogEntryView();
    private final Durability durability;
    private final LongArrayList segmentBases = new LongArrayList();
    private final LongArrayList segmentCreatedMs = new LongArrayList();

    private Segment segment;
    private SegmentIndex index;
    private UnsafeBuffer buffer;
    private int segmentLength;
    private int tail;
    private int halfMark;
    private long nextSeqno;
    private long lastEpoch;
    private int indexCountdown;

    private Segment nextSegment;
    private SegmentIndex nextIndex;

    private long durableSeqno;
    private int forcedOffset;
    private int unforcedEntries;
    private long lastForceNs;
    private final long forceIntervalNs;

    private LogReader lookupReader;
    private boolean closed;

    private LogWriter(final Path dir, final LogConfig cfg, final FileChannel lockChannel, final FileLock lock)
    {
        this.dir = dir;
        this.cfg = cfg;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.forceIntervalNs = cfg.forceIntervalUs() * 1000;
        this.durability = cfg.durability();
    }

    /**
     * Opens the log in dir for writing, creating it when dir is missing or empty, recovering it otherwise:
     * a torn tail frame is zeroed and appends resume at the next seqno.
     *
     * @throws LogException when dir is not a log, or another writer holds {@code writer.lock}.
     * @throws LogCorruptionException when a segment is foreign, missing, or damaged before the tail.
     */
    public static LogWriter open(final Path dir, final LogConfig cfg)
    {
        cfg.conclude();
        if (Files.exists(dir) && !Files.isDirectory(dir))
        {
            throw new LogException("not a log directory (a regular file): " + dir);
        }
        FileChannel channel = null;
        try
        {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            final FileLock lock;
            try
            {
                lock = channel.tryLock();
            }
            catch (final OverlappingFileLockException ex)
            {
                throw new LogException("log " + dir + " already has a writer in this process (" + LOCK_FILE + ")");
            }
            if (null == lock)
            {
                throw new LogException("log " + dir + " is locked by another writer process (" + LOCK_FILE + ")");
            }
            final LogWriter writer = new LogWriter(dir, cfg, channel, lock);
            channel = null;
            try
            {
                writer.recover();
            }
            catch (final RuntimeException ex)
            {
                writer.close();
                throw ex;
            }
            return writer;
        }
        catch (final IOException ex)
        {
            throw new LogException("cannot open log " + dir + ": " + ex.getMessage(), ex);
        }
        finally
        {
            if (null != channel)
            {
                try
                {
                    channel.close();
                }
                catch (final IOException ignore)
                {
                    // already failing
                }
            }
        }
    }

    private void recover() throws IOException
    {
        Files.deleteIfExists(dir.resolve(PREALLOCATED_SEGMENT));
        Files.deleteIfExists(dir.resolve(PREALLOCATED_INDEX));
        final long[] bases = LogDirectory.segmentBases(dir);
        deleteOrphanIndexes(bases);
        if (0 == bases.length)
        {
            refuseForeignContent();
            segment = Segment.create(LogDirectory.segmentFile(dir, 1), cfg.segmentLength(), 1,
                cfg.indexInterval(), cfg.preTouch());
            index = SegmentIndex.create(LogDirectory.indexFile(dir, 1), cfg.segmentLength(), cfg.indexInterval(), 1);
            segmentBases.addLong(1);
            segmentCreatedMs.addLong(segment.createdMs());
            enterSegment();
            nextSeqno = 1;
            lastEpoch = 0;
            durableSeqno = 0;
            return;
        }

        // Headers first, so a foreign or truncated file is named as such rather than as a gap.
        for (final long base : bases)
        {
            Segment.open(LogDirectory.segmentFile(dir, base), base, false).close();
        }
        // Every sealed segment must end exactly where the next one begins: catches missing middle segments.
        long lastEpochSeen = 0;
        for (int i = 0; i < bases.length - 1; i++)
        {
            try (Segment s = Segment.open(LogDirectory.segmentFile(dir, bases[i]), bases[i], false))
            {
                final SegmentIndex idx = SegmentIndex.openOrNull(LogDirectory.indexFile(dir, bases[i]),
                    s.length(), s.indexInterval(), bases[i], false);
                int from = SEGMENT_HEADER_LENGTH;
                long fromSeqno = bases[i];
                if (null != idx)
                {
                    final int floor = idx.floorFrameOffset(Long.MAX_VALUE / 2);
                    if (floor >= SEGMENT_HEADER_LENGTH && floor < s.length() - FRAME_HEADER_LENGTH)
                    {
                        from = floor;
                        fromSeqno = s.buffer().getLong(floor + FRAME_SEQNO_OFFSET);
                    }
                    idx.close();
                }
                scan.scan(s, null, from, fromSeqno, Long.MAX_VALUE, false, crc);
                if (null != scan.error && from != SEGMENT_HEADER_LENGTH)
                {
                    scan.scan(s, null, SEGMENT_HEADER_LENGTH, bases[i], Long.MAX_VALUE, false, crc);
                }
                if (null != scan.error)
                {
                    throw new LogCorruptionException(scan.nextSeqno, s.file().toString(), scan.endOffset, scan.error);
                }
                if (scan.nextSeqno != bases[i + 1])
                {
                    throw new LogCorruptionException(scan.nextSeqno, s.file().toString(), scan.endOffset,
                        "segment ends before seqno " + scan.nextSeqno + " but the next segment starts at " +
                        bases[i + 1] + ": missing segment " + segmentFileName(scan.nextSeqno));
                }
                if (scan.frames > 0 || from != SEGMENT_HEADER_LENGTH)
                {
                    lastEpochSeen = scan.frames > 0 ? scan.lastEpoch :
                        s.buffer().getLong(from + FRAME_EPOCH_OFFSET);
                }
                segmentBases.addLong(bases[i]);
                segmentCreatedMs.addLong(s.createdMs());
            }
        }
        final long lastBase = bases[bases.length - 1];
        segment = Segment.open(LogDirectory.segmentFile(dir, lastBase), lastBase, true);
        segmentBases.addLong(lastBase);
        segmentCreatedMs.addLong(segment.createdMs());
        lastEpoch = lastEpochSeen;
        recoverTail();
    }

    /** Scans the whole last segment verifying checksums; zeroes a torn tail; rebuilds its index. */
    private void recoverTail()
    {
        final long base = segment.baseSeqno();
        index = SegmentIndex.openOrNull(LogDirectory.indexFile(dir, base), segment.length(), segment.indexInterval(),
            base, true);
        if (null == index)
        {
            index = SegmentIndex.create(LogDirectory.indexFile(dir, base), segment.length(), segment.indexInterval(),
                base);
        }
        scan.scan(segment, index, SEGMENT_HEADER_LENGTH, base, Long.MAX_VALUE, true, crc);
        if (null != scan.error && scan.soundFrameFollowsError(segment, crc))
        {
            throw new LogCorruptionException(scan.nextSeqno, segment.file().toString(), scan.endOffset,
                scan.error + " in the middle of the last segment (not a torn tail); refusing to truncate good data");
        }
        if (scan.frames > 0)
        {
            lastEpoch = scan.lastEpoch;
        }
        final boolean sealed = scan.sealed;
        final int end = sealed ? segment.length() : scan.endOffset;
        nextSeqno = scan.nextSeqno;
        index.clearAfter(nextSeqno - 1);
        zeroFrom(segment.buffer(), end, segment.length());
        enterSegment();
        tail = end;
        forcedOffset = end;
        final int interval = index.interval();
        indexCountdown = (int)((interval - ((nextSeqno - base) % interval)) % interval);
        durableSeqno = nextSeqno - 1;
        if (Durability.NONE != cfg.durability())
        {
            segment.force(0, segment.length());
        }
        if (sealed)
        {
            roll();
        }
    }

    private static void zeroFrom(final UnsafeBuffer buffer, final int from, final int to)
    {
        // Length word first, so a reader waiting at 'from' keeps seeing "not yet" while the rest is cleared.
        if (to - from >= 4)
        {
            buffer.putIntRelease(from, 0);
        }
        for (int i = from; i + 8 <= to; i += 8)
        {
            if (0 != buffer.getLong(i))
            {
                buffer.putLong(i, 0);
            }
        }
    }

    private void refuseForeignContent() throws IOException
    {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir))
        {
            for (final Path p : stream)
            {
                final String name = p.getFileName().toString();
                if (!LOCK_FILE.equals(name))
                {
                    throw new LogException("not a log directory: " + dir + " holds " + name +
                        " but no segment files; refusing to create a log among foreign files");
                }
            }
        }
    }

    private void deleteOrphanIndexes(final long[] bases) throws IOException
    {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + INDEX_SUFFIX))
        {
            for (final Path p : stream)
            {
                final String name = p.getFileName().toString();
                final long base = parseSegmentFileName(name.replace(INDEX_SUFFIX, SEGMENT_SUFFIX));
                if (base > 0 && java.util.Arrays.binarySearch(bases, base) < 0)
                {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private void enterSegment()
    {
        buffer = segment.buffer();
        segmentLength = segment.length();
        tail = SEGMENT_HEADER_LENGTH;
        forcedOffset = SEGMENT_HEADER_LENGTH;
        halfMark = segmentLength / 2;
        indexCountdown = 0;
    }

    /**
     * Appends one entry. Allocation-free.
     *
     * @return the seqno assigned.
     * @throws IllegalArgumentException when the entry is too long, the channel longer than 254 bytes, or
     *                                  the epoch lower than the last one.
     */
    public long append(
        final long epoch,
        final long timestampNs,
        final long producerId,
        final long producerSeqno,
        final DirectBuffer channel, final int channelOffset, final int channelLength,
        final DirectBuffer key, final int keyOffset, final int keyLength,
        final DirectBuffer payload, final int payloadOffset, final int payloadLength)
    {
        final int frameLength = FRAME_HEADER_LENGTH + LogEntryView.MIN_BODY_LENGTH + channelLength + keyLength +
            payloadLength;
        if (channelLength > MAX_CHANNEL_LENGTH || channelLength < 0 || keyLength < 0 || payloadLength < 0 ||
            frameLength > cfg.maxFrameLength() || frameLength < 0)
        {
            throw new IllegalArgumentException("entry too long or negative lengths: channel=" + channelLength +
                " key=" + keyLength + " payload=" + payloadLength + " maxFrameLength=" + cfg.maxFrameLength());
        }
        checkEpoch(epoch);
        final int aligned = alignedLength(frameLength);
        if (tail + aligned > segmentLength)
        {
            roll();
        }
        final int offset = tail;
        final UnsafeBuffer buffer = this.buffer;
        final long seqno = nextSeqno;
        buffer.putLong(offset + FRAME_VERSION_OFFSET, FRAME_VERSION | (TYPE_ENTRY << 8));
        buffer.putLong(offset + FRAME_SEQNO_OFFSET, seqno);
        buffer.putLong(offset + FRAME_TIMESTAMP_OFFSET, timestampNs);
        buffer.putLong(offset + FRAME_EPOCH_OFFSET, epoch);
        encoder.wrapAndApplyHeader(buffer, offset + FRAME_HEADER_LENGTH, headerEncoder)
            .producerId(producerId)
            .producerSeqno(producerSeqno)
            .putChannel(channel, channelOffset, channelLength)
            .putKey(key, keyOffset, keyLength)
            .putPayload(payload, payloadOffset, payloadLength);
        buffer.putInt(offset + FRAME_CRC_OFFSET, segment.crc(crc, offset + CRC_START, offset + frameLength));
        buffer.putIntRelease(offset, frameLength);
        published(seqno, offset, aligned, epoch);
        return seqno;
    }

    /**
     * Appends frames built by another node's writer, verbatim: each must be an ENTRY frame whose seqno
     * continues from {@link #lastSeqno()}, with a sound checksum and body. Frames are laid out as in a segment
     * (each at an offset aligned to {@link LogFormat#FRAME_ALIGNMENT} from src offset). Allocation-free on success.
     *
     * @return the new last seqno.
     * @throws LogCorruptionException naming the offending frame's seqno and its offset in src; frames before
     *                                it stay appended.
     */
    public long appendFrames(final DirectBuffer src, final int offset, final int length)
    {
        int position = 0;
        while (length - position >= FRAME_HEADER_LENGTH)
        {
            final int at = offset + position;
            final int frameLength = src.getInt(at + FRAME_LENGTH_OFFSET);
            final long seqno = src.getLong(at + FRAME_SEQNO_OFFSET);
            if (frameLength == 0)
            {
                break;
            }
            String problem = null;
            if (frameLength < FRAME_HEADER_LENGTH + LogEntryView.MIN_BODY_LENGTH || frameLength > length - position ||
                frameLength > cfg.maxFrameLength())
            {
                problem = "frame length out of range: " + frameLength;
            }
            else if ((src.getByte(at + FRAME_VERSION_OFFSET) & 0xFF) != FRAME_VERSION ||
                (src.getByte(at + FRAME_TYPE_OFFSET) & 0xFF) != TYPE_ENTRY)
            {
                problem = "not a version " + FRAME_VERSION + " ENTRY frame";
            }
            else if (seqno != nextSeqno)
            {
                problem = "seqno " + seqno + " does not continue from last seqno " + (nextSeqno - 1);
            }
            else if (src.getLong(at + FRAME_EPOCH_OFFSET) < lastEpoch)
            {
                problem = "epoch " + src.getLong(at + FRAME_EPOCH_OFFSET) + " is below last epoch " + lastEpoch;
            }
            if (null != problem)
            {
                throw new LogCorruptionException(seqno, "appendFrames source", position, problem);
            }
            copyVerbatim(src, at, frameLength, seqno, position);
            position += alignedLength(frameLength);
        }
        return nextSeqno - 1;
    }

    private void copyVerbatim(final DirectBuffer src, final int at, final int frameLength, final long seqno,
        final int srcPosition)
    {
        final int aligned = alignedLength(frameLength);
        if (tail + aligned > segmentLength)
        {
            roll();
        }
        final int offset = tail;
        // Copy everything but the length, verify the copy in place, then publish or wipe it.
        buffer.putBytes(offset + FRAME_CRC_OFFSET, src, at + FRAME_CRC_OFFSET, frameLength - FRAME_CRC_OFFSET);
        final boolean crcOk = segment.crc(crc, offset + CRC_START, offset + frameLength) ==
            buffer.getInt(offset + FRAME_CRC_OFFSET);
        final boolean bodyOk = crcOk && entryView.wrap(buffer, offset, frameLength);
        if (!bodyOk)
        {
            buffer.setMemory(offset, frameLength, (byte)0);
            throw new LogCorruptionException(seqno, "appendFrames source", srcPosition,
                crcOk ? "malformed body: " + entryView.error() : Frames.BAD_CRC);
        }
        final long epoch = buffer.getLong(offset + FRAME_EPOCH_OFFSET);
        buffer.putIntRelease(offset, frameLength);
        published(seqno, offset, aligned, epoch);
    }

    private void checkEpoch(final long epoch)
    {
        if (epoch < lastEpoch)
        {
            throw new IllegalArgumentException("epoch " + epoch + " is below the log's last epoch " + lastEpoch);
        }
    }

    private void published(final long seqno, final int offset, final int aligned, final long epoch)
    {
        if (0 == indexCountdown)
        {
            index.put(seqno, offset);
            indexCountdown = index.interval();
        }
        indexCountdown--;
        tail = offset + aligned;
        nextSeqno = seqno + 1;
        lastEpoch = epoch;
        switch (durability)
        {
            case NONE:
                durableSeqno = seqno;
                break;
            case EVERY_N_ENTRIES:
                if (++unforcedEntries >= cfg.forceEveryEntries())
                {
                    force();
                }
                break;
            case EVERY_T_MICROS:
                unforcedEntries++;
                if (System.nanoTime() - lastForceNs >= forceIntervalNs)
                {
                    force();
                }
                break;
        }
        if (tail > halfMark && null == nextSegment && cfg.preallocateOnAppend())
        {
            preallocate();
        }
    }

    private void force()
    {
        segment.force(forcedOffset, tail);
        forcedOffset = tail;
        unforcedEntries = 0;
        lastForceNs = System.nanoTime();
        durableSeqno = nextSeqno - 1;
    }

    /**
     * Housekeeping for an agent duty cycle: time-based force and pre-allocation of the next segment.
     *
     * @return work done.
     */
    public int doWork()
    {
        int work = 0;
        if (Durability.EVERY_T_MICROS == cfg.durability() && unforcedEntries > 0 &&
            System.nanoTime() - lastForceNs >= forceIntervalNs)
        {
            force();
            work++;
        }
        if (null == nextSegment && tail > halfMark)
        {
            preallocate();
            work++;
        }
        return work;
    }

    private void preallocate()
    {
        final Path segFile = dir.resolve(PREALLOCATED_SEGMENT);
        final Path idxFile = dir.resolve(PREALLOCATED_INDEX);
        Segment.deleteQuietly(segFile);
        nextSegment = Segment.create(segFile, cfg.segmentLength(), 0, cfg.indexInterval(), cfg.preTouch());
        nextIndex = SegmentIndex.create(idxFile, cfg.segmentLength(), cfg.indexInterval(), 0);
    }

    private void roll()
    {
        final int remaining = segmentLength - tail;
        if (remaining >= FRAME_HEADER_LENGTH)
        {
            buffer.putLong(tail + FRAME_VERSION_OFFSET, FRAME_VERSION | (TYPE_PADDING << 8));
            buffer.putLong(tail + FRAME_SEQNO_OFFSET, nextSeqno);
            buffer.putLong(tail + FRAME_TIMESTAMP_OFFSET, 0);
            buffer.putLong(tail + FRAME_EPOCH_OFFSET, lastEpoch);
            buffer.putInt(tail + FRAME_CRC_OFFSET, segment.crc(crc, tail + CRC_START, tail + FRAME_HEADER_LENGTH));
            buffer.putIntRelease(tail, remaining);
        }
        tail = segmentLength;
        if (Durability.NONE != cfg.durability())
        {
            force();
        }
        if (null == nextSegment)
        {
            preallocate();
        }
        final long base = nextSeqno;
        nextSegment.writeHeader(base, System.currentTimeMillis(), cfg.indexInterval());
        nextIndex.stampBaseSeqno(base);
        if (Durability.NONE != cfg.durability())
        {
            nextSegment.force(0, SEGMENT_HEADER_LENGTH);
        }
        try
        {
            // Index first: a reader that finds the segment may also use its index.
            Files.move(dir.resolve(PREALLOCATED_INDEX), LogDirectory.indexFile(dir, base),
                StandardCopyOption.ATOMIC_MOVE);
            Files.move(dir.resolve(PREALLOCATED_SEGMENT), LogDirectory.segmentFile(dir, base),
                StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new LogException("cannot roll log " + dir + " to segment " + base + ": " + ex.getMessage(), ex);
        }
        segment.close();
        index.close();
        segment = nextSegment;
        index = nextIndex;
        nextSegment = null;
        nextIndex = null;
        segmentBases.addLong(base);
        segmentCreatedMs.addLong(segment.createdMs());
        enterSegment();
    }

    /**
     * Drops every entry after seqno, e.g. when a deposed leader rejoins. Readers must not have consumed the
     * dropped entries as committed: a reader positioned past the new end keeps waiting for the seqnos rewritten.
     *
     * @param seqno last entry kept; {@code firstSeqno() - 1} empties the log.
     */
    public void truncateAfter(final long seqno)
    {
        if (seqno >= lastSeqno())
        {
            return;
        }
        final long first = firstSeqno();
        if (seqno < first - 1)
        {
            throw new LogException("cannot truncate after " + seqno + ": entries below " + first + " are trimmed");
        }
        closeLookup();
        // Find the segment holding the first dropped entry (or the one it would start).
        int k = segmentBases.size() - 1;
        while (k > 0 && segmentBases.getLong(k) > seqno + 1)
        {
            k--;
        }
        if (k > 0 && segmentBases.getLong(k) == seqno + 1)
        {
            k--; // keep the previous segment's frames and reopen it for writing
        }
        segment.close();
        index.close();
        for (int i = segmentBases.size() - 1; i > k; i--)
        {
            final long base = segmentBases.getLong(i);
            Segment.deleteQuietly(LogDirectory.segmentFile(dir, base));
            Segment.deleteQuietly(LogDirectory.indexFile(dir, base));
            segmentBases.removeAt(i);
            segmentCreatedMs.removeAt(i);
        }
        final long base = segmentBases.getLong(k);
        segment = Segment.open(LogDirectory.segmentFile(dir, base), base, true);
        scan.scan(segment, null, SEGMENT_HEADER_LENGTH, base, seqno + 1, false, crc);
        // Zero from the first dropped frame (or the padding) to the end; recoverTail then finds the new end.
        zeroFrom(segment.buffer(), scan.endOffset, segment.length());
        if (scan.frames == 0 && k > 0)
        {
            lastEpoch = epochOfPreviousSegmentEnd(k);
        }
        else if (scan.frames == 0)
        {
            lastEpoch = 0;
        }
        recoverTail();
    }

    private long epochOfPreviousSegmentEnd(final int k)
    {
        final long base = segmentBases.getLong(k - 1);
        try (Segment s = Segment.open(LogDirectory.segmentFile(dir, base), base, false))
        {
            return scan.scan(s, null, SEGMENT_HEADER_LENGTH, base, Long.MAX_VALUE, false, crc).lastEpoch;
        }
    }

    /**
     * Deletes every segment whose entries are all below seqno; never the current segment. Readers positioned in
     * a deleted segment keep their mapping and finish it, then get {@link LogReader#TRIMMED}.
     *
     * @return number of segments deleted.
     */
    public int trimBelow(final long seqno)
    {
        int deleted = 0;
        while (segmentBases.size() > 1 && segmentBases.getLong(1) <= seqno)
        {
            deleteOldest();
            deleted++;
        }
        return deleted;
    }

    /** Deletes oldest segments, never the current one, until the segment files total at most maxBytes. */
    public int trimToSize(final long maxBytes)
    {
        int deleted = 0;
        while (segmentBases.size() > 1 && totalBytes() > maxBytes)
        {
            deleteOldest();
            deleted++;
        }
        return deleted;
    }

    /** Deletes oldest segments whose every entry was appended before epochMs (wall clock, milliseconds). */
    public int trimOlderThan(final long epochMs)
    {
        int deleted = 0;
        // A segment's entries all predate the creation (roll) time of the segment after it.
        while (segmentBases.size() > 1 && segmentCreatedMs.getLong(1) < epochMs)
        {
            deleteOldest();
            deleted++;
        }
        return deleted;
    }

    private long totalBytes()
    {
        long total = 0;
        for (int i = 0; i < segmentBases.size(); i++)
        {
            try
            {
                total += Files.size(LogDirectory.segmentFile(dir, segmentBases.getLong(i)));
            }
            catch (final IOException ignore)
            {
                // already gone
            }
        }
        return total;
    }

    private void deleteOldest()
    {
        final long base = segmentBases.getLong(0);
        Segment.deleteQuietly(LogDirectory.segmentFile(dir, base));
        Segment.deleteQuietly(LogDirectory.indexFile(dir, base));
        segmentBases.removeAt(0);
        segmentCreatedMs.removeAt(0);
    }

    /** @return the epoch of the entry with seqno, or {@link #NULL_EPOCH} when the log does not hold it. */
    public long epochOf(final long seqno)
    {
        if (seqno == nextSeqno - 1)
        {
            return lastEpoch;
        }
        if (seqno < firstSeqno() || seqno >= nextSeqno)
        {
            return NULL_EPOCH;
        }
        if (null == lookupReader)
        {
            lookupReader = LogReader.open(dir);
        }
        return LogReader.SEEK_OK == lookupReader.seek(seqno) ? lookupReader.peekEpoch() : NULL_EPOCH;
    }

    public long lastSeqno()
    {
        return nextSeqno - 1;
    }

    public long lastEpoch()
    {
        return lastEpoch;
    }

    /** @return highest seqno forced to storage; with {@link Durability#NONE}, the last seqno (page cache). */
    public long durableSeqno()
    {
        return durableSeqno;
    }

    /** @return lowest seqno still held (after trimming); {@code lastSeqno() + 1} when the log is empty. */
    public long firstSeqno()
    {
        return segmentBases.getLong(0);
    }

    public Path directory()
    {
        return dir;
    }

    public int segmentCount()
    {
        return segmentBases.size();
    }

    private void closeLookup()
    {
        if (null != lookupReader)
        {
            lookupReader.close();
            lookupReader = null;
        }
    }

    /** Forces what is unforced when durability is on, releases the lock and unmaps everything. */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        closeLookup();
        if (null != segment)
        {
            if (Durability.NONE != cfg.durability())
            {
                force();
            }
            segment.close();
            index.close();
        }
        if (null != nextSegment)
        {
            nextSegment.close();
            nextIndex.close();
        }
        try
        {
            lock.release();
            lockChannel.close();
        }
        catch (final IOException ignore)
        {
            // the OS drops the lock with the process anyway
        }
    }
}
