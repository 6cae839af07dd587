package io.boomscooter.engine.cli;

import io.boomscooter.engine.log.FrameTypes;
import io.boomscooter.engine.log.LogEntryView;
import io.boomscooter.engine.log.LogReader;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.Callable;

@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description = {
        "Print entries of a log from a seqno, verifying each checksum; with --follow, keep printing new ones.",
        "Key and payload are printed in base64. Frames of other types (leader markers, family frames) are",
        "checked and skipped; --frames prints them as one line each. Exit status 1 when corruption is found,",
        "3 when trimmed."})
final class LogTailCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "DIR", description = "The log directory.")
    Path dir;

    @Option(names = "--from", defaultValue = "1",
        description = "First seqno to print (default ${DEFAULT-VALUE}; below the first held seqno is an error).")
    long from;

    @Option(names = "--follow", description = "Wait for new entries until interrupted (Ctrl-C).")
    boolean follow;

    @Option(names = "--limit", defaultValue = "-1", description = "Stop after this many entries (default: no limit).")
    long limit;

    @Option(names = "--json", description = "One JSON object per entry: seqno, timestamp, epoch, producerId, " +
        "producerSeqno, channel, key and payload (base64).")
    boolean json;

    @Option(names = "--frames", description = "Also print frames that are not entries (type and length only).")
    boolean frames;

    private long printed;

    public Integer call()
    {
        final Base64.Encoder base64 = Base64.getEncoder();
        final LogEntryView view = new LogEntryView();
        final IdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 1_000_000);
        try (LogReader reader = LogReader.open(dir))
        {
            final int seek = reader.seek(from);
            if (LogReader.SEEK_TRIMMED == seek)
            {
                System.err.println("boomscooter log tail: seqno " + from + " has been trimmed; the first held is " +
                    reader.earliestSeqno());
                return 3;
            }
            if (LogReader.SEEK_CORRUPT == seek)
            {
                System.err.println("boomscooter log tail: " + reader.corruptDescription());
                return 1;
            }
            if (LogReader.SEEK_NOT_YET == seek && !follow)
            {
                System.err.println("boomscooter log tail: seqno " + from + " is beyond the end of the log");
                return 0;
            }
            if (LogReader.SEEK_NOT_YET == seek)
            {
                while (LogReader.SEEK_NOT_YET == reader.seek(from))
                {
                    idle.idle();
                }
            }
            return loop(reader, idle, base64, view);
        }
    }

    private int loop(final LogReader reader, final IdleStrategy idle, final Base64.Encoder base64,
        final LogEntryView view)
    {
        while (limit < 0 || printed < limit)
        {
            final int n = reader.pollFrames((type, buffer, offset, length, seqno, epoch, ts) ->
            {
                if (limit >= 0 && printed >= limit)
                {
                    return;
                }
                if (FrameTypes.ENTRY != type)
                {
                    if (frames)
                    {
                        System.out.println(json ? new JsonLine().put("seqno", seqno).put("epoch", epoch)
                            .put("frameType", type).put("frameTypeName", FrameTypes.name(type))
                            .put("frameLength", length).toString() :
                            seqno + " epoch=" + epoch + " frame=" + FrameTypes.name(type) + " length=" + length);
                    }
                    return;
                }
                printed++;
                if (!view.wrap(buffer, offset, length))
                {
                    System.out.println(new JsonLine().put("seqno", seqno).put("error", view.error()));
                    return;
                }
                final byte[] key = new byte[view.keyLength()];
                buffer.getBytes(view.keyOffset(), key);
                final byte[] payload = new byte[view.payloadLength()];
                buffer.getBytes(view.payloadOffset(), payload);
                if (json)
                {
                    System.out.println(new JsonLine().put("seqno", seqno).put("timestamp", ts).put("epoch", epoch)
                        .put("producerId", view.producerId()).put("producerSeqno", view.producerSeqno())
                        .put("channel", view.channelAsString()).put("key", base64.encodeToString(key))
                        .put("payload", base64.encodeToString(payload)));
                }
                else
                {
                    System.out.println(seqno + " epoch=" + epoch + " ts=" + ts + " producer=" + view.producerId() +
                        "/" + view.producerSeqno() + " channel=" + view.channelAsString() + " key=" +
                        base64.encodeToString(key) + " payload=" + base64.encodeToString(payload));
                }
            }, 256);
            if (LogReader.CORRUPT == n)
            {
                System.out.flush();
                System.err.println("boomscooter log tail: " + reader.corruptDescription());
                return 1;
            }
            if (LogReader.TRIMMED == n)
            {
                System.err.println("boomscooter log tail: trimmed under us at seqno " + reader.nextSeqno() +
                    "; the first held is " + reader.earliestSeqno());
                return 3;
            }
            if (0 == n)
            {
                if (!follow)
                {
                    break;
                }
                System.out.flush();
                idle.idle();
            }
        }
        System.out.flush();
        return 0;
    }
}
