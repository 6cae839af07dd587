package io.boomscooter.engine.log;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * Child-process main for the full-disk test: appends 32-byte entries to a log on a small file system until an
 * append is refused, then checks that every appended entry still reads back. A SIGBUS would kill this JVM, not
 * the test's. Prints "refused LAST DISKFULLCOUNT MESSAGE", then "read COUNT", then "done".
 * Args: dir.
 */
public final class LogDiskFullProcess
{
    public static void main(final String[] args)
    {
        final Path dir = Path.of(args[0]);
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[32]);
        try (LogWriter writer = LogWriter.open(dir, new LogConfig().segmentLength(64 * 1024).indexInterval(16)))
        {
            String refusal = null;
            for (long i = 1; i < 10_000_000 && null == refusal; i++)
            {
                try
                {
                    payload.putLong(0, i);
                    writer.appendEntry(1, i, 5, i, payload, 0, 0, 0, 0, 0, 32);
                    if (i % 64 == 0)
                    {
                        writer.doWork();
                    }
                }
                catch (final LogDiskFullException ex)
                {
                    refusal = ex.getMessage().replace('\n', ' ');
                }
            }
            System.out.println("refused " + writer.lastSeqno() + " " + writer.diskFullCount() + " " + refusal);
            try
            {
                writer.appendEntry(1, 0, 5, 0, payload, 0, 0, 0, 0, 0, 32);
                System.out.println("second append taken");
            }
            catch (final LogDiskFullException ex)
            {
                System.out.println("second append refused " + writer.diskFullCount());
            }
            final long[] read = {0, 0};
            try (LogReader reader = LogReader.open(dir))
            {
                int n;
                while ((n = reader.poll((buffer, offset, length, seqno, epoch, ts) ->
                {
                    if (buffer.getLong(offset + length - 32) == seqno)
                    {
                        read[0]++;
                    }
                    read[1] = seqno;
                }, 4096)) > 0)
                {
                    // reading
                }
                if (n < 0)
                {
                    System.out.println("read failed " + reader.corruptDescription());
                }
            }
            System.out.println("read " + read[0] + " " + read[1]);
        }
        System.out.println("done");
    }
}
