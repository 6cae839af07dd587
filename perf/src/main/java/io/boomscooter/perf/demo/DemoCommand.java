package io.boomscooter.perf.demo;

import io.aeron.Aeron;
import io.boomscooter.driver.DriverProfile;
import io.boomscooter.engine.cli.JsonLine;
import io.boomscooter.engine.cli.ProfileConverter;
import io.boomscooter.perf.LatencyReport;
import io.boomscooter.perf.ReplicatedCluster;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
        "The replicated log end to end in one process, with a latency report.",
        "Runs, in one process on loopback: an embedded Aeron driver (small",
        "profile), a leader and two replicas, a producer at a steady rate, a full subscriber (TCP, on",
        "replica 2) and a notification-only reader of replica 3's segment files. Prints progress each",
        "second and a report (counts, throughput, producer-to-commit and producer-to-subscriber latency",
        "percentiles, replica lag), and writes an HdrHistogram log and a percentile plot (PNG) to the",
        "output directory. Ctrl-C stops it with a partial report."
    })
public final class DemoCommand implements Callable<Integer>
{
    @Option(names = "--seconds", defaultValue = "20", description = "Seconds to produce after warm-up (default: ${DEFAULT-VALUE}).")
    long seconds;

    @Option(names = "--warmup", defaultValue = "2", description = "Seconds excluded from latency (default: ${DEFAULT-VALUE}).")
    long warmup;

    @Option(names = "--rate", description = "Entries per second (default: 20000; 100000 with --count).")
    Long rate;

    @Option(names = "--size", defaultValue = "32", description = "Payload bytes (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--count", defaultValue = "0",
        description = "Produce exactly this many entries and stop when both subscribers have them all, instead of --seconds.")
    long count;

    @Option(names = "--profile", defaultValue = "small", converter = ProfileConverter.class,
        description = "Driver profile: small, single-thread or low-latency (default: ${DEFAULT-VALUE}).")
    DriverProfile profile;

    @Option(names = "--output", description = "Directory for the report files (default: demo-output/<timestamp>).")
    Path output;

    @Option(names = "--epsilon", description = "Re-run this demo in a child JVM under -XX:+UseEpsilonGC with a " +
        "256 MB heap: it completes only if nothing allocates per entry.")
    boolean epsilon;

    @Option(names = "--json", description = "Print the report as one JSON object (no progress lines).")
    boolean json;

    public Integer call() throws Exception
    {
        if (size < 8 || (null != rate && rate <= 0) || seconds <= 0 || warmup < 0 || count < 0)
        {
            throw new IllegalArgumentException("--size must be >= 8 (it carries the send time); --rate, --seconds > 0");
        }
        final Path outputDir = null != output ? output : Path.of("demo-output",
            LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (epsilon)
        {
            return EpsilonRelaunch.run(this, outputDir);
        }
        final DemoSettings settings = new DemoSettings();
        settings.profile = profile;
        settings.rate = null != rate ? rate : count > 0 ? 100_000 : 20_000;
        settings.size = size;
        settings.seconds = seconds;
        settings.warmupSeconds = count > 0 ? Math.min(warmup, 1) : warmup;
        settings.count = count;

        final ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
        try (ReplicatedCluster cluster = ReplicatedCluster.launch(new ReplicatedCluster.Options()
            .profile(profile).replicas(2).subscriberTcp(true));
            Aeron aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(cluster.clientAeronDirectoryName())
                .useConductorAgentInvoker(true)))
        {
            final DemoClient client = new DemoClient(cluster, aeron, settings);
            final ReplicaLag lag = new ReplicaLag(aeron, 1, new int[]{2, 3});
            final Thread clientThread = new Thread(client, "demo-client");
            final Thread signal = new Thread(() ->
            {
                barrier.await();
                client.stop = true;
            }, "demo-signal");
            signal.setDaemon(true);
            signal.start();
            if (!json)
            {
                System.out.printf("demo: leader + 2 replicas on driver %s (%s profile); producing %s at %,d/s, " +
                    "%d-byte entries; Ctrl-C stops%n", cluster.clientAeronDirectoryName(), profile,
                    count > 0 ? String.format("%,d entries", count) : seconds + " s after " + settings.warmupSeconds +
                    " s warm-up", settings.rate, size);
            }
            final long startNs = System.nanoTime();
            clientThread.start();
            long lastPrintNs = startNs;
            while (!client.done)
            {
                clientThread.join(100);
                lag.sample();
                final long nowNs = System.nanoTime();
                if (!json && nowNs - lastPrintNs >= TimeUnit.SECONDS.toNanos(1))
                {
                    lastPrintNs = nowNs;
                    System.out.printf("  %4.0f s  produced %,d  committed %,d  subscriber %,d  file reader %,d  " +
                        "replica lag %s%n", (nowNs - startNs) / 1e9, client.sent, client.committed,
                        client.subscribed.lastSeqno(), client.notified.lastSeqno(), lag.current());
                }
            }
            if (null != client.failure)
            {
                throw new IllegalStateException("demo client failed: " + client.failure, client.failure);
            }
            report(client, lag, outputDir, client.stop);
            return client.subscribed.outOfOrder() == 0 && client.notified.outOfOrder() == 0 ? 0 : 1;
        }
        finally
        {
            barrier.close();
        }
    }

    private void report(final DemoClient client, final ReplicaLag lag, final Path outputDir, final boolean interrupted)
    {
        final double measuredS = Math.max(1e-9, (client.measureEndNs - client.measureStartNs) / 1e9);
        final Map<String, Histogram> series = new LinkedHashMap<>();
        series.put("producer-to-commit", client.commitLatency);
        series.put("producer-to-subscriber", client.subscriberLatency);
        series.put("producer-to-file-reader", client.notifiedLatency);
        final Path[] files = LatencyReport.write(outputDir, "latency",
            "Boomscooter demo: leader + 2 replicas, " + client.sent + " entries", series);
        final double throughput = client.subscriberLatency.getTotalCount() / measuredS;
        if (json)
        {
            final JsonLine line = new JsonLine()
                .put("interrupted", interrupted)
                .put("produced", client.sent)
                .put("committed", client.committed)
                .put("delivered_subscriber", client.subscribed.received())
                .put("delivered_file_reader", client.notified.received())
                .put("out_of_order", client.subscribed.outOfOrder() + client.notified.outOfOrder())
                .put("rate_per_s", client.ratePerSecond())
                .put("throughput_per_s", throughput)
                .putRaw("commit_latency_us", JsonLine.percentilesUs(client.commitLatency))
                .putRaw("subscriber_latency_us", JsonLine.percentilesUs(client.subscriberLatency))
                .putRaw("file_reader_latency_us", JsonLine.percentilesUs(client.notifiedLatency))
                .put("replica_lag_max", lag.max())
                .put("output_dir", outputDir.toAbsolutePath().toString())
                .put("histogram_log", files[0].toAbsolutePath().toString())
                .put("plot", files[1].toAbsolutePath().toString());
            System.out.println(line);
            return;
        }
        System.out.println();
        System.out.println(interrupted ? "demo report (interrupted: partial)" : "demo report");
        System.out.printf("  produced %,d   committed %,d   full subscriber %,d   file reader %,d   " +
            "out of order %d%n", client.sent, client.committed, client.subscribed.received(),
            client.notified.received(), client.subscribed.outOfOrder() + client.notified.outOfOrder());
        System.out.printf("  throughput (measured window, subscriber) %,.0f entries/s over %.1f s%n", throughput, measuredS);
        System.out.println("  latency from intended send time, us      p50      p90      p99    p99.9       max");
        line("producer -> commit", client.commitLatency);
        line("producer -> subscriber (TCP, replica 2)", client.subscriberLatency);
        line("producer -> file reader (replica 3)", client.notifiedLatency);
        System.out.println("  replica lag (entries): max " + lag.max() + ", at end " + lag.current());
        System.out.println("  histogram log: " + files[0].toAbsolutePath());
        System.out.println("  percentile plot: " + files[1].toAbsolutePath());
        System.out.println("  output directory: " + outputDir.toAbsolutePath());
    }

    private static void line(final String what, final Histogram h)
    {
        System.out.printf("  %-40s %8.1f %8.1f %8.1f %8.1f %9.1f%n", what, h.getValueAtPercentile(50) / 1e3,
            h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3,
            h.getMaxValue() / 1e3);
    }


    /**
     * @return this command's options as arguments, for the Epsilon child.
     */
    List<String> arguments(final Path outputDir)
    {
        final List<String> args = new ArrayList<>(List.of("demo", "--seconds", String.valueOf(seconds),
            "--warmup", String.valueOf(warmup), "--size", String.valueOf(size), "--count", String.valueOf(count),
            "--profile", profile.cliName(), "--output", outputDir.toString()));
        if (null != rate)
        {
            args.add("--rate");
            args.add(String.valueOf(rate));
        }
        if (json)
        {
            args.add("--json");
        }
        return args;
    }

    static String javaExecutable()
    {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
