package io.boomscooter.perf.cli;

import io.boomscooter.driver.DriverProfile;
import io.boomscooter.engine.cli.ProfileConverter;
import io.boomscooter.perf.BenchEnvironment;
import io.boomscooter.perf.BenchReport;
import io.boomscooter.perf.BenchSettings;
import io.boomscooter.perf.LatencyReport;
import io.boomscooter.perf.RawAeronBaseline;
import io.boomscooter.perf.ReplicatedPathBenchmark;
import io.boomscooter.perf.RunResult;
import io.boomscooter.perf.CommitDeliveryPoint;
import io.boomscooter.perf.SubscriberDeliveryPoint;
import io.boomscooter.perf.cluster.AeronClusterBaseline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
        "Latency or throughput of the replicated path, beside raw Aeron.",
        "Measures the replicated path (producer -> leader -> replicas",
        "-> commit -> a subscriber, or the producer with --delivery commit), beside raw Aeron measured in the same run with the",
        "same driver profile, idle strategies and message size (UDP ping-pong and",
        "one-way throughput), with ratios ours / raw.",
        "latency: open-loop at --rate; latency from each entry's intended send time",
        "(corrected for coordinated omission).",
        "throughput: the producer offers flat out; entries delivered per second.",
        "--against aeron-cluster: also a three-member Aeron Cluster with an echo service",
        "and an open-loop client, in the same run with the same settings, with ratios ours / aeron-cluster."
    })
public final class BenchCommand implements Callable<Integer>
{
    enum Mode
    {
        latency, throughput, scale
    }

    @Parameters(index = "0", description = "latency, throughput, or scale (subscribers 1/10/100/1000 and payloads " +
        "32..65536 B, latency at --rate and saturated throughput per point, --json for the tables).")
    Mode mode;

    @Option(names = "--delivery", defaultValue = "subscriber",
        description = "Where an entry counts as delivered: subscriber (a TCP subscriber on a replica receives it) " +
        "or commit (the producer learns it is committed). Default: ${DEFAULT-VALUE}.")
    Delivery delivery;

    enum Delivery
    {
        subscriber, commit
    }

    @Option(names = "--profile", defaultValue = "small", converter = ProfileConverter.class,
        description = "Driver profile: small, single-thread (driver run in each node's thread; needs --driver-per-node) or low-latency (default: ${DEFAULT-VALUE}).")
    DriverProfile profile;

    @Option(names = "--rate", defaultValue = "10000",
        description = "Messages per second offered open-loop, ours and raw ping-pong (default: ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = "--size", defaultValue = "32", description = "Message payload bytes (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--replicas", defaultValue = "2", description = "Replicas beside the leader (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--seconds", defaultValue = "5", description = "Measured seconds per run (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "2", description = "Warm-up seconds before each measured window (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--driver-per-node", description = "One media driver per node and one for the producer, " +
        "instead of one shared driver.")
    boolean driverPerNode;

    @Option(names = "--idle", description = "Idle strategy of every thread, both sides, instead of the profile's: " +
        "backoff, yielding, sleeping, busy-spin, noop (busy-spin needs a core per thread).")
    String idle;

    @Option(names = "--max-park-us", description = "The profile's backoff idle strategy, but parking at most this " +
        "many microseconds, on every thread of both sides.")
    Long maxParkUs;

    @Option(names = "--against", description = "Also measure another replicated log in the same run with the " +
        "same message size, rate, idle strategy and driver arrangement: aeron-cluster (three members in this " +
        "JVM, an echo service, an open-loop client).")
    String against;

    @Option(names = "--output", description = "Directory for latency.hlog and latency.png (ours vs raw).")
    Path output;

    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    public Integer call()
    {
        final BenchSettings settings = new BenchSettings()
            .profile(profile)
            .ratePerSecond(rate)
            .messageSize(size)
            .replicas(replicas)
            .seconds(seconds)
            .warmupSeconds(warmup)
            .driverPerNode(driverPerNode);
        if (null != idle && null != maxParkUs)
        {
            throw new IllegalArgumentException("--idle and --max-park-us exclude each other");
        }
        if (null != idle)
        {
            settings.idleStrategy(idle);
        }
        if (null != maxParkUs)
        {
            settings.maxParkMicros(maxParkUs);
        }
        settings.conclude();
        if (null != against && !"aeron-cluster".equals(against))
        {
            throw new IllegalArgumentException("--against takes aeron-cluster, was " + against);
        }
        final String loadBefore = BenchEnvironment.loadAverages();
        if (mode == Mode.scale)
        {
            return scale(settings, loadBefore);
        }
        progress("raw aeron UDP ping-pong at " + rate + " msg/s");
        final RawAeronBaseline raw = new RawAeronBaseline(settings);
        final RunResult rawRoundTrip = raw.roundTrip();
        final ReplicatedPathBenchmark benchmark = new ReplicatedPathBenchmark(settings,
            delivery == Delivery.subscriber ? SubscriberDeliveryPoint.FACTORY : CommitDeliveryPoint.FACTORY,
            io.boomscooter.engine.cluster.QuorumPolicy.MAJORITY);
        final RunResult ours;
        if (mode == Mode.latency)
        {
            progress("replicated path at " + rate + " msg/s");
            ours = benchmark.latency();
        }
        else
        {
            progress("replicated path, saturating");
            ours = benchmark.throughput();
        }
        RunResult clusterResult = null;
        AeronClusterBaseline aeronCluster = null;
        if (null != against)
        {
            aeronCluster = new AeronClusterBaseline(settings);
            if (mode == Mode.latency)
            {
                progress("aeron cluster (3 members, echo) at " + rate + " msg/s");
                clusterResult = aeronCluster.latency();
            }
            else
            {
                progress("aeron cluster (3 members, echo), saturating");
                clusterResult = aeronCluster.throughput();
            }
        }
        progress("raw aeron UDP one-way throughput");
        final RunResult rawOneWay = raw.oneWayThroughput();
        final BenchReport report = new BenchReport(mode.name(), settings, ours, rawRoundTrip, rawOneWay, benchmark,
            loadBefore, BenchEnvironment.loadAverages()).rawSendLag(raw.roundTripSendLag());
        if (null != aeronCluster)
        {
            report.aeronCluster(clusterResult, aeronCluster);
        }
        if (null != output)
        {
            final Map<String, org.HdrHistogram.Histogram> series = new LinkedHashMap<>();
            series.put("boomscooter " + (mode == Mode.latency ? "producer-to-commit" : "saturated"), ours.histogram());
            series.put("raw aeron UDP RTT", rawRoundTrip.histogram());
            if (null != clusterResult)
            {
                series.put("aeron cluster client RTT", clusterResult.histogram());
            }
            final Path[] files = LatencyReport.write(output, mode.name(), "boomscooter bench " + mode + ": " +
                profile + " profile, " + size + " B, " + (mode == Mode.latency ? rate + " msg/s" : "saturated"),
                series);
            report.note("artefacts: " + files[0] + ", " + files[1]);
        }
        System.out.println(json ? report.toJson() : report.toText());
        System.out.flush();
        return 0;
    }

    /**
     * The scale figures: subscribers on a replica (1, 10, 100, 1000; delivery at one of them) and payload bytes
     * (32 to 65536; delivery at commit), latency at --rate and saturated throughput for each, a fresh cluster
     * per point.
     */
    private Integer scale(final BenchSettings settings, final String loadBefore)
    {
        progress("scale: subscribers " + java.util.Arrays.toString(io.boomscooter.perf.ScaleSweep.SUBSCRIBERS) +
            ", payloads " + java.util.Arrays.toString(io.boomscooter.perf.ScaleSweep.PAYLOADS) + ", logs " +
            java.util.Arrays.toString(io.boomscooter.perf.ScaleSweep.LOGS) + ", each point twice");
        final java.util.List<io.boomscooter.perf.ScaleSweep.Row> rows = new java.util.ArrayList<>();
        rows.addAll(io.boomscooter.perf.ScaleSweep.subscribers(settings, io.boomscooter.perf.ScaleSweep.SUBSCRIBERS));
        rows.addAll(io.boomscooter.perf.ScaleSweep.payloads(settings, io.boomscooter.perf.ScaleSweep.PAYLOADS));
        rows.addAll(io.boomscooter.perf.ScaleSweep.logs(settings, io.boomscooter.perf.ScaleSweep.LOGS));
        final String loadAfter = BenchEnvironment.loadAverages();
        System.out.println(json ? io.boomscooter.perf.ScaleSweep.toJson(rows, loadBefore, loadAfter) :
            "scale figures, " + settings.profile() + " profile, latency at " + rate + " msg/s, load average " +
            loadBefore + " -> " + loadAfter + io.boomscooter.perf.ScaleSweep.toText(rows));
        System.out.flush();
        return 0;
    }

    private void progress(final String what)
    {
        if (!json)
        {
            System.err.println("bench: measuring " + what + " (" + warmup + " s warm-up + " + seconds + " s) ...");
        }
    }
}
