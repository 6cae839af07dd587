package io.boomscooter.engine.cli;

import io.aeron.Aeron;
import io.boomscooter.driver.AeronDirectories;
import org.agrona.concurrent.status.CountersReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(
    name = "counters",
    mixinStandardHelpOptions = true,
    description = "List the counters of a running driver (Aeron's and Boomscooter's), like AeronStat.")
final class CountersCommand implements Callable<Integer>
{
    @Option(names = "--aeron-dir", description = "Aeron directory of the driver (default: ${DEFAULT-VALUE}).")
    String aeronDir = AeronDirectories.defaultDirectoryName();

    @Option(names = "--filter", description = "Only counters whose label contains this text.")
    String filter;

    @Option(names = "--json", description = "One JSON object per counter.")
    boolean json;

    public Integer call()
    {
        if (!new java.io.File(aeronDir, "cnc.dat").isFile())
        {
            throw new IllegalArgumentException("no running driver at " + aeronDir + " (no cnc.dat)");
        }
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir)))
        {
            final CountersReader reader = aeron.countersReader();
            reader.forEach((counterId, typeId, keyBuffer, label) ->
            {
                if (null != filter && !label.contains(filter))
                {
                    return;
                }
                final long value = reader.getCounterValue(counterId);
                if (json)
                {
                    System.out.println(new JsonLine().put("id", counterId).put("type", typeId)
                        .put("label", label).put("value", value));
                }
                else
                {
                    System.out.printf("%3d: %,20d - %s%n", counterId, value, label);
                }
            });
        }
        return 0;
    }
}
