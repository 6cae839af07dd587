package io.boomscooter.engine.log;

import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * Child-process main for crash tests: appends deterministic entries continuously and prints each
 * published seqno (every 50th, and always after a flush point) so the parent knows what it must recover.
 * Args: dir segmentLength maxEntries.
 */
public final class LogWriterProcess
{
    public static void main(final String[] args)
    {
        final Path dir = Path.of(args[0]);
        final int segmentLength = Integer.parseInt(args[1]);
        final long max = Long.parseLong(args[2]);
        try (LogWriter writer = LogWriter.open(dir, new LogConfig().segmentLength(segmentLength).indexInterval(16)))
        {
            System.out.println("open " + writer.lastSeqno());
            while (writer.lastSeqno() < max)
            {
                final long seqno = LogTestSupport.appendDeterministic(writer);
                if (seqno % 50 == 0)
                {
                    System.out.println(seqno);
                }
                if (seqno % 1000 == 0)
                {
                    // Keep the disk use of an unkilled child bounded while staying mid-stream.
                    LockSupport.parkNanos(200_000);
                }
            }
            System.out.println("done " + writer.lastSeqno());
        }
    }
}
