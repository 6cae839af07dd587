package io.boomscooter.engine.cli;

import io.boomscooter.engine.log.LogVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description = {
        "Summarise a log: segments, bytes on disk, first and last seqno, entry count, bytes per entry, other",
        "frames (leader markers, family frames), last epoch and timestamp.",
        "Reads the whole log (checking it on the way); exit status 1 when it is damaged."})
final class LogStatsCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "DIR", description = "The log directory.")
    Path dir;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    public Integer call()
    {
        final LogVerifier.Result r = LogVerifier.verify(dir);
        if (json)
        {
            System.out.println(new JsonLine().put("dir", dir.toString()).put("segments", r.segments())
                .put("bytesOnDisk", r.bytesOnDisk()).put("entries", r.entries())
                .put("bytesPerEntry", Math.round(r.bytesPerEntry() * 100) / 100.0).put("entryBytes", r.entryBytes())
                .put("otherFrames", r.otherFrames()).put("firstSeqno", r.firstSeqno())
                .put("lastSeqno", r.lastSeqno()).put("lastEpoch", r.lastEpoch())
                .put("lastTimestampNs", r.lastTimestampNs()).put("ok", r.ok()));
        }
        else
        {
            System.out.println("directory:     " + dir);
            System.out.println("segments:      " + r.segments());
            System.out.println("bytes on disk: " + r.bytesOnDisk());
            System.out.println("entries:       " + r.entries());
            System.out.printf("bytes/entry:   %.2f (frame header and alignment included)%n", r.bytesPerEntry());
            System.out.println("other frames:  " + r.otherFrames() + " (leader markers, family frames)");
            System.out.println("seqnos:        " + r.firstSeqno() + ".." + r.lastSeqno());
            System.out.println("last epoch:    " + r.lastEpoch());
            System.out.println("last ts (ns):  " + r.lastTimestampNs());
            System.out.println("sound:         " + (r.ok() ? "yes" : "NO: " + r.describe()));
        }
        return r.ok() ? 0 : 1;
    }
}
