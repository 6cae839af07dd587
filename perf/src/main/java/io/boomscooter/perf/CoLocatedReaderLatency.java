package io.boomscooter.perf;

import io.boomscooter.engine.log.LogConfig;
import io.boomscooter.engine.log.LogReader;
import io.boomscooter.engine.log.LogWriter;
import org.HdrHistogram.Histogram;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How soon a co-located reader (a {@link LogReader} busy-polling the same segment files) sees an entry
 * after the writer appends it: the writer stamps System.nanoTime() into the payload just before the
 * append, the reader subtracts on receipt. Two threads, both busy-spinning, one per core.
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp perf/target/boomscooter.jar \
 *     io.boomscooter.perf.CoLocatedReaderLatency [entries] [rate per second]
 * </pre>
 */
public final class CoLocatedReaderLatency
{
    private CoLocatedReaderLatency()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int entries = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        final long rate = args.length > 1 ? Long.parseLong(args[1]) : 200_000;
        final Path dir = Files.createTempDirectory(io.boomscooter.driver.AeronDirectories.baseDirectory().toPath(),
            "boomscooter-reader-latency-");
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(1), 3);
        try (LogWriter writer = LogWriter.open(dir, new LogConfig().segmentLength(256 * 1024 * 1024)))
        {
            final AtomicBoolean ready = new AtomicBoolean();
            final Thread reader = new Thread(() -> read(dir, entries, histogram, ready), "co-located-reader");
            reader.start();
            while (!ready.get())
            {
                Thread.onSpinWait();
            }
            final UnsafeBuffer payload = new UnsafeBuffer(ByteBuffer.allocateDirect(32));
            final UnsafeBuffer channel = new UnsafeBuffer(new byte[]{ 'r' });
            final long intervalNs = 1_000_000_000L / rate;
            long next = System.nanoTime();
            for (int i = 0; i < entries; i++)
            {
                while (System.nanoTime() < next)
                {
                    Thread.onSpinWait();
                }
                next += intervalNs;
                payload.putLong(0, System.nanoTime());
                final int at = writer.claimEntry(1, 0, 1, i + 1, 1, 0, 32);
                writer.claimBuffer().putBytes(at, channel, 0, 1);
                writer.claimBuffer().putBytes(at + 1, payload, 0, 32);
                writer.commit();
                if ((i & 1023) == 0)
                {
                    writer.doWork();
                }
            }
            reader.join();
        }
        finally
        {
            IoUtil.delete(dir.toFile(), true);
        }
        final Histogram warm = histogram;
        System.out.printf("co-located reader, %,d entries at %,d/s (first 10%% excluded): ns p50=%d p90=%d p99=%d " +
            "p99.9=%d max=%d%n", entries, rate, warm.getValueAtPercentile(50), warm.getValueAtPercentile(90),
            warm.getValueAtPercentile(99), warm.getValueAtPercentile(99.9), warm.getMaxValue());
    }

    private static void read(final Path dir, final int entries, final Histogram histogram, final AtomicBoolean ready)
    {
        try (LogReader reader = LogReader.open(dir))
        {
            reader.seek(1);
            ready.set(true);
            final long warmUp = entries / 10;
            final long[] seen = {0};
            while (seen[0] < entries)
            {
                final int polled = reader.poll((buffer, offset, length, seqno, epoch, ts) ->
                {
                    final long nowNs = System.nanoTime();
                    final io.boomscooter.engine.log.LogEntryView view = reader.entryView();
                    if (view.wrap(buffer, offset, length) && seqno > warmUp)
                    {
                        histogram.recordValue(Math.min(nowNs - buffer.getLong(view.payloadOffset()),
                            histogram.getHighestTrackableValue()));
                    }
                    seen[0]++;
                }, 64);
                if (polled < 0)
                {
                    throw new IllegalStateException(reader.corruptDescription());
                }
                if (polled == 0)
                {
                    Thread.onSpinWait();
                }
            }
        }
    }
}
