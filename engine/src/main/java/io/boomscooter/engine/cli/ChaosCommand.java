package io.boomscooter.engine.cli;

import io.boomscooter.engine.chaos.ChaosResult;
import io.boomscooter.engine.chaos.ChaosRun;
import io.boomscooter.engine.chaos.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
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
        "gap-free prefix in order. With --scenario, one scripted fault instead (leader-kill, leader-freeze,",
        "leader-isolate, follower-isolate) after a 4 s warm-up, held 3 s, with the failover time a producer saw;",
        "--runs repeats the run with seeds seed, seed+1, ... and prints the median and worst failover time.",
        "--scenario steady injects nothing and reports the cluster's commit rate and latency (compare with --loopback).",
        "Exit 0 when every run passes, 1 otherwise."})
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

    @Option(names = "--json", description = "Print the outcome as one JSON object per run.")
    boolean json;

    @Option(names = "--scenario", defaultValue = "random", description = "random (default), leader-kill, " +
        "leader-freeze, leader-isolate or follower-isolate (each about 10 s plus start and drain), or steady: " +
        "no fault for --minutes, reporting committed entries/s and offer-to-commit latency after a 4 s warm-up.")
    String scenarioName;

    @Option(names = "--runs", defaultValue = "1", description = "How many runs (default: ${DEFAULT-VALUE}).")
    int runs;

    public Integer call() throws Exception
    {
        if (nodes < 3 || minutes <= 0 || rate <= 0 || runs < 1)
        {
            throw new IllegalArgumentException("--nodes must be >= 3, --minutes and --rate > 0, --runs >= 1");
        }
        final Scenario scenario = "random".equals(scenarioName) ? null : Scenario.parse(scenarioName);
        final long runSeed = null == seed ? ThreadLocalRandom.current().nextLong(1, 1L << 40) : seed;
        final Path runDir = null == dir ? Files.createTempDirectory("boomscooter-chaos-") : dir;
        if (!json)
        {
            System.out.println("chaos: seed " + runSeed + ", " + nodes + " nodes, " +
                (null == scenario ? "random faults" : "scenario " + scenario.cliName()) + ", " + runs + " run(s), data in " +
                runDir);
        }
        final long durationNs = null == scenario || scenario == Scenario.STEADY ?
            (long)(minutes * TimeUnit.MINUTES.toNanos(1)) : ChaosRun.scenarioDurationNs();
        final List<Double> failoverMs = new ArrayList<>();
        int passed = 0;
        long faults = 0;
        long committed = 0;
        for (int run = 0; run < runs; run++)
        {
            final Path thisDir = runs == 1 ? runDir : runDir.resolve("run-" + (run + 1));
            final ChaosResult result = new ChaosRun(thisDir, nodes, runSeed + run, durationNs, rate, !loopback, "",
                json ? null : System.out, scenario).run();
            print(result);
            passed += result.passed() ? 1 : 0;
            faults += result.faults();
            committed += result.committedEntries();
            if (null != scenario && result.failoverMs() >= 0)
            {
                failoverMs.add(result.failoverMs());
            }
            if (result.passed() && null == dir && runs > 1)
            {
                deleteTree(thisDir); // keep the data of failed runs only
            }
        }
        if (runs > 1 && !json)
        {
            Collections.sort(failoverMs);
            System.out.println(String.format("chaos: %d/%d runs passed, %d faults, %d entries committed%s", passed,
                runs, faults, committed, failoverMs.isEmpty() ? "" : String.format(
                ", failover ms over %d runs: median %.1f, min %.1f, max %.1f", failoverMs.size(),
                failoverMs.get(failoverMs.size() / 2), failoverMs.get(0), failoverMs.get(failoverMs.size() - 1))));
        }
        return passed == runs ? 0 : 1;
    }

    private void print(final ChaosResult result)
    {
        if (json)
        {
            System.out.println(result.json());
            return;
        }
        result.history().forEach(line -> System.out.println("  " + line));
        result.violations().forEach(line -> System.out.println("VIOLATION " + line));
        System.out.println(result.summary());
    }

    private static void deleteTree(final Path root) throws java.io.IOException
    {
        try (java.util.stream.Stream<Path> paths = Files.walk(root))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
