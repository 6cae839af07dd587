package io.boomscooter.perf;

import io.boomscooter.engine.cluster.QuorumPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The harness's scale figures: the replicated path's latency (open-loop at the settings' rate) and saturated
 * throughput as one dimension grows, each point a fresh cluster: the number of full subscribers on a replica
 * (delivery measured at one of them while the others are fed too), and the payload size (delivery at commit).
 * and the number of logs every node hosts (log 1 measured at commit while each other log takes the latency rate).
 */
public final class ScaleSweep
{
    public static final int[] SUBSCRIBERS = {1, 10, 100, 1000};
    /** Logs every node hosts; the others each written at the latency rate while log 1 is measured. */
    public static final int[] LOGS = {1, 4, 16};
    /**
     * Latency points of large payloads run at no more than this many payload bytes a second (16 MiB/s, about a
     * third of what the replicated path sustains on a 2-core machine), so they measure latency, not queueing.
     */
    public static final long LATENCY_BYTES_PER_SECOND = 16L * 1024 * 1024;
    /** Up to the harness's 64 KiB message limit ({@link BenchSettings#MAX_MESSAGE_SIZE}). */
    public static final int[] PAYLOADS = {32, 256, 1024, 4096, 16384, 61440};

    /**
     * One point of a sweep.
     */
    public static final class Row
    {
        public final String dimension;
        public final int value;
        public final double p50Us;
        public final double p99Us;
        public final double throughputPerSecond;
        public final long lost;
        public final long latencyRate;

        Row(final String dimension, final int value, final long latencyRate, final RunResult latency,
            final RunResult throughput)
        {
            this.latencyRate = latencyRate;
            this.dimension = dimension;
            this.value = value;
            this.p50Us = latency.percentileUs(50);
            this.p99Us = latency.percentileUs(99);
            this.throughputPerSecond = throughput.throughputPerSecond();
            this.lost = latency.lost();
        }
    }

    private ScaleSweep()
    {
    }

    /**
     * @param base   settings every point starts from (rate, seconds, profile...).
     * @param counts subscribers on the replica, the measuring one included (each at least 1).
     */
    public static List<Row> subscribers(final BenchSettings base, final int[] counts)
    {
        final List<Row> rows = new ArrayList<>();
        for (final int count : counts)
        {
            final ReplicatedPathBenchmark benchmark = new ReplicatedPathBenchmark(base,
                SubscriberDeliveryPoint.withOthers(count - 1), QuorumPolicy.MAJORITY);
            rows.add(new Row("subscribers", count, base.ratePerSecond(), benchmark.latency(), benchmark.throughput()));
        }
        return rows;
    }

    /**
     * @param counts logs on every node; log 1 is measured (delivery at commit) while each other log takes the
     *               settings' rate from a producer of its own.
     */
    public static List<Row> logs(final BenchSettings base, final int[] counts)
    {
        final List<Row> rows = new ArrayList<>();
        for (final int count : counts)
        {
            final ReplicatedPathBenchmark benchmark = new ReplicatedPathBenchmark(base,
                CommitDeliveryPoint.withOtherLogs(count - 1, base.ratePerSecond(), base.messageSize()),
                QuorumPolicy.MAJORITY);
            rows.add(new Row("logs", count, base.ratePerSecond(), benchmark.latency(), benchmark.throughput()));
        }
        return rows;
    }

    /**
     * @param sizes payload bytes per entry.
     */
    public static List<Row> payloads(final BenchSettings base, final int[] sizes)
    {
        final List<Row> rows = new ArrayList<>();
        for (final int size : sizes)
        {
            // latency is measured below saturation: at most LATENCY_BYTES_PER_SECOND of payload
            final long rate = Math.max(1, Math.min(base.ratePerSecond(), LATENCY_BYTES_PER_SECOND / size));
            final BenchSettings settings = base.copy().messageSize(size).ratePerSecond(rate).conclude();
            final ReplicatedPathBenchmark benchmark = new ReplicatedPathBenchmark(settings);
            rows.add(new Row("payload_bytes", size, rate, benchmark.latency(), benchmark.throughput()));
        }
        return rows;
    }

    public static String toText(final List<Row> rows)
    {
        final StringBuilder text = new StringBuilder();
        String dimension = null;
        for (final Row row : rows)
        {
            if (!row.dimension.equals(dimension))
            {
                dimension = row.dimension;
                text.append(String.format(Locale.ROOT, "%n%-14s %10s %12s %12s %16s %6s%n", dimension, "at /s",
                    "p50 us", "p99 us", "throughput/s", "lost"));
            }
            text.append(String.format(Locale.ROOT, "%-14d %10d %12.1f %12.1f %16.0f %6d%n", row.value, row.latencyRate,
                row.p50Us, row.p99Us, row.throughputPerSecond, row.lost));
        }
        return text.toString();
    }

    /**
     * @return {"subscribers":[{...}],"payload_bytes":[{...}]} with p50_us, p99_us, throughput_per_s, lost per point.
     */
    public static String toJson(final List<Row> rows, final String loadBefore, final String loadAfter)
    {
        final StringBuilder json = new StringBuilder("{\"mode\":\"scale\",\"load_average_before\":\"")
            .append(loadBefore).append("\",\"load_average_after\":\"").append(loadAfter).append('"');
        String dimension = null;
        for (final Row row : rows)
        {
            if (!row.dimension.equals(dimension))
            {
                json.append(null == dimension ? "" : "]").append(",\"").append(row.dimension).append("\":[");
                dimension = row.dimension;
            }
            else
            {
                json.append(',');
            }
            json.append(String.format(Locale.ROOT,
                "{\"value\":%d,\"latency_rate_per_s\":%d,\"p50_us\":%.1f,\"p99_us\":%.1f," +
                "\"throughput_per_s\":%.0f,\"lost\":%d}",
                row.value, row.latencyRate, row.p50Us, row.p99Us, row.throughputPerSecond, row.lost));
        }
        return json.append(null == dimension ? "" : "]").append('}').toString();
    }
}
