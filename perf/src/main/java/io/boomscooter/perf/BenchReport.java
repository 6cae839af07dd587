package io.boomscooter.perf;

import io.boomscooter.engine.cli.JsonLine;
import io.boomscooter.perf.cluster.AeronClusterBaseline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One benchmark run's figures beside the raw-Aeron baseline of the same run, as ratios (ours / raw),
 * and with {@code --against aeron-cluster} beside Aeron Cluster too (ours / aeron-cluster), with the
 * context a reader needs to trust them; as text or as one JSON object.
 */
public final class BenchReport
{
    private final String mode;
    private final BenchSettings settings;
    private final RunResult ours;
    private final RunResult rawRoundTrip;
    private final RunResult rawOneWay;
    private RunResult rawSendLag;
    private final ReplicatedPathBenchmark benchmark;
    private final String loadBefore;
    private final String loadAfter;
    private final List<String> notes = new ArrayList<>();
    private RunResult aeronClusterResult;
    private AeronClusterBaseline aeronCluster;

    /**
     * @param mode         "latency" or "throughput".
     * @param ours         the replicated path's result.
     * @param rawRoundTrip raw Aeron UDP ping-pong at the same rate and size.
     * @param rawOneWay    raw Aeron UDP one-way maximum throughput.
     * @param benchmark    the benchmark that produced ours (for hops and threads).
     */
    public BenchReport(final String mode, final BenchSettings settings, final RunResult ours,
        final RunResult rawRoundTrip, final RunResult rawOneWay, final ReplicatedPathBenchmark benchmark,
        final String loadBefore, final String loadAfter)
    {
        this.mode = mode;
        this.settings = settings;
        this.ours = ours;
        this.rawRoundTrip = rawRoundTrip;
        this.rawOneWay = rawOneWay;
        this.benchmark = benchmark;
        this.loadBefore = loadBefore;
        this.loadAfter = loadAfter;
    }

    public double ratioP50()
    {
        return ours.percentileUs(50) / rawRoundTrip.percentileUs(50);
    }

    public double ratioP99()
    {
        return ours.percentileUs(99) / rawRoundTrip.percentileUs(99);
    }

    public double ratioThroughput()
    {
        return ours.throughputPerSecond() / rawOneWay.throughputPerSecond();
    }

    /**
     * Adds Aeron Cluster, measured in the same run with the same settings, beside ours and raw.
     *
     * @param result   its client round trips (latency) or echoes per second (throughput).
     * @param baseline the baseline that measured it (configuration, threads, send lag).
     * @return this.
     */
    public BenchReport aeronCluster(final RunResult result, final AeronClusterBaseline baseline)
    {
        this.aeronClusterResult = result;
        this.aeronCluster = baseline;
        return this;
    }

    public boolean hasAeronCluster()
    {
        return null != aeronClusterResult;
    }

    /**
     * @return our p50 over Aeron Cluster's client round trip p50 (below 1: we are faster), NaN without it.
     */
    public double ratioP50VsAeronCluster()
    {
        return hasAeronCluster() ? ours.percentileUs(50) / aeronClusterResult.percentileUs(50) : Double.NaN;
    }

    public double ratioP99VsAeronCluster()
    {
        return hasAeronCluster() ? ours.percentileUs(99) / aeronClusterResult.percentileUs(99) : Double.NaN;
    }

    /**
     * @return our messages/s over Aeron Cluster's (above 1: we carry more), NaN without it.
     */
    public double ratioThroughputVsAeronCluster()
    {
        return hasAeronCluster() ? ours.throughputPerSecond() / aeronClusterResult.throughputPerSecond() :
            Double.NaN;
    }

    /**
     * @param sendLag how late the raw pinger offered, for the breakdown.
     * @return this.
     */
    public BenchReport rawSendLag(final RunResult sendLag)
    {
        this.rawSendLag = sendLag;
        return this;
    }

    /**
     * @param note an extra line for the explanation block.
     * @return this.
     */
    public BenchReport note(final String note)
    {
        notes.add(note);
        return this;
    }

    public String toJson()
    {
        final JsonLine raw = new JsonLine()
            .putRaw("rtt_us", percentiles(rawRoundTrip))
            .put("round_trips", rawRoundTrip.messages())
            .put("round_trips_lost", rawRoundTrip.lost())
            .put("throughput_per_s", rawOneWay.throughputPerSecond())
            .put("throughput_messages", rawOneWay.messages())
            .put("driver_bytes_sent_per_message", rawOneWay.driverBytesPerMessage());
        final JsonLine line = new JsonLine()
            .put("mode", mode)
            .put("profile", settings.profile().cliName())
            .put("idle_strategy", settings.idleDescription())
            .put("message_size", settings.messageSize())
            .put("rate_per_s", "throughput".equals(mode) ? -1 : settings.ratePerSecond())
            .put("replicas", settings.replicas())
            .put("quorum", "majority")
            .put("drivers", settings.driverPerNode() ? "per-node" : "shared")
            .put("seconds", settings.seconds())
            .put("warmup_s", settings.warmupSeconds())
            .put("cores", BenchEnvironment.cores())
            .put("load_average_before", loadBefore)
            .put("load_average_after", loadAfter)
            .put("threads", benchmark.threads())
            .put("delivery", benchmark.deliveryDescription())
            .put("messages", ours.messages())
            .put("lost", ours.lost())
            .put("back_pressured_offers", benchmark.backPressured())
            .put("throughput_per_s", ours.throughputPerSecond())
            .putRaw("latency_us", percentiles(ours))
            .putRaw("leader_ack_latency_us", percentiles(benchmark.ackLatency()))
            .putRaw("send_lag_us", percentiles(benchmark.sendLag()))
            .put("driver_bytes_sent_per_message", ours.driverBytesPerMessage())
            .putRaw("raw_aeron", raw.toString())
            .put("ratio_p50", ratioP50())
            .put("ratio_p99", ratioP99())
            .put("ratio_throughput", ratioThroughput());
        if (hasAeronCluster())
        {
            line.put("against", "aeron-cluster")
                .putRaw("aeron_cluster", new JsonLine()
                    .putRaw("rtt_us", percentiles(aeronClusterResult))
                    .put("messages", aeronClusterResult.messages())
                    .put("lost", aeronClusterResult.lost())
                    .put("throughput_per_s", aeronClusterResult.throughputPerSecond())
                    .put("sent", aeronCluster.sent())
                    .put("echoed", aeronCluster.received())
                    .put("out_of_order", aeronCluster.outOfOrder())
                    .put("back_pressured_offers", aeronCluster.backPressured())
                    .putRaw("send_lag_us", percentiles(aeronCluster.sendLag()))
                    .put("driver_bytes_sent_per_message", aeronClusterResult.driverBytesPerMessage())
                    .put("threads", aeronCluster.threads())
                    .put("errors", aeronCluster.errors())
                    .put("configuration", aeronCluster.configuration())
                    .toString())
                .put("ratio_p50_vs_aeron_cluster", ratioP50VsAeronCluster())
                .put("ratio_p99_vs_aeron_cluster", ratioP99VsAeronCluster())
                .put("ratio_throughput_vs_aeron_cluster", ratioThroughputVsAeronCluster());
        }
        return line.toString();
    }

    private static String percentiles(final RunResult r)
    {
        return new JsonLine()
            .put("p50", r.percentileUs(50))
            .put("p90", r.percentileUs(90))
            .put("p99", r.percentileUs(99))
            .put("p999", r.percentileUs(99.9))
            .put("max", r.maxUs())
            .toString();
    }

    public String toText()
    {
        final StringBuilder sb = new StringBuilder(2048);
        final boolean latencyMode = !"throughput".equals(mode);
        sb.append(String.format(Locale.ROOT, "bench %s: profile %s, %d-byte messages, %s, %d replica(s) + leader " +
            "(majority quorum), %d s warm-up + %d s measured%n", mode, settings.profile(), settings.messageSize(),
            latencyMode ? settings.ratePerSecond() + " msg/s open-loop" : "saturating (max in flight " +
            settings.maxInFlight() + ")", settings.replicas(), settings.warmupSeconds(), settings.seconds()));
        sb.append(String.format(Locale.ROOT, "%-34s %9s %9s %9s %9s %9s%n", "latency (us)", "p50", "p90", "p99",
            "p99.9", "max"));
        final String delivery = benchmark.deliveryDescription();
        final String what = delivery.contains(":") ? delivery.substring(0, delivery.indexOf(':')) : "delivery";
        row(sb, latencyMode ? "boomscooter " + what : "boomscooter (saturated, queueing)", ours);
        if (null != benchmark.leaderAppendLatency())
        {
            row(sb, "  to leader append (1 hop)", benchmark.leaderAppendLatency());
        }
        row(sb, "  to leader's ack at producer", benchmark.ackLatency());
        row(sb, "  producer send lag", benchmark.sendLag());
        row(sb, "raw aeron UDP round trip", rawRoundTrip);
        if (null != rawSendLag)
        {
            row(sb, "  pinger send lag", rawSendLag);
        }
        if (hasAeronCluster())
        {
            row(sb, latencyMode ? "aeron cluster client round trip" : "aeron cluster (saturated, queueing)",
                aeronClusterResult);
            row(sb, "  client send lag", aeronCluster.sendLag());
        }
        sb.append(String.format(Locale.ROOT, "%-34s %9.2f %9s %9.2f%n", "ratio (ours / raw), p50 and p99", ratioP50(), "",
            ratioP99()));
        if (hasAeronCluster())
        {
            sb.append(String.format(Locale.ROOT, "%-34s %9.2f %9s %9.2f%n", "ratio (ours / aeron-cluster)",
                ratioP50VsAeronCluster(), "", ratioP99VsAeronCluster()));
        }
        sb.append(String.format(Locale.ROOT, "throughput (msg/s): boomscooter %,.0f%s, raw aeron UDP one-way max %,.0f," +
            " ratio %.3f%n", ours.throughputPerSecond(), latencyMode ? " (at the offered rate)" : " (max)",
            rawOneWay.throughputPerSecond(), ratioThroughput()));
        if (hasAeronCluster())
        {
            sb.append(String.format(Locale.ROOT, "throughput (msg/s): aeron cluster %,.0f%s, ratio ours / aeron-cluster " +
                "%.3f%n", aeronClusterResult.throughputPerSecond(), latencyMode ? " (at the offered rate)" :
                " (max echoes)", ratioThroughputVsAeronCluster()));
            sb.append(String.format(Locale.ROOT, "messages: aeron cluster %d echoed in the window, %d lost; %d sent, " +
                "%d echoed in all, %d out of order; %d offers back-pressured; %d component errors%s%n",
                aeronClusterResult.messages(), aeronClusterResult.lost(), aeronCluster.sent(), aeronCluster.received(),
                aeronCluster.outOfOrder(), aeronCluster.backPressured(), aeronCluster.errors(),
                aeronCluster.errors() > 0 ? " (first: " + aeronCluster.firstError() + ")" : ""));
        }
        sb.append(String.format(Locale.ROOT, "messages: ours %d delivered in the window, %d lost; raw %d round trips," +
            " %d lost; %d offers back-pressured%n", ours.messages(), ours.lost(), rawRoundTrip.messages(),
            rawRoundTrip.lost(), benchmark.backPressured()));
        sb.append(String.format(Locale.ROOT, "UDP bytes sent by the media driver(s) per message: boomscooter %.0f, " +
            "raw one-way %.0f%s%n", ours.driverBytesPerMessage(), rawOneWay.driverBytesPerMessage(),
            hasAeronCluster() ? String.format(Locale.ROOT, ", aeron cluster %.0f (ingress, log, acks, egress)",
            aeronClusterResult.driverBytesPerMessage()) : ""));
        sb.append("what was measured:\n");
        line(sb, "ours: " + benchmark.deliveryDescription());
        line(sb, "hops: " + benchmark.hops());
        line(sb, "breakdown, same entries and intended times: 'to leader append' from the leader's own append " +
            "timestamp in its log (same clock, same process); 'to leader's ack' when the producer hears the " +
            "entry is appended (1 round trip); the rest up to commit is replication; 'send lag' is how late the " +
            "producer thread itself offered (its idle strategy's parks)");
        line(sb, "raw: Aeron UDP ping-pong over loopback at the same rate and message size (2 one-way hops), and " +
            "one-way UDP throughput (sender offering flat out, messages received in the window)");
        line(sb, "latency is corrected for coordinated omission: each message is timed from its intended send " +
            "time on a fixed-rate schedule, not from when it actually went");
        line(sb, "threads: ours " + benchmark.threads() + " (" + (settings.profile().isInvoked() ?
            "no driver threads: each node and the producer run their own driver in their duty cycle, " :
            settings.driverPerNode() ? (settings.replicas() + 2) + " media drivers (one per node + producer), " :
            "1 media driver shared by all, ") + (settings.replicas() + 1) +
            " node agent threads, 1 producer thread); raw 3 (1 media driver, pinger or sender, ponger or receiver)");
        line(sb, "cores seen: " + BenchEnvironment.cores() + " (Runtime.availableProcessors); load average " +
            "before " + loadBefore + ", after " + loadAfter + "; " + BenchEnvironment.jvm());
        line(sb, "driver profile " + settings.profile() + ", idle strategy " + settings.idleDescription() +
            " on every thread (driver, nodes, producer, pinger, ponger)");
        line(sb, "message size: " + settings.messageSize() + " bytes of Aeron payload in the raw runs; " +
            settings.messageSize() + " bytes of entry payload on our path (plus ingress header, channel 'bench')");
        if (hasAeronCluster())
        {
            line(sb, "aeron-cluster: " + aeronCluster.configuration());
            line(sb, "aeron-cluster threads: " + aeronCluster.threads() + " busy (drivers, per member an archive, " +
                "a consensus module and a service container, and the client); hops: client -> leader ingress -> " +
                "followers (log) -> leader (acks, commit) -> leader's service -> client egress");
        }
        for (final String note : notes)
        {
            line(sb, note);
        }
        return sb.toString();
    }

    private static void row(final StringBuilder sb, final String name, final RunResult r)
    {
        sb.append(String.format(Locale.ROOT, "%-34s %9.1f %9.1f %9.1f %9.1f %9.1f%n", name, r.percentileUs(50),
            r.percentileUs(90), r.percentileUs(99), r.percentileUs(99.9), r.maxUs()));
    }

    private static void line(final StringBuilder sb, final String text)
    {
        sb.append("  - ").append(text).append('\n');
    }
}
