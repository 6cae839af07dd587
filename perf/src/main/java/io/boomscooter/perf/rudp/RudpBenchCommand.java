package io.boomscooter.perf.rudp;

import io.boomscooter.engine.rudp.RudpEndpoint;
import io.boomscooter.engine.rudp.RudpListener;
import io.boomscooter.engine.rudp.RudpReliability;
import io.boomscooter.engine.rudp.RudpSettings;
import io.boomscooter.perf.BenchEnvironment;
import io.boomscooter.perf.BenchSettings;
import io.boomscooter.perf.OpenLoopSchedule;
import io.boomscooter.perf.RawAeronBaseline;
import io.boomscooter.perf.RunResult;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
        "Reliable UDP beside raw Aeron UDP, in the same run, with the same message size and idle strategy:",
        "one-way throughput on a reliable stream (Aeron: one publication to one subscription) and open-loop",
        "ping-pong round trips at --rate (latency from each ping's intended send time), without and with",
        "AES-256-GCM, and optionally through --loss percent of datagrams dropped at the receiver."})
public final class RudpBenchCommand implements Callable<Integer>
{
    @Option(names = "--size", defaultValue = "32", description = "Message bytes, at least 16 (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--rate", defaultValue = "10000", description = "Pings per second (default: ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = "--seconds", defaultValue = "4", description = "Measured seconds per run (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "2", description = "Warm-up seconds per run (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--runs", defaultValue = "3", description = "Alternating runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--loss", defaultValue = "0", description = "Percent of datagrams the receiving side drops (ours).")
    int loss;

    private final Map<String, List<Double>> results = new LinkedHashMap<>();

    private void record(final String key, final double value)
    {
        results.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    private static double median(final List<Double> values)
    {
        final double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }

    private RudpSettings settings(final byte[] key)
    {
        return new RudpSettings().key(key);
    }

    private void lossy(final RudpEndpoint endpoint, final long seed)
    {
        if (loss > 0)
        {
            final java.util.Random random = new java.util.Random(seed);
            endpoint.faults((d, l) -> random.nextInt(100) < loss ? 1 : 0);
        }
    }

    /** Messages a reliable stream delivers per second in the window, the sender offering flat out. */
    private double oneWay(final byte[] key) throws Exception
    {
        final long[] received = new long[1];
        final RudpEndpoint sender = new RudpEndpoint(settings(key), (p, s, b, o, l) -> { }, Throwable::printStackTrace);
        final RudpEndpoint receiver = new RudpEndpoint(settings(key), (p, s, b, o, l) -> received[0]++,
            Throwable::printStackTrace);
        lossy(receiver, 1);
        final int peer = sender.addPeer(receiver.localV4());
        sender.openStream(peer, 1, RudpReliability.RELIABLE);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[size]);
        final Agent source = new Agent()
        {
            public int doWork()
            {
                int work = 0;
                while (work < 256 && sender.offer(peer, 1, message, 0, size) >= 0)
                {
                    work++;
                }
                return work;
            }

            public String roleName()
            {
                return "source";
            }
        };
        try (AgentRunner send = new AgentRunner(new BackoffIdleStrategy(10, 10, 1000, 100_000),
            Throwable::printStackTrace, null, new CompositeAgent(sender, source));
            AgentRunner receive = new AgentRunner(new BackoffIdleStrategy(10, 10, 1000, 100_000),
                Throwable::printStackTrace, null, receiver))
        {
            AgentRunner.startOnThread(receive);
            AgentRunner.startOnThread(send);
            Thread.sleep(warmup * 1000L);
            final long before = received[0];
            final long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            return (received[0] - before) * 1e9 / (System.nanoTime() - start);
        }
    }

    /** Open-loop ping-pong over two reliable streams; round trips from each ping's intended send time. */
    private Histogram pingPong(final byte[] key) throws Exception
    {
        final Histogram rtt = new Histogram(10_000_000_000L, 3);
        final int[] pongPeer = new int[1];
        final RudpEndpoint[] ponger = new RudpEndpoint[1];
        final long[] measureFrom = new long[1];
        final RudpEndpoint pinger = new RudpEndpoint(settings(key), new RudpListener()
        {
            public void onMessage(final int p, final int s, final DirectBuffer b, final int o, final int l)
            {
                final long intended = b.getLong(o);
                if (intended - measureFrom[0] >= 0)
                {
                    rtt.recordValue(Math.min(System.nanoTime() - intended, rtt.getHighestTrackableValue()));
                }
            }
        }, Throwable::printStackTrace);
        ponger[0] = new RudpEndpoint(settings(key), (p, s, b, o, l) ->
            ponger[0].offer(pongPeer[0], 2, b, o, l), Throwable::printStackTrace);
        lossy(ponger[0], 2);
        final int peer = pinger.addPeer(ponger[0].localV4());
        pinger.openStream(peer, 1, RudpReliability.RELIABLE);
        pongPeer[0] = ponger[0].addPeer(pinger.localV4());
        ponger[0].openStream(pongPeer[0], 2, RudpReliability.RELIABLE);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[size]);
        final long startNs = System.nanoTime();
        measureFrom[0] = startNs + warmup * 1_000_000_000L;
        final long endNs = measureFrom[0] + seconds * 1_000_000_000L;
        final OpenLoopSchedule schedule = new OpenLoopSchedule(startNs, rate);
        final Agent source = new Agent()
        {
            public int doWork()
            {
                final long now = System.nanoTime();
                int work = 0;
                while (schedule.isDue(now) && schedule.intendedNs() - endNs < 0)
                {
                    message.putLong(0, schedule.intendedNs());
                    if (pinger.offer(peer, 1, message, 0, size) < 0)
                    {
                        break;
                    }
                    schedule.advance();
                    work++;
                }
                return work;
            }

            public String roleName()
            {
                return "pinger";
            }
        };
        try (AgentRunner ping = new AgentRunner(new BackoffIdleStrategy(10, 10, 1000, 100_000),
            Throwable::printStackTrace, null, new CompositeAgent(pinger, source));
            AgentRunner pong = new AgentRunner(new BackoffIdleStrategy(10, 10, 1000, 100_000),
                Throwable::printStackTrace, null, ponger[0]))
        {
            AgentRunner.startOnThread(pong);
            AgentRunner.startOnThread(ping);
            Thread.sleep((endNs - System.nanoTime()) / 1_000_000 + 500);
        }
        return rtt;
    }

    public Integer call() throws Exception
    {
        if (size < 16)
        {
            throw new IllegalArgumentException("--size must be at least 16");
        }
        final byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        final BenchSettings aeron = new BenchSettings().messageSize(size).ratePerSecond(rate).seconds(seconds)
            .warmupSeconds(warmup);
        final String loadBefore = BenchEnvironment.loadAverages();
        for (int run = 0; run < runs; run++)
        {
            final RawAeronBaseline raw = new RawAeronBaseline(aeron);
            record("aeron one-way msgs/s", raw.oneWayThroughput().throughputPerSecond());
            final RunResult rawRtt = raw.roundTrip();
            record("aeron rtt p50 us", rawRtt.percentileUs(50));
            record("aeron rtt p99 us", rawRtt.percentileUs(99));
            record("rudp one-way msgs/s", oneWay(null));
            Histogram h = pingPong(null);
            record("rudp rtt p50 us", h.getValueAtPercentile(50) / 1000.0);
            record("rudp rtt p99 us", h.getValueAtPercentile(99) / 1000.0);
            record("rudp+aes one-way msgs/s", oneWay(key));
            h = pingPong(key);
            record("rudp+aes rtt p50 us", h.getValueAtPercentile(50) / 1000.0);
            record("rudp+aes rtt p99 us", h.getValueAtPercentile(99) / 1000.0);
        }
        System.out.printf("rudp bench: %d-byte messages, ping-pong at %d/s, loss %d %%, %d runs, %d cores, load %s -> %s%n",
            size, rate, loss, runs, BenchEnvironment.cores(), loadBefore, BenchEnvironment.loadAverages());
        for (final Map.Entry<String, List<Double>> e : results.entrySet())
        {
            System.out.printf("  %-28s median %,14.1f   runs %s%n", e.getKey(), median(e.getValue()),
                Arrays.toString(e.getValue().stream().mapToLong(Math::round).toArray()));
        }
        for (final String ours : new String[]{"rudp", "rudp+aes"})
        {
            System.out.printf("  ratio %-9s one-way %.2f  rtt p50 %.2f  rtt p99 %.2f  (ours / aeron)%n", ours,
                median(results.get(ours + " one-way msgs/s")) / median(results.get("aeron one-way msgs/s")),
                median(results.get(ours + " rtt p50 us")) / median(results.get("aeron rtt p50 us")),
                median(results.get(ours + " rtt p99 us")) / median(results.get("aeron rtt p99 us")));
        }
        return 0;
    }
}
