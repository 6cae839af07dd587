package io.boomscooter.perf.jmh;

import io.boomscooter.engine.log.LogConfig;
import io.boomscooter.engine.log.LogWriter;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One thread appending to a log, durability NONE. Segments live in /dev/shm when it exists (so the
 * figure is the engine's cost, not the disk's), else the temp dir; each trial trims old segments to
 * bound the space used. Throughput = entries/s; SampleTime gives append latency percentiles.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@State(Scope.Thread)
public class LogAppendBenchmark
{
    @Param({"32", "256", "1024"})
    int payloadSize;

    private final UnsafeBuffer channel = new UnsafeBuffer("orders.eu".getBytes(StandardCharsets.US_ASCII));
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[4096]);
    private Path dir;
    private LogWriter writer;
    private long producerSeqno;

    static Path benchmarkDir(final String prefix) throws IOException
    {
        final Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ?
            Files.createTempDirectory(shm, prefix) : Files.createTempDirectory(prefix);
    }

    @Setup(Level.Trial)
    public void setup() throws IOException
    {
        dir = benchmarkDir("log-append-bench");
        writer = LogWriter.open(dir, new LogConfig().segmentLength(256 * 1024 * 1024).preTouch(false));
    }

    @Setup(Level.Iteration)
    public void trim()
    {
        writer.trimBelow(writer.lastSeqno());
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        writer.close();
        IoUtil.delete(dir.toFile(), true);
    }

    @Benchmark
    public long append()
    {
        final long seqno = ++producerSeqno;
        final int at = writer.claimEntry(1, seqno, 7, seqno, channel.capacity(), 0, payloadSize);
        writer.claimBuffer().putBytes(at, channel, 0, channel.capacity());
        writer.claimBuffer().putBytes(at + channel.capacity(), payload, 0, payloadSize);
        final long result = writer.commit();
        if ((seqno & 1023) == 0)
        {
            writer.doWork();
        }
        return result;
    }
}
