package io.boomscooter.engine.cli;

import io.aeron.Aeron;
import io.boomscooter.engine.CounterKey;
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
    private static final int BOOMSCOOTER_TYPES_FROM = 9000;
    private static final int BOOMSCOOTER_TYPES_TO = 10000;

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
                    final JsonLine line = new JsonLine().put("id", counterId).put("type", typeId);
                    if (typeId >= BOOMSCOOTER_TYPES_FROM && typeId < BOOMSCOOTER_TYPES_TO)
                    {
                        // Boomscooter's counters carry a key: node, log and member ids (-1 where none)
                        line.put("node", CounterKey.nodeId(keyBuffer)).put("log", CounterKey.logId(keyBuffer))
                            .put("member", CounterKey.memberId(keyBuffer));
                    }
                    System.out.println(line.put("label", label).put("value", value));
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
