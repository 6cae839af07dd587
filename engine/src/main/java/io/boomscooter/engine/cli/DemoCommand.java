package io.boomscooter.engine.cli;

import io.boomscooter.driver.DriverProfile;
import io.boomscooter.engine.Node;
import io.boomscooter.engine.ThreadingMode;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
        "Show the engine working end to end on an embedded driver (small profile).",
        "Today: a node whose agents exchange timestamped messages over Aeron IPC, reporting round-trip",
        "latency. The replicated-log demo (leader, replicas, producer, subscribers) replaces it as it lands."
    })
final class DemoCommand implements Callable<Integer>
{
    @Option(names = "--seconds", defaultValue = "5", description = "How long to run (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--rate", defaultValue = "10000", description = "Messages per second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--profile", defaultValue = "small", converter = ProfileConverter.class,
        description = "Driver profile: small or low-latency (default: ${DEFAULT-VALUE}).")
    DriverProfile profile;

    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    public Integer call() throws Exception
    {
        if (seconds <= 0 || rate <= 0)
        {
            throw new IllegalArgumentException("--seconds and --rate must be positive");
        }
        final Path dataDir = Files.createTempDirectory("boomscooter-demo");
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final IpcPingPongAgent agent = new IpcPingPongAgent(histogram, rate);
        final long startNs = System.nanoTime();
        // Ctrl-C: the barrier's shutdown hook holds JVM exit until barrier.close(), after the report.
        final ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
        try
        {
            try (Node node = Node.launch(new Node.Context()
                .dataDir(dataDir.toFile())
                .threadingMode(ThreadingMode.SHARED)
                .driverProfile(profile)
                .agent(n -> agent.connect(n.aeron()))))
            {
                if (!json)
                {
                    System.out.println("demo: node running on embedded driver " + node.aeronDirectoryName() +
                        ", " + rate + " msg/s for " + seconds + " s (Ctrl-C stops early)");
                }
                final Thread waiter = new Thread(barrier::await, "demo-signal");
                waiter.setDaemon(true);
                waiter.start();
                waiter.join(TimeUnit.SECONDS.toMillis(seconds));
            }
            final double elapsedS = (System.nanoTime() - startNs) / 1e9;
            report(agent.received(), elapsedS, histogram);
            System.out.flush();
        }
        finally
        {
            org.agrona.IoUtil.delete(dataDir.toFile(), true);
            barrier.close();
        }
        return 0;
    }

    private void report(final long received, final double elapsedS, final Histogram h)
    {
        if (json)
        {
            System.out.println(new JsonLine().put("messages", received).put("seconds", elapsedS)
                .put("rtt_p50_us", h.getValueAtPercentile(50) / 1e3)
                .put("rtt_p99_us", h.getValueAtPercentile(99) / 1e3)
                .put("rtt_max_us", h.getMaxValue() / 1e3));
        }
        else
        {
            System.out.printf("demo: %d round trips in %.1f s; RTT us p50=%.1f p90=%.1f p99=%.1f p99.9=%.1f max=%.1f%n",
                received, elapsedS, h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3,
                h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
        }
    }
}
