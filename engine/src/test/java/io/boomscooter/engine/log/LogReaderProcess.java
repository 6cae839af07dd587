package io.boomscooter.engine.log;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Child-process main for cross-process tests: follows a log from seqno 1 until it has read the expected
 * count, checking every entry, then prints "count=N last=S". Exits 2 on a deadline, 3 on a bad entry.
 * Args: dir expectedCount.
 */
public final class LogReaderProcess
{
    public static void main(final String[] args)
    {
        final Path dir = Path.of(args[0]);
        final long expected = Long.parseLong(args[1]);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(dir.resolve(LogFormat.segmentFileName(1))))
        {
            if (System.nanoTime() > deadline)
            {
                System.exit(2);
            }
            Thread.yield();
        }
        final long[] count = {0};
        final long[] last = {0};
        final LogEntryView view = new LogEntryView();
        try (LogReader reader = LogReader.open(dir))
        {
            System.out.println("ready");
            while (count[0] < expected)
            {
                final int n = reader.poll((buffer, offset, length, seqno, epoch, ts) ->
                {
                    if (seqno != last[0] + 1)
                    {
                        System.out.println("gap after " + last[0] + " got " + seqno);
                        System.exit(3);
                    }
                    LogTestSupport.checkDeterministic(buffer, offset, length, seqno, epoch, ts, view);
                    last[0] = seqno;
                    count[0]++;
                }, 256);
                if (n < 0)
                {
                    System.out.println("poll " + n + " " + reader.corruptDescription());
                    System.exit(3);
                }
                if (0 == n)
                {
                    if (System.nanoTime() > deadline)
                    {
                        System.out.println("deadline count=" + count[0]);
                        System.exit(2);
                    }
                    Thread.yield();
                }
            }
        }
        System.out.println("count=" + count[0] + " last=" + last[0]);
    }
}
