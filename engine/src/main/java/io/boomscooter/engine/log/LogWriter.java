package io.boomscooter.engine.log;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
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
 * <p>
 * Pre-allocation (create, reserve, map and optionally pre-touch the next segment and its index) is asked for
 * once the tail passes the half-way mark. With {@link LogConfig#preallocateOnAppend(boolean)} off (writers
 * driven by an agent's duty cycle) a shared background thread does it ({@link SegmentPreallocator}): appends and
 * {@link #doWork()} only ask and later take the result, so the duty cycle creates and maps no file and
 * allocates nothing for it. Only a roll that needs the next segment before it is delivered makes it (or waits
 * for it) on the writer's thread, counted by {@link #inlinePreallocations()}. With it on (the default, for
 * writers without an agent) the append or doWork that crosses the half-way mark pre-allocates inline. Either
 * way the roll itself still runs on the writer's thread: two renames ({@code Files.move}, metadata-only, once
 * per segment, allocating a few {@code Path}s) and the unmapping of the sealed segment.
 * <p>
 * Appends are typed frames (see {@link FrameTypes}): {@link #claim}/{@link #commit} write one in place,
 * {@link #appendFrame} and {@link #appendEntry} copy one in, {@link #appendFrames} takes a leader's frames
 * verbatim. Segments are reserved on disk before they are mapped, so a full disk is a refused append
 * ({@link LogDiskFullException}, {@link #diskFullCount()}), never a SIGBUS.
 * <p>
 * Why one class of this length: recovery, appends, rolls, truncation and retention all move the same few
 * fields together (current segment and index, tail, next seqno, last epoch, forced offset, the segment list),
 * and the invariants between them (an index slot only ever names a published frame;
 * a roll never seals a segment before the next one is reserved) are easiest to check when they sit side by
 * side. The pieces that need no writer state live apart: {@link SegmentScan}, {@link Segment},
 * {@link SegmentIndex}, {@link Frames}.
 */
public final class LogWriter implements AutoCloseable
{
    /** Returned by {@link #epochOf(long)} for a seqno the log does not hold. */
    public static final long NULL_EPOCH = -1;

    /** What a person should do about damage found at open; part of every such LogCorruptionException. */
    static final String REPAIR_ADVICE = "To repair: stop this node, move its log directory aside and start it " +
        "with an empty one so it copies the log from the leader (or restore the directory from a good replica); " +
        "'boomscooter log verify <dir>' shows the first bad frame.";

    private final Path dir;
    private final Path preallocatedSegmentFile;
    private final Path preallocatedIndexFile;
    private final LogConfig cfg;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final CRC32C crc = new CRC32C();
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
    private final SegmentPreallocator preallocator;
    private long inlinePreallocations;

    private long durableSeqno;
    private int forcedOffset;
    private int unforcedEntries;
    private long lastForceNs;
    private final long forceIntervalNs;

    private int claimOffset = -1;
    private int claimFrameLength;
    private long claimEpoch;

    private long diskFullCount;
    private String diskFullReason;
    private long nextPreallocateNs;

    private LogReader lookupReader;
    private boolean closed;

    private LogWriter(final Path dir, final LogConfig cfg, final FileChannel lockChannel, final FileLock lock)
    {
        this.dir = dir;
        this.preallocatedSegmentFile = dir.resolve(PREALLOCATED_SEGMENT);
        this.preallocatedIndexFile = dir.resolve(PREALLOCATED_INDEX);
        this.cfg = cfg;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.forceIntervalNs = cfg.forceIntervalUs() * 1000;
        this.durability = cfg.durability();
        this.nextPreallocateNs = System.nanoTime();
        this.preallocator = new SegmentPreallocator(dir, cfg, !cfg.preallocateOnAppend());
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
        Files.deleteIfExists(preallocatedSegmentFile);
        Files.deleteIfExists(preallocatedIndexFile);
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
                final boolean verify = cfg.verifyOnOpen();
                if (verify && null != idx)
                {
                    idx.close();
                }
                else if (null != idx)
                {
                    final int floor = idx.floorFrameOffset(Long.MAX_VALUE / 2);
                    if (floor >= SEGMENT_HEADER_LENGTH && floor < s.length() - FRAME_HEADER_LENGTH)
                    {
                        from = floor;
                        fromSeqno = s.buffer().getLong(floor + FRAME_SEQNO_OFFSET);
                    }
                    idx.close();
                }
                // With verifyOnOpen every sealed frame's CRC32C is checked (about 1 s per GB from disk, far less
                // from the page cache); without it only the frames after the last index slot are walked.
                scan.scan(s, null, from, fromSeqno, Long.MAX_VALUE, verify, crc);
                if (null != scan.error && from != SEGMENT_HEADER_LENGTH)
                {
                    scan.scan(s, null, SEGMENT_HEADER_LENGTH, bases[i], Long.MAX_VALUE, verify, crc);
                }
                if (null != scan.error)
                {
                    throw new LogCorruptionException(scan.nextSeqno, s.file().toString(), scan.endOffset, scan.error +
                        " in a sealed segment. " + REPAIR_ADVICE);
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
                        frameEpoch(s.buffer(), from);
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
                scan.error + " in the middle of the last segment (not a torn tail); refusing to truncate good " +
                "data. " + REPAIR_ADVICE);
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
     * Claims room for one frame at the tail and writes its header; the caller writes the body into
     * {@link #claimBuffer()} at the returned offset (zero-copy) and then calls {@link #commit()} (or
     * {@link #abort()}). Nothing is visible to readers before commit. Allocation-free.
     *
     * @param type       ENTRY, LEADER_MARKER or a family type (see {@link FrameTypes}).
     * @param epoch      in [lastEpoch(), {@link LogFormat#MAX_EPOCH}].
     * @param bodyLength bytes of body the caller will write.
     * @return the offset of the body in {@link #claimBuffer()}.
     * @throws IllegalArgumentException for a bad type, epoch or length; IllegalStateException when a claim is open.
     * @throws LogDiskFullException when the frame needs a new segment and its blocks cannot be reserved.
     */
    public int claim(final int type, final long epoch, final long timestampNs, final int bodyLength)
    {
        if (-1 != claimOffset)
        {
            throw new IllegalStateException("a claim is open: commit or abort it first");
        }
        if (FrameTypes.ENTRY != type && FrameTypes.LEADER_MARKER != type && !FrameTypes.isFamily(type))
        {
            throw new IllegalArgumentException("cannot append frame type " + type + " (" + FrameTypes.name(type) +
                ")");
        }
        final int frameLength = FRAME_HEADER_LENGTH + bodyLength;
        if (bodyLength < 0 || frameLength > cfg.maxFrameLength() || frameLength < 0)
        {
            throw new IllegalArgumentException("frame body of " + bodyLength + " bytes out of range: maxFrameLength=" +
                cfg.maxFrameLength());
        }
        checkEpoch(epoch);
        final int aligned = alignedLength(frameLength);
        if (tail + aligned > segmentLength)
        {
            roll();
        }
        final int offset = tail;
        final UnsafeBuffer buffer = this.buffer;
        buffer.putShort(offset + FRAME_TYPE_OFFSET, (short)type);
        buffer.putShort(offset + FRAME_FLAGS_OFFSET, (short)0);
        buffer.putInt(offset + FRAME_EPOCH_OFFSET, (int)epoch);
        buffer.putLong(offset + FRAME_SEQNO_OFFSET, nextSeqno);
        buffer.putLong(offset + FRAME_TIMESTAMP_OFFSET, timestampNs);
        claimOffset = offset;
        claimFrameLength = frameLength;
        claimEpoch = epoch;
        return offset + FRAME_HEADER_LENGTH;
    }

    /** @return the buffer a {@link #claim} writes into: the current segment's mapping. */
    public MutableDirectBuffer claimBuffer()
    {
        return buffer;
    }

    /**
     * Publishes the claimed frame: checksum, then its length with release semantics.
     *
     * @return the seqno assigned.
     */
    public long commit()
    {
        final int offset = claimOffset;
        if (-1 == offset)
        {
            throw new IllegalStateException("no open claim");
        }
        claimOffset = -1;
        final int frameLength = claimFrameLength;
        final long seqno = nextSeqno;
        buffer.putInt(offset + FRAME_CRC_OFFSET, segment.crc(crc, offset + CRC_START, offset + frameLength));
        buffer.putIntRelease(offset, frameLength);
        published(seqno, offset, alignedLength(frameLength), claimEpoch);
        return seqno;
    }

    /** Drops the open claim: its bytes are zeroed again, nothing was published. */
    public void abort()
    {
        if (-1 != claimOffset)
        {
            buffer.setMemory(claimOffset, alignedLength(claimFrameLength), (byte)0);
            claimOffset = -1;
        }
    }

    /**
     * Appends one frame of any appendable type with a body copied from src. Allocation-free.
     *
     * @return the seqno assigned.
     * @see #claim
     */
    public long appendFrame(final int type, final long epoch, final long timestampNs, final DirectBuffer body,
        final int offset, final int length)
    {
        final int at = claim(type, epoch, timestampNs, length);
        if (length > 0)
        {
            buffer.putBytes(at, body, offset, length);
        }
        return commit();
    }

    /**
     * Appends one ENTRY whose channel, key and payload all lie in src (as in an ingress message). Allocation-free.
     *
     * @return the seqno assigned.
     * @throws IllegalArgumentException when the entry is too long, the channel longer than 254 bytes, or
     *                                  the epoch lower than the last one or above {@link LogFormat#MAX_EPOCH}.
     * @throws LogDiskFullException when the entry needs a new segment that cannot be reserved.
     */
    public long appendEntry(
        final long epoch, final long timestampNs, final long producerId, final long producerSeqno,
        final DirectBuffer src, final int channelOffset, final int channelLength, final int keyOffset,
        final int keyLength, final int payloadOffset, final int payloadLength)
    {
        int position = claimEntry(epoch, timestampNs, producerId, producerSeqno, channelLength, keyLength,
            payloadLength);
        final UnsafeBuffer buffer = this.buffer;
        buffer.putBytes(position, src, channelOffset, channelLength);
        position += channelLength;
        buffer.putBytes(position, src, keyOffset, keyLength);
        position += keyLength;
        buffer.putBytes(position, src, payloadOffset, payloadLength);
        return commit();
    }

    /**
     * Claims an ENTRY and writes its fixed fields; the caller writes the channel bytes into {@link #claimBuffer()}
     * at the returned offset, the key right after them and the payload right after the key, then calls
     * {@link #commit()}. Zero-copy when the parts are produced in place. Allocation-free.
     *
     * @return the offset of the channel bytes in {@link #claimBuffer()}.
     * @throws IllegalArgumentException as {@link #appendEntry}.
     */
    public int claimEntry(final long epoch, final long timestampNs, final long producerId, final long producerSeqno,
        final int channelLength, final int keyLength, final int payloadLength)
    {
        final int bodyLength = LogEntryView.bodyLength(channelLength, keyLength, payloadLength);
        if (channelLength > MAX_CHANNEL_LENGTH || channelLength < 0 || keyLength < 0 || payloadLength < 0 ||
            bodyLength < 0)
        {
            throw new IllegalArgumentException("bad entry lengths: channel=" + channelLength + " key=" + keyLength +
                " payload=" + payloadLength);
        }
        final int at = claim(FrameTypes.ENTRY, epoch, timestampNs, bodyLength);
        return LogEntryView.putFixed(buffer, at, producerId, producerSeqno, channelLength, keyLength);
    }

    /**
     * Appends frames built by another node's writer, verbatim: each must be an ENTRY, LEADER_MARKER or family
     * frame (see {@link FrameTypes#isReplicable}) whose seqno continues from {@link #lastSeqno()}, with a sound
     * checksum (and, for an ENTRY, a sound body) and an epoch that does not go down. Frames are laid out as in a
     * segment (each at an offset aligned to {@link LogFormat#FRAME_ALIGNMENT} from src offset). Allocation-free on
     * success.
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
            final int type = frameType(src, at);
            final long epoch = frameEpoch(src, at);
            String problem = null;
            if (frameLength < FRAME_HEADER_LENGTH || frameLength > length - position ||
                frameLength > cfg.maxFrameLength())
            {
                problem = "frame length out of range: " + frameLength;
            }
            else if (!FrameTypes.isReplicable(type))
            {
                problem = "frame type " + type + " cannot be replicated";
            }
            else if (FrameTypes.ENTRY == type && frameLength < FRAME_HEADER_LENGTH + LogEntryView.MIN_BODY_LENGTH)
            {
                problem = "ENTRY frame shorter than an empty entry: " + frameLength;
            }
            else if (seqno != nextSeqno)
            {
                problem = "seqno " + seqno + " does not continue from last seqno " + (nextSeqno - 1);
            }
            else if (epoch < lastEpoch)
            {
                problem = "epoch " + epoch + " is below last epoch " + lastEpoch;
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
        final boolean bodyOk = crcOk &&
            (FrameTypes.ENTRY != Frames.type(buffer, offset) || entryView.wrap(buffer, offset, frameLength));
        if (!bodyOk)
        {
            buffer.setMemory(offset, frameLength, (byte)0);
            throw new LogCorruptionException(seqno, "appendFrames source", srcPosition,
                crcOk ? "malformed body: " + entryView.error() : Frames.BAD_CRC);
        }
        final long epoch = frameEpoch(buffer, offset);
        buffer.putIntRelease(offset, frameLength);
        published(seqno, offset, aligned, epoch);
    }

    private void checkEpoch(final long epoch)
    {
        if (epoch < lastEpoch)
        {
            throw new IllegalArgumentException("epoch " + epoch + " is below the log's last epoch " + lastEpoch);
        }
        if (epoch > MAX_EPOCH)
        {
            throw new IllegalArgumentException("epoch " + epoch + " does not fit a frame's uint32 epoch");
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
        if (tail > halfMark && null == nextSegment)
        {
            if (!cfg.preallocateOnAppend())
            {
                // only asks the background thread (a CAS and an unpark); doWork or the roll takes the result
                if (preallocator.isIdle() && System.nanoTime() - nextPreallocateNs >= 0)
                {
                    preallocator.request();
                }
            }
            else if (System.nanoTime() - nextPreallocateNs >= 0)
            {
                try
                {
                    preallocate();
                }
                catch (final LogDiskFullException ex)
                {
                    // this entry is appended; the append that needs the next segment is the one refused
                    nextPreallocateNs = System.nanoTime() + 1_000_000_000L;
                }
            }
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
     * Housekeeping for an agent duty cycle: time-based force (also the backstop that makes a trickle of entries
     * durable under EVERY_N_ENTRIES) and pre-allocation of the next segment: with preallocateOnAppend off it asks
     * the background thread once the tail passes the half-way mark and takes the segment it delivers, creating
     * and mapping nothing itself and allocating nothing; with it on it pre-allocates inline. A pre-allocation
     * that fails for want of space is retried at most once a second; that failure never throws from here.
     *
     * @return work done.
     * @throws LogException when a pre-allocation failed for another reason than space (it is asked again).
     */
    public int doWork()
    {
        int work = 0;
        if (Durability.NONE != durability && unforcedEntries > 0 &&
            System.nanoTime() - lastForceNs >= forceIntervalNs)
        {
            force();
            work++;
        }
        if (null == nextSegment)
        {
            if (!cfg.preallocateOnAppend())
            {
                if (preallocator.isDone())
                {
                    takePreallocationOrBackOff();
                    work++;
                }
                else if (tail > halfMark && System.nanoTime() - nextPreallocateNs >= 0 && preallocator.request())
                {
                    work++;
                }
            }
            else if (tail > halfMark && System.nanoTime() - nextPreallocateNs >= 0)
            {
                try
                {
                    preallocate();
                }
                catch (final LogDiskFullException ex)
                {
                    nextPreallocateNs = System.nanoTime() + 1_000_000_000L;
                }
                work++;
            }
        }
        return work;
    }

    /** Makes the next segment on this thread (or waits for the background thread making it), counted. */
    private void preallocate()
    {
        inlinePreallocations++;
        preallocator.makeHere();
        takePreallocation();
    }

    /**
     * Takes a finished pre-allocation: the next segment, or its failure rethrown (a LogDiskFullException also
     * sets {@link #diskFullReason()}, as a successful one clears it).
     */
    private void takePreallocation()
    {
        final RuntimeException failure = preallocator.failure();
        if (null == failure)
        {
            nextSegment = preallocator.segment();
            nextIndex = preallocator.index();
            diskFullReason = null;
        }
        preallocator.reset();
        if (null != failure)
        {
            if (failure instanceof LogDiskFullException)
            {
                diskFullReason = failure.getMessage();
            }
            throw failure;
        }
    }

    /** Takes a background result; a full disk postpones the next attempt by a second instead of throwing. */
    private void takePreallocationOrBackOff()
    {
        try
        {
            takePreallocation();
        }
        catch (final LogDiskFullException ex)
        {
            nextPreallocateNs = System.nanoTime() + 1_000_000_000L;
        }
    }

    private void roll()
    {
        if (null == nextSegment && preallocator.isDone())
        {
            takePreallocationOrBackOff();
        }
        if (null == nextSegment)
        {
            try
            {
                // Reserve the next segment before sealing this one: on a full disk nothing changes. A refused
                // append retries the reservation at most once a second, so refusals cost no I/O.
                if (null != diskFullReason && System.nanoTime() - nextPreallocateNs < 0)
                {
                    throw new LogDiskFullException(diskFullReason, null);
                }
                preallocate();
            }
            catch (final LogDiskFullException ex)
            {
                nextPreallocateNs = System.nanoTime() + 1_000_000_000L;
                diskFullCount++;
                throw new LogDiskFullException("log " + dir + " refuses the append of seqno " + nextSeqno +
                    ": its segment is full and the next one cannot be reserved; entries up to " + (nextSeqno - 1) +
                    " stay readable. " + ex.getMessage(), ex);
            }
        }
        final int remaining = segmentLength - tail;
        if (remaining >= FRAME_HEADER_LENGTH)
        {
            buffer.putShort(tail + FRAME_TYPE_OFFSET, (short)TYPE_PADDING);
            buffer.putShort(tail + FRAME_FLAGS_OFFSET, (short)0);
            buffer.putInt(tail + FRAME_EPOCH_OFFSET, (int)lastEpoch);
            buffer.putLong(tail + FRAME_SEQNO_OFFSET, nextSeqno);
            buffer.putLong(tail + FRAME_TIMESTAMP_OFFSET, 0);
            buffer.putInt(tail + FRAME_CRC_OFFSET, segment.crc(crc, tail + CRC_START, tail + FRAME_HEADER_LENGTH));
            buffer.putIntRelease(tail, remaining);
        }
        tail = segmentLength;
        if (Durability.NONE != cfg.durability())
        {
            force();
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
            // Metadata-only and once per segment, so left on the writer's thread (unlike the pre-allocation).
            Files.move(preallocatedIndexFile, LogDirectory.indexFile(dir, base), StandardCopyOption.ATOMIC_MOVE);
            Files.move(preallocatedSegmentFile, LogDirectory.segmentFile(dir, base),
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
        return trimBelow(seqno, Runnable::run);
    }

    /**
     * As {@link #trimBelow(long)}, but the files are deleted by {@code deleter} (a background thread), so a duty
     * cycle only updates the list of segments; readers already in a released segment keep their mapping.
     *
     * @return number of segments released.
     */
    public int trimBelow(final long seqno, final java.util.concurrent.Executor deleter)
    {
        int released = 0;
        while (segmentBases.size() > 1 && segmentBases.getLong(1) <= seqno)
        {
            deleteOldest(deleter);
            released++;
        }
        return released;
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
        deleteOldest(Runnable::run);
    }

    private void deleteOldest(final java.util.concurrent.Executor deleter)
    {
        final long base = segmentBases.getLong(0);
        final Path segment = LogDirectory.segmentFile(dir, base);
        final Path index = LogDirectory.indexFile(dir, base);
        deleter.execute(() ->
        {
            Segment.deleteQuietly(segment);
            Segment.deleteQuietly(index);
        });
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

    /**
     * @return the longest frame this log takes, header included.
     */
    public int maxFrameLength()
    {
        return cfg.maxFrameLength();
    }

    public long lastSeqno()
    {
        return nextSeqno - 1;
    }

    public long lastEpoch()
    {
        return lastEpoch;
    }

    /**
     * @return highest seqno whose frame is forced to storage. With {@link Durability#NONE}: the last seqno (it is
     *         in the page cache and survives a process crash, not a machine crash). With EVERY_N_ENTRIES: advances
     *         every N appends, on a roll, and by {@link #doWork()} once forceIntervalUs has passed with entries
     *         unforced. With EVERY_T_MICROS: advances on the append or doWork that finds forceIntervalUs passed.
     *         After open, everything recovered is durable.
     */
    public long durableSeqno()
    {
        return durableSeqno;
    }

    /** @return appends refused because the next segment could not be reserved (disk full), since open. */
    public long diskFullCount()
    {
        return diskFullCount;
    }

    /**
     * @return rolls, appends and doWork calls that made the next segment on the writer's thread, or waited there
     *         for the background thread to finish it. Every pre-allocation with preallocateOnAppend on; with it
     *         off, only a roll that outran the background thread, so 0 when doWork runs between appends and the
     *         disk keeps up.
     */
    public long inlinePreallocations()
    {
        return inlinePreallocations;
    }

    /** @return true while a background pre-allocation is asked for, in progress, or delivered and not yet taken. */
    boolean preallocationPending()
    {
        return !preallocator.isIdle();
    }

    /** @return why the last reservation of a segment failed, or null once one has succeeded since. */
    public String diskFullReason()
    {
        return diskFullReason;
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
        // waits for a pre-allocation in progress and unmaps one delivered but not taken; its .tmp files stay
        preallocator.close();
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
