package io.boomscooter.engine.cli;

import io.boomscooter.engine.chaos.ChaosResult;
import io.boomscooter.engine.chaos.ChaosRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

@Command(
    name = "chaos",
    mixinStandardHelpOptions = true,
    description = {
        "Fault-injection run: starts a cluster of real node processes (each in its own network namespace when run",
        "as root, else on loopback), writes unique values with two producers and reads them with a subscriber per",
        "node, while a nemesis kills -9, freezes, isolates and cuts nodes at random moments from a seed. At the end",
        "every fault is healed and a checker proves from the producers' records and every node's log that no",
        "committed entry was lost, duplicated or reordered, that the nodes agree, and that subscribers saw a",
        "gap-free prefix in order. Exit 0 on PASS, 1 on FAIL."})
final class ChaosCommand implements Callable<Integer>
{
    @Option(names = "--minutes", defaultValue = "1", description = "How long faults are injected (default: ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--seed", description = "Seed of the nemesis's random choices (default: random, printed).")
    Long seed;

    @Option(names = "--nodes", defaultValue = "3", description = "Cluster size (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--rate", defaultValue = "500",
        description = "Entries per second from each of the two producers (default: ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = "--loopback", description = "Run every node on loopback even when namespaces are available.")
    boolean loopback;

    @Option(names = "--dir", description = "Where nodes keep data and output (default: a new temporary directory).")
    Path dir;

    @Option(names = "--json", description = "Print the outcome as one JSON object.")
    boolean json;

    public Integer call() throws Exception
    {
        if (nodes < 3 || minutes <= 0 || rate <= 0)
        {
            throw new IllegalArgumentException("--nodes must be >= 3, --minutes and --rate > 0");
        }
        final long runSeed = null == seed ? ThreadLocalRandom.current().nextLong(1, 1L << 40) : seed;
        final Path runDir = null == dir ? Files.createTempDirectory("boomscooter-chaos-") : dir;
        if (!json)
        {
            System.out.println("chaos: seed " + runSeed + ", " + nodes + " nodes, data in " + runDir);
        }
        final ChaosResult result = new ChaosRun(runDir, nodes, runSeed,
            (long)(minutes * TimeUnit.MINUTES.toNanos(1)), rate, !loopback, "", json ? null : System.out).run();
        if (json)
        {
            System.out.println(result.json());
        }
        else
        {
            result.history().forEach(line -> System.out.println("  " + line));
            result.violations().forEach(line -> System.out.println("VIOLATION " + line));
            System.out.println(result.summary());
        }
        return result.passed() ? 0 : 1;
    }
}
