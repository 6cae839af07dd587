package io.boomscooter.perf.jmh;

import io.boomscooter.codecs.ingress.MessageHeaderDecoder;
import io.boomscooter.codecs.ingress.MessageHeaderEncoder;
import io.boomscooter.codecs.ingress.SubmitEntryDecoder;
import io.boomscooter.codecs.ingress.SubmitEntryEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Encode and decode of the producer ingress message, the codec on every entry's path.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@State(Scope.Thread)
public class CodecBenchmark
{
    @Param({"32", "256", "1024"})
    int payloadSize;

    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
    private final UnsafeBuffer payload = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final SubmitEntryEncoder encoder = new SubmitEntryEncoder();
    private final SubmitEntryDecoder decoder = new SubmitEntryDecoder();
    private final byte[] channel = "orders.eu".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private long producerSeqno;

    @Setup
    public void setup()
    {
        encode();
    }

    @Benchmark
    public int encode()
    {
        encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .logId(1)
            .producerId(42)
            .producerSeqno(++producerSeqno)
            .timestampNs(producerSeqno)
            .putChannel(channel, 0, channel.length)
            .putKey(payload, 0, 0)
            .putPayload(payload, 0, payloadSize);
        return encoder.encodedLength();
    }

    @Benchmark
    public long decode()
    {
        headerDecoder.wrap(buffer, 0);
        decoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        long sum = decoder.logId() + decoder.producerId() + decoder.producerSeqno();
        sum += decoder.channelLength();
        decoder.skipChannel();
        decoder.skipKey();
        sum += decoder.payloadLength();
        return sum;
    }
}
