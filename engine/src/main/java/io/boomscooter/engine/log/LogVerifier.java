package io.boomscooter.engine.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a whole log checking every frame's checksum, seqno contiguity and body structure: the engine behind
 * {@code boomscooter log verify} and {@code log stats}. Allocates; not for hot paths.
 */
public final class LogVerifier
{
    private LogVerifier()
    {
    }

    /**
     * What a walk over the log found. entries counts ENTRY frames; otherFrames counts every other sequenced frame
     * (leader markers, family frames, types this build does not know, all CRC-checked and skipped); entryBytes is
     * the aligned bytes ENTRY frames take in segments.
     */
    public record Result(
        boolean ok, int segments, long bytesOnDisk, long entries, long firstSeqno, long lastSeqno, long lastEpoch,
        long lastTimestampNs, long badSeqno, String badFile, long badOffset, String reason, long otherFrames,
        long entryBytes)
    {
        /** @return average bytes an entry takes in a segment, frame header and alignment included; 0 if none. */
        public double bytesPerEntry()
        {
            return 0 == entries ? 0 : (double)entryBytes / entries;
        }

        public String describe()
        {
            return ok ? "ok" : "corrupt at seqno " + badSeqno + " in " + badFile + " at offset " + badOffset + ": " +
                reason;
        }
    }

    public static Result verify(final Path dir)
    {
        final long[] bases = LogDirectory.segmentBases(dir);
        if (0 == bases.length)
        {
            throw new LogException("not a log directory (no *.seg files): " + dir);
        }
        long bytes = 0;
        for (final long base : bases)
        {
            try
            {
                bytes += Files.size(LogDirectory.segmentFile(dir, base));
            }
            catch (final IOException ignore)
            {
                // trimmed while we look
            }
        }
        final long[] stats = new long[6]; // entries, last seqno, last epoch, last timestamp, other frames, entry bytes
        final String[] bodyError = new String[1];
        final long[] bodyErrorAt = new long[2];
        stats[1] = bases[0] - 1;
        final LogEntryView view = new LogEntryView();
        try (LogReader reader = LogReader.open(dir))
        {
            int seek = reader.seek(bases[0]);
            if (LogReader.SEEK_CORRUPT == seek)
            {
                return bad(bases.length, bytes, stats, bases[0], reader);
            }
            while (true)
            {
                final int n = reader.pollFrames((type, buffer, offset, length, seqno, epoch, ts) ->
                {
                    if (FrameTypes.ENTRY != type)
                    {
                        stats[4]++;
                    }
                    else
                    {
                        if (null == bodyError[0] && !view.wrap(buffer, offset, length))
                        {
                            bodyError[0] = view.error();
                            bodyErrorAt[0] = seqno;
                            bodyErrorAt[1] = offset;
                        }
                        stats[0]++;
                        stats[5] += LogFormat.alignedLength(length);
                    }
                    stats[1] = seqno;
                    stats[2] = epoch;
                    stats[3] = ts;
                }, 4096);
                if (null != bodyError[0])
                {
                    final long seqno = bodyErrorAt[0];
                    final Path file = LogDirectory.segmentFile(dir, bases[LogDirectory.floorIndex(bases, seqno)]);
                    return new Result(false, bases.length, bytes, stats[0], bases[0], stats[1], stats[2], stats[3],
                        seqno, file.toString(), bodyErrorAt[1], "malformed body: " + bodyError[0], stats[4], stats[5]);
                }
                if (LogReader.CORRUPT == n)
                {
                    return bad(bases.length, bytes, stats, bases[0], reader);
                }
                if (LogReader.TRIMMED == n)
                {
                    seek = reader.seek(reader.earliestSeqno());
                    if (LogReader.SEEK_OK != seek)
                    {
                        return bad(bases.length, bytes, stats, bases[0], reader);
                    }
                    continue;
                }
                if (0 == n)
                {
                    break;
                }
            }
        }
        return new Result(true, bases.length, bytes, stats[0], bases[0], stats[1], stats[2], stats[3], 0, null, 0,
            null, stats[4], stats[5]);
    }

    private static Result bad(final int segments, final long bytes, final long[] stats, final long first,
        final LogReader reader)
    {
        return new Result(false, segments, bytes, stats[0], first, stats[1], stats[2], stats[3],
            reader.corruptSeqno(), reader.corruptFile(), reader.corruptOffset(), reader.corruptReason(), stats[4],
            stats[5]);
    }
}
