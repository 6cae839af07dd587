package io.boomscooter.engine.cli;

import io.boomscooter.engine.service.CheckpointStore;
import io.boomscooter.engine.service.Service;
import io.boomscooter.engine.service.ServiceReplay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(
    name = "what-if",
    mixinStandardHelpOptions = true,
    description = {
        "Replay a node's log through another version of a service, offline, with its outgoing calls suppressed,",
        "and compare each call it would make with the one the running version logged under the same number.",
        "Exit 0: no divergence; 5: diverged (the first difference is printed); 1: bad arguments."})
final class ServiceWhatIfCommand implements Callable<Integer>
{
    @Option(names = "--data-dir", required = true, description = "The node's data directory (stop the node or copy it).")
    Path dataDir;

    @Option(names = "--log", defaultValue = "1", description = "Log id the services use (default: ${DEFAULT-VALUE}).")
    int logId;

    @Option(names = "--name", required = true, description = "The service.")
    String name;

    @Option(names = "--class", required = true, description = "The version to try: a class implementing Service.")
    String className;

    @Option(names = "--from-start", description = "Replay the whole log rather than start from the newest checkpoint.")
    boolean fromStart;

    @Option(names = "--to", defaultValue = "" + Long.MAX_VALUE, description = "Replay calls up to this seqno.")
    long toSeqno;

    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    public Integer call() throws Exception
    {
        final Path logDir = dataDir.resolve("log-" + logId);
        if (!Files.isDirectory(logDir))
        {
            throw new IllegalArgumentException("no log " + logId + " under " + dataDir);
        }
        final Object instance = Class.forName(className).getDeclaredConstructor().newInstance();
        if (!(instance instanceof Service))
        {
            throw new IllegalArgumentException(className + " does not implement " + Service.class.getName());
        }
        final byte[] checkpoint = fromStart ? null : new CheckpointStore(dataDir, name).loadNewest(reason ->
            System.err.println("skipped checkpoint " + reason));
        final ServiceReplay.Report r = ServiceReplay.run(logDir, name, (Service)instance, checkpoint, toSeqno);
        if (json)
        {
            final JsonLine line = new JsonLine().put("service", name).put("class", className)
                .put("from_seqno", r.fromSeqno).put("to_seqno", r.toSeqno).put("calls_replayed", r.callsReplayed)
                .put("outputs_compared", r.outputsCompared).put("outputs_matched", r.outputsMatched)
                .put("outputs_extra", r.outputsExtra).put("outputs_missing", r.outputsMissing)
                .put("diverged", r.diverged());
            if (null != r.firstDivergence)
            {
                line.put("first_divergence", r.firstDivergence);
            }
            System.out.println(line);
        }
        else
        {
            System.out.printf("what-if %s as %s: replayed %d calls, seqno %d..%d; outputs compared %d, matched %d, " +
                "beyond the log %d, logged but not made %d%n", name, className, r.callsReplayed, r.fromSeqno,
                r.toSeqno, r.outputsCompared, r.outputsMatched, r.outputsExtra, r.outputsMissing);
            System.out.println(r.diverged() ? "DIVERGED: " + (null != r.firstDivergence ? r.firstDivergence :
                r.outputsMissing + " logged outputs were not made") : "no divergence");
        }
        return r.diverged() ? 5 : 0;
    }
}
