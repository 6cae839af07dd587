package io.boomscooter.perf.services;

import io.aeron.Aeron;
import io.boomscooter.client.ProducerClient;
import io.boomscooter.client.ProducerListener;
import io.boomscooter.codecs.ingress.SubmitStatus;
import io.boomscooter.engine.service.CallKind;
import io.boomscooter.engine.service.ServiceCalls;
import io.boomscooter.engine.service.ServiceReplay;
import io.boomscooter.perf.BenchEnvironment;
import io.boomscooter.perf.ReplicatedCluster;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
        "Exactly-once services on a three-node cluster in this process (small profile): calls per second",
        "through one service, fire-and-forget and async/await (a service calling another and getting the",
        "result); latency from a producer's send to the service seeing the call (and to the caller seeing the",
        "result) at a fixed rate; and how fast recovery replays the log into a service. The producer idles",
        "like the small profile's threads (backoff), so the nodes get the cores it does not use."})
public final class ServiceBenchCommand implements Callable<Integer>
{
    @Option(names = "--calls", defaultValue = "300000", description = "Calls per throughput run (default: ${DEFAULT-VALUE}).")
    int calls;

    @Option(names = "--rate", defaultValue = "10000", description = "Calls/s for the latency runs (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--latency-calls", defaultValue = "50000", description = "Calls per latency run (default: ${DEFAULT-VALUE}).")
    int latencyCalls;

    private final UnsafeBuffer payload = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
    private long acked;

    public Integer call() throws Exception
    {
        final Properties config = new Properties();
        config.setProperty("boomscooter.services", "probe=" + ProbeService.class.getName() + ",asker=" +
            AskerService.class.getName());
        System.out.println("load average before: " + BenchEnvironment.loadAverages() + ", cores " +
            BenchEnvironment.cores());
        try (ReplicatedCluster cluster = ReplicatedCluster.launch(new ReplicatedCluster.Options().replicas(2)
            .segmentLength(256 * 1024 * 1024).extraConfig(config));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(cluster.clientAeronDirectoryName()));
            ProducerClient producer = cluster.newProducer(aeron, 4242, new Listener()))
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!producer.isConnected() || null == leaderProbe() || null == leaderAsker())
            {
                producer.poll();
                if (System.nanoTime() > deadline)
                {
                    throw new IllegalStateException("cluster or services did not start");
                }
                Thread.yield();
            }
            final ProbeService probe = leaderProbe();
            final AskerService asker = leaderAsker();

            // fire-and-forget: as fast as the producer is accepted, until the leader's service has seen all
            double seconds = send(producer, "probe", ProbeService.FIRE, calls, 0, () -> probe.calls, calls);
            System.out.printf("fire-and-forget: %d calls in %.2f s = %.0f calls/s through one service%n", calls, seconds,
                calls / seconds);

            probe.recording = true;
            send(producer, "probe", ProbeService.FIRE, latencyCalls, rate, () -> probe.calls, calls + latencyCalls);
            report("fire-and-forget latency, producer send -> service sees the call (leader)", probe.latency);

            final long asked = 0;
            seconds = send(producer, "asker", AskerService.ASK, calls / 2, 0, () -> asker.results, asked + calls / 2);
            System.out.printf("async/await: %d calls (each: impulse to asker, asker calls probe, result back) in " +
                "%.2f s = %.0f round trips/s%n", calls / 2, seconds, calls / 2 / seconds);

            asker.recording = true;
            send(producer, "asker", AskerService.ASK, latencyCalls, rate, () -> asker.results,
                calls / 2 + latencyCalls);
            report("async/await latency, producer send -> caller sees the result (leader)", asker.latency);

            // recovery is a checkpoint load plus this replay
            final long start = System.nanoTime();
            final ServiceReplay.Report replay = ServiceReplay.run(cluster.logDir(2), "probe", new ProbeService(), null,
                Long.MAX_VALUE);
            final double replaySeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("recovery replay (node 2's log, %d entries, %d calls to probe): %.2f s = %.0f calls/s; " +
                "so about %.1f s per million calls since the checkpoint%n", replay.toSeqno, replay.callsReplayed,
                replaySeconds, replay.callsReplayed / replaySeconds, 1e6 / (replay.callsReplayed / replaySeconds));
        }
        System.out.println("load average after: " + BenchEnvironment.loadAverages());
        return 0;
    }

    private static ProbeService leaderProbe()
    {
        return ProbeService.BY_THREAD.get(ReplicatedCluster.nodeThreadName(ReplicatedCluster.LEADER_ID));
    }

    private static AskerService leaderAsker()
    {
        return AskerService.BY_THREAD.get(ReplicatedCluster.nodeThreadName(ReplicatedCluster.LEADER_ID));
    }

    /**
     * Sends impulses (at {@code ratePerSecond}, or as fast as accepted when 0) and waits until {@code seen}
     * reaches {@code target}.
     *
     * @return seconds from the first send until then.
     */
    private double send(final ProducerClient producer, final String service, final int methodId, final int count,
        final int ratePerSecond, final LongSupplier seen, final long target)
    {
        final byte[] channel = (ServiceCalls.CHANNEL_PREFIX + service).getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer channelBuffer = new UnsafeBuffer(channel);
        final long start = System.nanoTime();
        final long deadline = start + TimeUnit.SECONDS.toNanos(300);
        int sent = 0;
        // the small profile's idle: a spinning producer would take one of two cores from the nodes
        final org.agrona.concurrent.IdleStrategy idle = new org.agrona.concurrent.BackoffIdleStrategy(10, 10, 1_000, 100_000);
        while (seen.getAsLong() < target)
        {
            final long now = System.nanoTime();
            if (now > deadline)
            {
                throw new IllegalStateException(service + " saw " + seen.getAsLong() + " of " + target);
            }
            if (sent < count && (ratePerSecond == 0 || (now - start) * ratePerSecond / 1_000_000_000L >= sent))
            {
                final int at = ServiceCalls.putHeader(payload, 0, CallKind.IMPULSE, methodId, 0, null, 0, 0);
                payload.putLong(at, now, ByteOrder.LITTLE_ENDIAN);
                if (producer.offer(channelBuffer, 0, channel.length, payload, 0, 0, payload, 0, at + 8, now) > 0)
                {
                    sent++;
                    idle.reset();
                    continue;
                }
            }
            idle.idle(producer.poll());
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void report(final String what, final Histogram h)
    {
        System.out.printf("%s: p50 %.1f us, p90 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us (%d calls)%n", what,
            h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3,
            h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3, h.getTotalCount());
    }

    private final class Listener implements ProducerListener
    {
        public void onAck(final int logId, final long producerSeqno, final long seqno, final long commitSeqno,
            final long timestampNs, final SubmitStatus status, final long epoch)
        {
            acked = producerSeqno;
        }

        public void onCommit(final int logId, final long commitSeqno, final long epoch)
        {
        }

        public void onReject(final int logId, final long producerSeqno, final long expected, final SubmitStatus status)
        {
        }
    }
}
