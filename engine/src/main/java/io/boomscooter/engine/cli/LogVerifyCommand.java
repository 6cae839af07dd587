package io.boomscooter.engine.cli;

import io.boomscooter.engine.log.LogVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
        "Check every segment header, frame checksum, entry body and seqno contiguity of a log.",
        "Exit status 0 when sound; 1 with the first bad seqno, file and offset when not."})
final class LogVerifyCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "DIR", description = "The log directory.")
    Path dir;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    public Integer call()
    {
        final LogVerifier.Result r = LogVerifier.verify(dir);
        if (json)
        {
            final JsonLine line = new JsonLine().put("ok", r.ok()).put("entries", r.entries())
                .put("firstSeqno", r.firstSeqno()).put("lastSeqno", r.lastSeqno()).put("segments", r.segments())
                .put("otherFrames", r.otherFrames());
            if (!r.ok())
            {
                line.put("badSeqno", r.badSeqno()).put("file", r.badFile()).put("offset", r.badOffset())
                    .put("reason", r.reason());
            }
            System.out.println(line);
        }
        else if (r.ok())
        {
            System.out.println("ok: " + r.entries() + " entries, seqnos " + r.firstSeqno() + ".." + r.lastSeqno() +
                " in " + r.segments() + " segments" +
                (r.otherFrames() > 0 ? " (and " + r.otherFrames() + " other frames, checked and skipped)" : ""));
        }
        else
        {
            System.out.println("CORRUPT: " + r.entries() + " sound entries before seqno " + r.badSeqno());
            System.out.println(r.describe());
        }
        return r.ok() ? 0 : 1;
    }
}
