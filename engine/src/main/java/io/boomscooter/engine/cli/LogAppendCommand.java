package io.boomscooter.engine.cli;

import io.boomscooter.engine.log.Durability;
import io.boomscooter.engine.log.LogConfig;
import io.boomscooter.engine.log.LogWriter;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(
    name = "append",
    mixinStandardHelpOptions = true,
    description = {
        "Append synthetic entries to a log, creating it when DIR is missing or empty, recovering it otherwise.",
        "Entries get producerId 1, producerSeqno = seqno, an empty key and a payload of --size bytes."})
final class LogAppendCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "DIR", description = "The log directory.")
    Path dir;

    @Option(names = "--count", required = true, description = "How many entries to append.")
    long count;

    @Option(names = "--size", defaultValue = "32", description = "Payload bytes per entry (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--channel", defaultValue = "cli", description = "Channel name, at most 254 UTF-8 bytes " +
        "(default ${DEFAULT-VALUE}).")
    String channel;

    @Option(names = "--epoch", description = "Epoch to stamp (default: the log's last epoch, at least 1).")
    Long epoch;

    @Option(names = "--segment-length", defaultValue = "67108864",
        description = "Bytes per new segment file, a multiple of 4096 (default ${DEFAULT-VALUE}).")
    int segmentLength;

    @Option(names = "--durability", defaultValue = "NONE",
        description = "NONE, EVERY_N_ENTRIES or EVERY_T_MICROS (default ${DEFAULT-VALUE}).")
    Durability durability;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    public Integer call()
    {
        final byte[] channelBytes = channel.getBytes(StandardCharsets.UTF_8);
        // channel then payload in one buffer, as an ingress message holds them
        final UnsafeBuffer entry = new UnsafeBuffer(new byte[channelBytes.length + Math.max(size, 1)]);
        entry.putBytes(0, channelBytes);
        for (int i = 0; i < size; i++)
        {
            entry.putByte(channelBytes.length + i, (byte)('a' + i % 26));
        }
        try (LogWriter writer = LogWriter.open(dir, new LogConfig().segmentLength(segmentLength)
            .durability(durability)))
        {
            final long e = null != epoch ? epoch : Math.max(1, writer.lastEpoch());
            final long first = writer.lastSeqno() + 1;
            final long start = System.nanoTime();
            for (long i = 0; i < count; i++)
            {
                final long seqno = writer.lastSeqno() + 1;
                writer.appendEntry(e, System.currentTimeMillis() * 1_000_000L, 1, seqno,
                    entry, 0, channelBytes.length, channelBytes.length, 0, channelBytes.length, size);
                writer.doWork();
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            final double rate = count / Math.max(seconds, 1e-9);
            if (json)
            {
                System.out.println(new JsonLine().put("dir", dir.toString()).put("appended", count)
                    .put("firstSeqno", first).put("lastSeqno", writer.lastSeqno()).put("epoch", e)
                    .put("seconds", seconds).put("entriesPerSecond", rate).put("segments", writer.segmentCount()));
            }
            else
            {
                System.out.printf("appended %d entries (seqnos %d..%d, epoch %d) in %.3f s, %.0f entries/s%n",
                    count, first, writer.lastSeqno(), e, seconds, rate);
            }
        }
        return 0;
    }
}
