package io.boomscooter.engine.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A fault-injection run in the style of Jepsen: a cluster of real node processes (each on its own network
 * namespace "host" when namespaces are available), producers and subscribers in this JVM, a {@link Nemesis}
 * injecting kill -9, freezes and partitions from a seed, then every fault healed, the workload drained and
 * the {@link ChaosChecker}'s verdict.
 */
public final class ChaosRun
{
    private static final long DRAIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(120);

    private final Path dir;
    private final int nodeCount;
    private final long seed;
    private final long durationNs;
    private final long ratePerProducer;
    private final boolean namespaces;
    private final String extraConfig;
    private final PrintStream progress;
    private final Scenario scenario;

    /**
     * @param dir             where nodes keep their data and output.
     * @param nodeCount       cluster size.
     * @param seed            drives every random choice of the nemesis.
     * @param durationNs      how long faults are injected.
     * @param ratePerProducer entries per second each of the two producers offers.
     * @param namespaces      put each node on its own host when namespaces can be made (else loopback).
     * @param extraConfig     node-file lines for every node (e.g. election timeouts).
     * @param progress        where progress lines go, or null.
     */
    public ChaosRun(final Path dir, final int nodeCount, final long seed, final long durationNs,
        final long ratePerProducer, final boolean namespaces, final String extraConfig, final PrintStream progress)
    {
        this(dir, nodeCount, seed, durationNs, ratePerProducer, namespaces, extraConfig, progress, null);
    }

    /**
     * @param scenario one scripted fault instead of the random nemesis, or null for random faults; the
     *                 duration should cover its warm-up and hold (see {@link #scenarioDurationNs()}).
     */
    public ChaosRun(final Path dir, final int nodeCount, final long seed, final long durationNs,
        final long ratePerProducer, final boolean namespaces, final String extraConfig, final PrintStream progress,
        final Scenario scenario)
    {
        this.scenario = scenario;
        this.dir = dir;
        this.nodeCount = nodeCount;
        this.seed = seed;
        this.durationNs = durationNs;
        this.ratePerProducer = ratePerProducer;
        this.namespaces = namespaces;
        this.extraConfig = extraConfig;
        this.progress = progress;
    }

    /** @return how long a scenario run injects: warm-up, the fault, and as long again to settle. */
    public static long scenarioDurationNs()
    {
        return ScriptedFault.WARMUP_NS + 2 * ScriptedFault.HOLD_NS;
    }

    public ChaosResult run() throws IOException, InterruptedException
    {
        final String unavailable = namespaces ? NetworkNamespaces.unavailableReason() : "loopback requested";
        final ChaosResult result = new ChaosResult(seed, null == unavailable ? "namespaces" : "loopback (" + unavailable + ")");
        // below the kernel's ephemeral ports (32768+), so no outgoing socket of a restarted node can hold a member port
        final int basePort = 20_000 + new Random(seed).nextInt(60) * 200;
        try (NetworkNamespaces hosts = null == unavailable ? new NetworkNamespaces(nodeCount) : null;
            ChaosNodes nodes = new ChaosNodes(dir, nodeCount, hosts, basePort, extraConfig))
        {
            // a chaos run stopped with Ctrl-C or SIGTERM must not leave node processes or namespaces behind
            final Thread cleanup = new Thread(() ->
            {
                nodes.close();
                if (null != hosts)
                {
                    hosts.close();
                }
            }, "chaos-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            try
            {
                return run(result, hosts, nodes);
            }
            finally
            {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            }
        }
    }

    private ChaosResult run(final ChaosResult result, final NetworkNamespaces hosts, final ChaosNodes nodes)
        throws IOException, InterruptedException
    {
        nodes.startAll();
        final boolean steady = scenario == Scenario.STEADY;
        final ScriptedFault scripted = null == scenario || steady ? null : new ScriptedFault(scenario, nodes, hosts);
        final FaultSchedule nemesis = steady ? new SteadyLoad() :
            null == scripted ? new Nemesis(nodes, hosts, seed) : scripted;
        final long startNs = System.nanoTime();
        final long measureFromNs = startNs + ScriptedFault.WARMUP_NS;
        try (ChaosWorkload workload = new ChaosWorkload(nodes, 2, ratePerProducer, seed))
        {
            workload.producers().forEach(producer -> producer.recordLatencyFrom(measureFromNs));
            workload.start();
            long nextReportNs = startNs + TimeUnit.SECONDS.toNanos(10);
            long commitAtMeasureStart = -1;
            long nowNs = startNs;
            for (; nowNs - startNs < durationNs; nowNs = System.nanoTime())
            {
                if (commitAtMeasureStart < 0 && nowNs >= measureFromNs)
                {
                    commitAtMeasureStart = highestCommit(workload);
                }
                nemesis.tick(nowNs);
                if (nowNs >= nextReportNs)
                {
                    nextReportNs += TimeUnit.SECONDS.toNanos(10);
                    say(String.format("%.0f s: %d faults, %d entries committed", (nowNs - startNs) / 1e9,
                        nemesis.injected(), committed(workload)));
                }
                if (null != workload.failure())
                {
                    throw new IllegalStateException("workload failed", workload.failure());
                }
                Thread.sleep(10);
            }
            if (commitAtMeasureStart >= 0)
            {
                result.measuredNs = nowNs - measureFromNs;
                result.measuredCommits = highestCommit(workload) - commitAtMeasureStart;
            }
            nemesis.healAll();
            for (int node = 1; node <= nodeCount; node++)
            {
                if (!nodes.isRunning(node))
                {
                    nodes.start(node);
                }
            }
            workload.stopProducing();
            say("faults healed; draining producers");
            final long drainDeadline = System.nanoTime() + DRAIN_TIMEOUT_NS;
            while (!workload.drained() && System.nanoTime() < drainDeadline)
            {
                Thread.sleep(20);
            }
            result.drained = workload.drained();
            awaitSubscribers(nodes, workload, drainDeadline);
            result.producers = workload.producers();
            result.producers.forEach(producer -> result.commitLatencyNs.add(producer.commitLatencyNs()));
            result.subscribers = workload.subscribers();
        }
        result.history = nemesis.history();
        result.faults = nemesis.injected();
        for (final Nemesis.Fault fault : Nemesis.Fault.values())
        {
            result.faultsByKind.put(fault.name().toLowerCase(), nemesis.injected(fault));
        }
        nodes.close();
        final List<NodeLogContents> logs = new ArrayList<>();
        for (int node = 1; node <= nodeCount; node++)
        {
            logs.add(NodeLogContents.read(node, nodes.logDir(node)));
            result.elections = Math.max(result.elections, nodes.electionState(node)[0] - 1);
        }
        result.checker = new ChaosChecker().check(logs, result.producers, result.subscribers);
        if (null != scripted)
        {
            recordScenario(result, scripted, nodes);
        }
        else if (steady)
        {
            result.scenario = scenario.cliName();
            result.scenarioDone = true;
            recordFinalStates(result, nodes);
        }
        for (final ProducerRecord producer : result.producers)
        {
            result.longestUnavailableNs = Math.max(result.longestUnavailableNs, producer.longestStallNs());
        }
        return result;
    }

    private void recordScenario(final ChaosResult result, final ScriptedFault fault, final ChaosNodes nodes)
    {
        result.scenario = scenario.cliName();
        result.scenarioDone = fault.done();
        result.target = fault.target;
        result.leaderBefore = fault.leaderBefore;
        result.epochBefore = fault.epochBefore;
        result.leaderAtUndo = fault.leaderAtUndo;
        result.epochAtUndo = fault.epochAtUndo;
        result.targetSteppedDown = nodes.printed(fault.target, "steps down as leader of epoch " + fault.epochBefore);
        long firstNs = 0;
        for (final ProducerRecord producer : result.producers)
        {
            final long ns = producer.firstCommitNsAfter(fault.epochBefore);
            if (0 != ns && (0 == firstNs || ns - firstNs < 0))
            {
                firstNs = ns;
            }
        }
        result.failoverNs = 0 == firstNs ? -1 : firstNs - fault.injectNs;
        recordFinalStates(result, nodes);
    }

    private void recordFinalStates(final ChaosResult result, final ChaosNodes nodes)
    {
        result.finalStates = new long[nodeCount + 1][];
        for (int node = 1; node <= nodeCount; node++)
        {
            result.finalStates[node] = nodes.electionState(node);
        }
    }

    private static void awaitSubscribers(final ChaosNodes nodes, final ChaosWorkload workload, final long deadlineNs)
        throws InterruptedException
    {
        while (System.nanoTime() < deadlineNs)
        {
            boolean caughtUp = true;
            // every subscriber must reach the last entry of the longest log: a node that stopped catching up
            // is then waited for (and reported by the checker), not taken as the reference
            long lastEntry = 0;
            for (int node = 1; node <= nodes.count(); node++)
            {
                final NodeLogContents log = NodeLogContents.read(node, nodes.logDir(node));
                long last = log.lastSeqno();
                while (last > 0 && 0 == log.producerId(last))
                {
                    last--;
                }
                lastEntry = Math.max(lastEntry, last);
            }
            for (final SubscriberRecord subscriber : workload.subscribers())
            {
                caughtUp &= subscriber.nextSeqno() > lastEntry;
            }
            if (caughtUp)
            {
                return;
            }
            Thread.sleep(250);
        }
    }

    private static long highestCommit(final ChaosWorkload workload)
    {
        long highest = 0;
        for (final ProducerRecord producer : workload.producers())
        {
            highest = Math.max(highest, producer.highestCommit());
        }
        return highest;
    }

    private static long committed(final ChaosWorkload workload)
    {
        long total = 0;
        for (final ProducerRecord producer : workload.producers())
        {
            total += producer.committedCount();
        }
        return total;
    }

    private void say(final String line)
    {
        if (null != progress)
        {
            progress.println("chaos: " + line);
        }
    }
}
