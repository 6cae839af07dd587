package io.boomscooter.engine.subscriber;

import io.boomscooter.engine.log.LogFormat;
import io.boomscooter.engine.log.LogReader;
import io.boomscooter.engine.log.TypedFrameHandler;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where the committed end of one log is in its files, for notification-only subscribers: a reader that
 * follows the commit seqno and notes the segment (base, file name, length) and written size of the last
 * committed frame. Shared by every notification subscriber of the log, and only kept while there is one.
 */
final class LogTail implements TypedFrameHandler, AutoCloseable
{
    private static final int BUDGET = 4096;

    private final LogSource source;
    private final LogReader reader;
    private final UnsafeBuffer fileName = new UnsafeBuffer(new byte[LogFormat.SEQNO_DIGITS + 4]);
    private long segmentBase;
    private long segmentLength;
    private long writtenSize;
    private long commitSeqno;
    private long segmentChanges;
    int users;

    LogTail(final LogSource source)
    {
        this.source = source;
        reader = LogReader.open(source.directory());
        final long commit = source.commitSeqno();
        segmentBase = floorBase(source.directory(), Math.max(1, commit));
        segmentLength = fileLength(source.directory().resolve(LogFormat.segmentFileName(segmentBase)));
        segmentFileChanged(segmentBase);
        writtenSize = LogFormat.SEGMENT_HEADER_LENGTH;
        // Stand just before the last committed entry, so the first poll lands on it and tells us where it is.
        reader.seek(Math.max(1, Math.max(commit, reader.earliestSeqno())));
        commitSeqno = reader.nextSeqno() - 1;
    }

    /**
     * Catches up with the commit seqno.
     *
     * @return entries passed.
     */
    int poll()
    {
        final long commit = source.commitSeqno();
        final long behind = commit - commitSeqno;
        if (behind <= 0)
        {
            return 0;
        }
        // every frame type: the committed end may be a leader marker or a family frame
        final int polled = reader.pollFrames(this, (int)Math.min(BUDGET, behind));
        return Math.max(0, polled);
    }

    public void onFrame(final int type, final DirectBuffer buffer, final int frameOffset, final int frameLength,
        final long seqno, final long epoch, final long timestampNs)
    {
        if (LogFormat.SEGMENT_HEADER_LENGTH == frameOffset && seqno != segmentBase)
        {
            segmentBase = seqno;
            segmentLength = buffer.capacity();
            segmentFileChanged(seqno);
        }
        if (0 == segmentLength)
        {
            segmentLength = buffer.capacity();
        }
        writtenSize = frameOffset + LogFormat.alignedLength(frameLength);
        commitSeqno = seqno;
    }

    private void segmentFileChanged(final long base)
    {
        fileName.putBytes(0, LogFormat.segmentFileName(base).getBytes(StandardCharsets.US_ASCII));
        segmentChanges++;
    }

    long segmentBase()
    {
        return segmentBase;
    }

    long segmentLength()
    {
        return segmentLength;
    }

    long writtenSize()
    {
        return writtenSize;
    }

    long commitSeqno()
    {
        return commitSeqno;
    }

    /**
     * @return a number that changes each time the tail enters a new segment file.
     */
    long segmentChanges()
    {
        return segmentChanges;
    }

    DirectBuffer fileName()
    {
        return fileName;
    }

    int fileNameLength()
    {
        return fileName.capacity();
    }

    int logId()
    {
        return source.logId();
    }

    public void close()
    {
        CloseHelper.quietClose(reader);
    }

    private static long fileLength(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException ex)
        {
            return 0;
        }
    }

    private static long floorBase(final Path dir, final long seqno)
    {
        long floor = 1;
        try (Stream<Path> files = Files.list(dir))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                final String name = file.getFileName().toString();
                if (name.endsWith(LogFormat.SEGMENT_SUFFIX) && name.length() == LogFormat.SEQNO_DIGITS + 4)
                {
                    final long base = LogFormat.parseSegmentFileName(name);
                    if (base <= seqno && base > floor)
                    {
                        floor = base;
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return floor;
    }
}
