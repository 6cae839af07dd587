package io.boomscooter.perf.jmh;

import io.boomscooter.engine.log.LogConfig;
import io.boomscooter.engine.log.LogEntryView;
import io.boomscooter.engine.log.LogFrameHandler;
import io.boomscooter.engine.log.LogReader;
import io.boomscooter.engine.log.LogWriter;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A reader polling a pre-written log (checksum verified, body decoded with LogEntryView), re-seeking to the
 * start when it reaches the end. Reported per entry: ops/us = million entries/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@State(Scope.Thread)
public class LogReadBenchmark
{
    private static final int ENTRIES = 200_000;
    private static final int BATCH = 100;

    @Param({"32", "256", "1024"})
    int payloadSize;

    private Path dir;
    private LogReader reader;
    private long sink;
    private final LogEntryView view = new LogEntryView();
    private final LogFrameHandler handler = (buffer, offset, length, seqno, epoch, ts) ->
    {
        if (view.wrap(buffer, offset, length))
        {
            sink += view.payloadLength() + view.producerId() + seqno;
        }
    };

    @Setup(Level.Trial)
    public void setup() throws IOException
    {
        dir = LogAppendBenchmark.benchmarkDir("log-read-bench");
        final UnsafeBuffer channel = new UnsafeBuffer("orders.eu".getBytes(StandardCharsets.US_ASCII));
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[payloadSize]);
        try (LogWriter writer = LogWriter.open(dir, new LogConfig().segmentLength(64 * 1024 * 1024)))
        {
            for (int i = 1; i <= ENTRIES; i++)
            {
                final int at = writer.claimEntry(1, i, 7, i, channel.capacity(), 0, payloadSize);
                writer.claimBuffer().putBytes(at, channel, 0, channel.capacity());
                writer.claimBuffer().putBytes(at + channel.capacity(), payload, 0, payloadSize);
                writer.commit();
            }
        }
        reader = LogReader.open(dir);
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        reader.close();
        IoUtil.delete(dir.toFile(), true);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long poll()
    {
        int read = 0;
        while (read < BATCH)
        {
            final int n = reader.poll(handler, BATCH - read);
            if (n <= 0)
            {
                reader.seek(1); // wrapped: start over (rare: once per 200k entries)
            }
            else
            {
                read += n;
            }
        }
        return sink;
    }
}
