package io.boomscooter.engine.cli;

import io.aeron.Aeron;
import io.boomscooter.codecs.ingress.SubmitStatus;
import io.boomscooter.driver.DriverProfile;
import io.boomscooter.driver.EmbeddedDriver;
import io.boomscooter.engine.Configuration;
import io.boomscooter.engine.cluster.ClusterConfig;
import io.boomscooter.engine.cluster.ClusterMember;
import io.boomscooter.client.ProducerClient;
import io.boomscooter.client.ProducerListener;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    description = {
        "Submit entries to a cluster and report acknowledged and committed counts.",
        "Submits entries to the cluster a node config file belongs to, through that node (a replica forwards",
        "to the leader), and report how many were acknowledged and committed. Exits 0 only when every",
        "entry is committed before --timeout."
    })
final class ProduceCommand implements Callable<Integer>
{
    @Option(names = "--config", required = true, description = "Any cluster node's config file.")
    Path config;

    @Option(names = "--count", defaultValue = "1000", description = "Entries to submit (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--size", defaultValue = "32", description = "Payload bytes per entry (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--rate", defaultValue = "0", description = "Entries per second; 0 = as fast as accepted.")
    long rate;

    @Option(names = "--log", defaultValue = "1", description = "Log id (default: ${DEFAULT-VALUE}).")
    int logId;

    @Option(names = "--channel", defaultValue = "demo", description = "Channel of every entry (default: ${DEFAULT-VALUE}).")
    String channel;

    @Option(names = "--producer-id", description = "Producer id (default: random).")
    Long producerId;

    @Option(names = "--timeout", defaultValue = "60", description = "Seconds to wait for commit (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--credentials-file", description = "Credentials file (mode 600) with this producer's " +
        "principal and key, when the cluster authenticates producers (boomscooter.auth.credentials).")
    java.nio.file.Path credentialsFile;

    @Option(names = "--principal", description = "Principal to use from --credentials-file (default: its only one).")
    String principal;

    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    /**
     * Writes the n-th entry's payload (n from 0) and returns its length; other commands that submit entries
     * (e.g. {@code service call}) set it, else the payload is {@code --size} bytes starting with n.
     */
    interface PayloadWriter
    {
        int write(int n, UnsafeBuffer payload);
    }

    PayloadWriter payloadWriter;

    public Integer call()
    {
        if (count <= 0 || size < 0 || rate < 0)
        {
            throw new IllegalArgumentException("--count must be > 0, --size and --rate >= 0");
        }
        final Properties properties = Configuration.loadFile(config);
        final ClusterConfig cluster = ClusterConfig.from(properties);
        final List<String> channels = new ArrayList<>();
        channels.add(cluster.self().channel());
        for (final ClusterMember member : cluster.members())
        {
            if (member.id() != cluster.nodeId())
            {
                channels.add(member.channel());
            }
        }
        final Tracker tracker = new Tracker(count);
        final long id = null != producerId ? producerId : ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        final byte[] channelBytes = channel.getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer channelBuffer = new UnsafeBuffer(channelBytes);
        final UnsafeBuffer payload = new UnsafeBuffer(ByteBuffer.allocateDirect(Math.max(size, 4096)));
        final long startNs;
        final long endNs;
        try (EmbeddedDriver driver = EmbeddedDriver.launch(DriverProfile.SMALL);
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            ProducerClient producer = new ProducerClient(aeron, channels, logId, id, tracker, "localhost",
                ProducerClient.RETRANSMIT_BUFFER_LENGTH_DEFAULT, cluster.streams()))
        {
            if (null != credentialsFile)
            {
                producer.authenticate(io.boomscooter.client.auth.ClientCredentials.fromFile(credentialsFile, principal));
            }
            final long connectDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (!producer.isConnected())
            {
                producer.poll();
                if (null != tracker.refusal)
                {
                    throw new IllegalStateException(tracker.refusal);
                }
                if (System.nanoTime() > connectDeadline)
                {
                    throw new IllegalStateException("no cluster node answered within " + timeoutSeconds + " s at " +
                        channels);
                }
                Thread.yield();
            }
            startNs = System.nanoTime();
            final long intervalNs = rate > 0 ? 1_000_000_000L / rate : 0;
            final long deadline = startNs + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            int sent = 0;
            while (sent < count || !tracker.allCommitted(sent))
            {
                final long nowNs = System.nanoTime();
                if (nowNs > deadline || null != tracker.refusal)
                {
                    break;
                }
                if (sent < count && (0 == intervalNs || nowNs - startNs >= sent * intervalNs))
                {
                    int length = size;
                    if (null == payloadWriter)
                    {
                        payload.putLong(0, sent);
                    }
                    else
                    {
                        length = payloadWriter.write(sent, payload);
                    }
                    final long result = producer.offer(channelBuffer, 0, channelBytes.length, payload, 0, 0,
                        payload, 0, length, nowNs);
                    if (result > 0)
                    {
                        tracker.sent(result, nowNs);
                        sent++;
                        continue;
                    }
                }
                if (producer.poll() == 0)
                {
                    Thread.onSpinWait();
                }
            }
            endNs = System.nanoTime();
            tracker.sentTotal = sent;
        }
        report(tracker, (endNs - startNs) / 1e9);
        return tracker.committed == count ? 0 : 1;
    }

    private void report(final Tracker t, final double seconds)
    {
        final Histogram h = t.commitLatency;
        if (json)
        {
            System.out.println(new JsonLine().put("log", logId).put("sent", t.sentTotal).put("acked", t.acked)
                .put("committed", t.committed).put("gap_rejects", t.rejected)
                .put("seconds", seconds).put("throughput_per_s", t.committed / seconds)
                .putRaw("commit_latency_us", JsonLine.percentilesUs(h)).toString());
        }
        else
        {
            System.out.printf("produced to log %d: sent=%d acked=%d committed=%d in %.2f s (%.0f committed/s); " +
                "%d gap rejects answered by re-sending%n", logId, t.sentTotal, t.acked, t.committed, seconds,
                t.committed / seconds, t.rejected);
            System.out.printf("producer-to-commit latency us: p50=%.1f p90=%.1f p99=%.1f p99.9=%.1f max=%.1f%n",
                h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
        }
    }


    /**
     * Matches cumulative acks and commits to what was sent: producer seqnos run 1..count here, and an
     * ack for producer seqno p at log seqno s covers every producer seqno up to p.
     */
    private final class Tracker implements ProducerListener
    {
        final long[] sendNs;
        final Histogram commitLatency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        final long[] ackProducerSeqno = new long[1 << 16];
        final long[] ackSeqno = new long[1 << 16];
        int ackHead;
        int ackTail;
        long acked;
        long committed;
        long rejected;
        long sentTotal;
        volatile String refusal;
        private long commitSeqno;
        private long ackEpoch;

        Tracker(final int count)
        {
            sendNs = new long[count + 1];
        }

        void sent(final long producerSeqno, final long nowNs)
        {
            sendNs[(int)producerSeqno] = nowNs;
        }

        boolean allCommitted(final int sent)
        {
            return committed >= sent;
        }

        public void onAck(final int logId, final long producerSeqno, final long seqno, final long commit,
            final long timestampNs, final SubmitStatus status, final long epoch)
        {
            if (!sameEpoch(epoch))
            {
                return;
            }
            if (status == SubmitStatus.APPENDED && producerSeqno > acked && producerSeqno < sendNs.length)
            {
                acked = producerSeqno;
                if (ackTail - ackHead < ackSeqno.length)
                {
                    ackProducerSeqno[ackTail & (ackSeqno.length - 1)] = producerSeqno;
                    ackSeqno[ackTail & (ackSeqno.length - 1)] = seqno;
                    ackTail++;
                }
            }
            onCommit(logId, commit, epoch);
        }

        /**
         * Acks of an older leader are void once a newer one answers: its commit seqnos may cover other entries.
         */
        private boolean sameEpoch(final long epoch)
        {
            if (epoch < ackEpoch)
            {
                return false;
            }
            if (epoch > ackEpoch)
            {
                ackEpoch = epoch;
                ackHead = ackTail;
                acked = committed;
            }
            return true;
        }

        public void onCommit(final int logId, final long commit, final long epoch)
        {
            if (!sameEpoch(epoch))
            {
                return;
            }
            commitSeqno = commit;
            final long nowNs = System.nanoTime();
            while (ackHead < ackTail && ackSeqno[ackHead & (ackSeqno.length - 1)] <= commitSeqno)
            {
                final long upTo = ackProducerSeqno[ackHead & (ackSeqno.length - 1)];
                for (long p = committed + 1; p <= upTo; p++)
                {
                    commitLatency.recordValue(Math.min(nowNs - sendNs[(int)p], commitLatency.getHighestTrackableValue()));
                }
                committed = Math.max(committed, upTo);
                ackHead++;
            }
        }

        public void onReject(final int logId, final long producerSeqno, final long expected, final SubmitStatus status)
        {
            // a gap reject makes the client re-send from the expected seqno; counted for the report only
            rejected++;
            if (status == SubmitStatus.TOO_LARGE)
            {
                refusal = "the cluster refused an entry as too large: " + size + " payload bytes exceed the log's " +
                    "maximum frame (boomscooter.log.max.frame.length, header included)";
            }
            else if (status == SubmitStatus.FORBIDDEN)
            {
                refusal = "the cluster refused this producer: its principal may not write log " + logId;
            }
            else if (status == SubmitStatus.UNAUTHENTICATED && null == credentialsFile)
            {
                refusal = "the cluster authenticates producers: give --credentials-file (docs/authentication.md)";
            }
            else if (status == SubmitStatus.UNAUTHENTICATED && 0 == producerSeqno)
            {
                // the answer to a proof (an entry's refusal names its seqno)
                refusal = "the cluster refused this producer's proof: unknown principal or wrong key";
            }
        }
    }
}
