package io.boomscooter.perf.jmh;

import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Hand-off between two threads through an Agrona ring buffer, as engine agents pass work inside a
 * process (embedded producers to the leader, the TCP poller to session owners). One writer, one reader
 * in a JMH group; the auxiliary counters give messages moved per second (the raw op rate also counts
 * failed writes on a full buffer and empty reads).
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp perf/target/boomscooter.jar \
 *     org.openjdk.jmh.Main RingBufferHandoff
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class RingBufferHandoffBenchmark
{
    private static final int MSG_TYPE_ID = 7;
    private static final int CAPACITY = 64 * 1024;

    /**
     * The ring buffer both threads of a group share.
     */
    @State(Scope.Group)
    public static class Shared
    {
        @Param({"one-to-one", "many-to-one"})
        String type;

        @Param({"32", "256"})
        int messageSize;

        RingBuffer ringBuffer;
        UnsafeBuffer message;

        @Setup(Level.Trial)
        public void setup()
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(
                ByteBuffer.allocateDirect(CAPACITY + RingBufferDescriptor.TRAILER_LENGTH));
            ringBuffer = "one-to-one".equals(type) ? new OneToOneRingBuffer(buffer) : new ManyToOneRingBuffer(buffer);
            message = new UnsafeBuffer(ByteBuffer.allocateDirect(messageSize));
        }
    }

    /**
     * Messages actually moved, reported per second beside the op rate.
     */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Moved
    {
        // names must differ from the benchmark methods', or JMH reports one under the other's name
        public long messagesWritten;
        public long messagesRead;

        @Setup(Level.Iteration)
        public void reset()
        {
            messagesWritten = 0;
            messagesRead = 0;
        }
    }

    /**
     * Reader side: counts what it drains and touches the first word, as a real consumer would.
     */
    @State(Scope.Thread)
    public static class Reader
    {
        long checksum;
        final MessageHandler handler = (msgTypeId, buffer, index, length) -> checksum += buffer.getLong(index);
    }

    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public boolean write(final Shared shared, final Moved moved)
    {
        final boolean written = shared.ringBuffer.write(MSG_TYPE_ID, shared.message, 0, shared.messageSize);
        if (written)
        {
            moved.messagesWritten++;
        }
        return written;
    }

    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public int read(final Shared shared, final Reader reader, final Moved moved)
    {
        final int count = shared.ringBuffer.read(reader.handler, 64);
        moved.messagesRead += count;
        return count;
    }
}
