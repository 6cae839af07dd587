package io.boomscooter.engine.cli;

import io.boomscooter.engine.ErrorLogFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.time.Instant;
import java.util.concurrent.Callable;

@Command(
    name = "errors",
    mixinStandardHelpOptions = true,
    description = "Print a node's distinct error log (errors.dat in its data directory).")
final class ErrorsCommand implements Callable<Integer>
{
    @Option(names = "--data-dir", required = true, description = "The node's data directory.")
    File dataDir;

    @Option(names = "--json", description = "One JSON object per distinct error.")
    boolean json;

    public Integer call()
    {
        final int distinct = ErrorLogFile.read(dataDir, (count, firstMs, lastMs, text) ->
        {
            if (json)
            {
                System.out.println(new JsonLine().put("count", count)
                    .put("first", Instant.ofEpochMilli(firstMs).toString())
                    .put("last", Instant.ofEpochMilli(lastMs).toString()).put("error", text));
            }
            else
            {
                System.out.println(count + " observations from " + Instant.ofEpochMilli(firstMs) + " to " +
                    Instant.ofEpochMilli(lastMs) + ":");
                System.out.println(text);
            }
        });
        if (!json)
        {
            System.out.println(distinct + " distinct errors");
        }
        return 0;
    }
}
