package io.boomscooter.perf.exchange;

import io.boomscooter.engine.exchange.ExchangeEcho;
import io.boomscooter.engine.exchange.ExchangeEndpoint;
import io.boomscooter.engine.exchange.ExchangeLoad;
import io.boomscooter.engine.exchange.ExchangeSettings;
import io.boomscooter.perf.BenchEnvironment;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
        "Exchanges on one loopback connection beside raw TCP, measured in the same run: posts/s (raw: one-way",
        "messages/s), requests/s with 1 and 64 in flight and request round trips (raw: ping-pong), stream",
        "messages/s with 64 in flight. --runs alternating runs; medians, ratios ours/raw and the load average."})
public final class ExchangeBenchCommand implements Callable<Integer>
{
    @Option(names = "--size", defaultValue = "64", description = "Bytes of data per message (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--posts", defaultValue = "500000", description = "Posts per run (default: ${DEFAULT-VALUE}).")
    long posts;

    @Option(names = "--requests", defaultValue = "30000", description = "Requests per run with 1 in flight; 5x that " +
        "with 64 (default: ${DEFAULT-VALUE}).")
    long requests;

    @Option(names = "--runs", defaultValue = "3", description = "Alternating runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--tags", defaultValue = "", description = "Compressions on both ends (gzip, lzw).")
    String tags;

    @Option(names = "--idle", defaultValue = "backoff", description = "Idle strategy of the endpoints' threads: " +
        "backoff (the small profile's) or busy (spin, as the raw baseline's threads do). Default: ${DEFAULT-VALUE}.")
    String idle;

    private final Map<String, List<Double>> results = new LinkedHashMap<>();

    private org.agrona.concurrent.IdleStrategy idleStrategy()
    {
        switch (idle)
        {
            case "backoff":
                return new BackoffIdleStrategy(10, 10, 1000, 100_000);
            case "busy":
                return new org.agrona.concurrent.BusySpinIdleStrategy();
            default:
                throw new IllegalArgumentException("--idle must be backoff or busy: " + idle);
        }
    }

    private void record(final String key, final double value)
    {
        results.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    private static double median(final List<Double> values)
    {
        final double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }

    private ExchangeLoad runLoad(final int port, final ExchangeLoad.Mode mode, final long count, final int inFlight)
        throws Exception
    {
        final ExchangeLoad load = new ExchangeLoad(mode, count, inFlight, size, 1);
        final ExchangeEndpoint client = new ExchangeEndpoint(new ExchangeSettings().tags(tags).name("bench"), load,
            null, 0, Throwable::printStackTrace);
        load.target(client, new InetSocketAddress("127.0.0.1", port));
        try (AgentRunner runner = new AgentRunner(idleStrategy(),
            Throwable::printStackTrace, null, new CompositeAgent(client, load)))
        {
            AgentRunner.startOnThread(runner);
            final long deadline = System.nanoTime() + 120_000_000_000L;
            while (!load.isDone() && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
        }
        if (!load.isDone() || null != load.failure())
        {
            throw new IllegalStateException(mode + ": " + (load.isDone() ? load.failure() : "timed out"));
        }
        return load;
    }

    private void oursOnce() throws Exception
    {
        final ExchangeEcho echo = new ExchangeEcho();
        final ExchangeEndpoint server = new ExchangeEndpoint(new ExchangeSettings().tags(tags).name("bench-serve"),
            echo, "127.0.0.1", 0, Throwable::printStackTrace);
        echo.endpoint(server);
        try (AgentRunner runner = new AgentRunner(idleStrategy(),
            Throwable::printStackTrace, null, server))
        {
            AgentRunner.startOnThread(runner);
            record("posts/s", runLoad(server.port(), ExchangeLoad.Mode.POST, posts, 1).rate());
            final ExchangeLoad one = runLoad(server.port(), ExchangeLoad.Mode.REQUEST, requests, 1);
            record("requests/s (1 in flight)", one.rate());
            record("request rtt p50 us", one.roundTrips().getValueAtPercentile(50) / 1000.0);
            record("request rtt p99 us", one.roundTrips().getValueAtPercentile(99) / 1000.0);
            record("requests/s (64 in flight)",
                runLoad(server.port(), ExchangeLoad.Mode.REQUEST, requests * 5, 64).rate());
            record("stream messages/s (64 in flight)",
                runLoad(server.port(), ExchangeLoad.Mode.STREAM, requests * 5, 64).rate());
        }
    }

    private void rawOnce() throws Exception
    {
        try (RawTcpBaseline raw = new RawTcpBaseline(size))
        {
            record("raw one-way/s", raw.oneWay(posts));
            final Histogram rtt = new Histogram(60_000_000_000L, 3);
            record("raw ping-pong/s (1 in flight)", raw.pingPong(requests, 1, rtt));
            record("raw rtt p50 us", rtt.getValueAtPercentile(50) / 1000.0);
            record("raw rtt p99 us", rtt.getValueAtPercentile(99) / 1000.0);
            record("raw ping-pong/s (64 in flight)", raw.pingPong(requests * 5, 64, new Histogram(60_000_000_000L, 3)));
        }
    }

    public Integer call() throws Exception
    {
        final String loadBefore = BenchEnvironment.loadAverages();
        // A warm-up pass of each, not recorded.
        oursOnce();
        rawOnce();
        results.clear();
        for (int run = 0; run < runs; run++)
        {
            oursOnce();
            rawOnce();
        }
        System.out.printf("exchange bench: %d-byte messages, tags '%s', idle %s, %d runs, %d cores, load %s -> %s%n",
            size, tags, idle, runs, BenchEnvironment.cores(), loadBefore, BenchEnvironment.loadAverages());
        for (final Map.Entry<String, List<Double>> e : results.entrySet())
        {
            System.out.printf("  %-36s median %,12.1f   runs %s%n", e.getKey(), median(e.getValue()),
                Arrays.toString(e.getValue().stream().mapToLong(Math::round).toArray()));
        }
        ratio("posts/s", "raw one-way/s");
        ratio("requests/s (1 in flight)", "raw ping-pong/s (1 in flight)");
        ratio("request rtt p50 us", "raw rtt p50 us");
        ratio("request rtt p99 us", "raw rtt p99 us");
        ratio("requests/s (64 in flight)", "raw ping-pong/s (64 in flight)");
        ratio("stream messages/s (64 in flight)", "raw ping-pong/s (64 in flight)");
        return 0;
    }

    private void ratio(final String ours, final String raw)
    {
        System.out.printf("  ratio %-36s / %-32s %.2f%n", ours, raw,
            median(results.get(ours)) / median(results.get(raw)));
    }
}
