package io.boomscooter.engine.cluster;

import io.aeron.Aeron;
import io.boomscooter.codecs.ingress.SubmitStatus;
import io.boomscooter.driver.DriverProfile;
import io.boomscooter.driver.EmbeddedDriver;
import io.boomscooter.engine.cli.BoomscooterCli;
import io.boomscooter.engine.chaos.NetworkNamespaces;
import io.boomscooter.engine.cli.ChildJvm;
import io.boomscooter.engine.log.LogReader;
import io.boomscooter.client.ProducerClient;
import io.boomscooter.client.ProducerListener;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Real node processes on loopback for multi-process cluster tests: config files, start, SIGTERM, kill -9,
 * a producer in the test JVM, and entry-by-entry comparison of the nodes' logs.
 */
final class ClusterHarness implements AutoCloseable
{
    static final int LOG_ID = 1;

    /**
     * Written before each test's own settings: tests of replication, catch-up, forgery and disk faults keep
     * node 1 the leader, because on a loaded 2-core CI machine a JVM stall of a few hundred milliseconds
     * would otherwise be a legitimate election that changes what they assert. Failover itself is tested on
     * the defaults: pass {@link #AUTOMATIC_FAILOVER}, which overrides these (the last key in a file wins).
     */
    static final String PINNED_LEADER =
        "boomscooter.cluster.election.timeout.ms=30000\n" +
        "boomscooter.cluster.election.startup.timeout.ms=60000\n";

    /** The shipped election defaults, for tests of automatic failover. */
    static final String AUTOMATIC_FAILOVER =
        ClusterConfig.ELECTION_TIMEOUT_PROP + "=" + ClusterConfig.ELECTION_TIMEOUT_MS_DEFAULT + "\n" +
        ClusterConfig.ELECTION_STARTUP_TIMEOUT_PROP + "=" + ClusterConfig.ELECTION_STARTUP_TIMEOUT_MS_DEFAULT + "\n";

    final Path dir;
    final int nodeCount;
    final int basePort;
    private final ChildJvm[] nodes;
    private final String extraConfig;
    private final List<String> aeronDirs = new ArrayList<>();
    private final NetworkNamespaces hosts;

    ClusterHarness(final Path dir, final int nodeCount, final String extraConfig) throws IOException
    {
        this(dir, nodeCount, extraConfig, null);
    }

    /**
     * @param hosts when not null, node i runs in host i's network namespace at its address, and clients in
     *              this JVM are reached at the root namespace's address.
     */
    ClusterHarness(final Path dir, final int nodeCount, final String extraConfig, final NetworkNamespaces hosts)
        throws IOException
    {
        this.hosts = hosts;
        this.dir = dir;
        this.nodeCount = nodeCount;
        this.extraConfig = extraConfig;
        this.basePort = 21000 + ThreadLocalRandom.current().nextInt(0, 800) * 10;
        this.nodes = new ChildJvm[nodeCount + 1];
        final StringBuilder members = new StringBuilder();
        for (int i = 1; i <= nodeCount; i++)
        {
            members.append(i == 1 ? "" : ",").append(i).append('@').append(host(i)).append(':').append(basePort + i);
        }
        for (int i = 1; i <= nodeCount; i++)
        {
            Files.writeString(config(i),
                "boomscooter.node.id=" + i + "\n" +
                "boomscooter.data.dir=" + dataDir(i) + "\n" +
                "boomscooter.cluster.members=" + members + "\n" +
                "boomscooter.cluster.initial.leader=1\n" +
                "boomscooter.cluster.logs=" + LOG_ID + "\n" +
                "boomscooter.log.segment.length=8388608\n" +
                PINNED_LEADER +
                extraConfig);
        }
    }

    Path config(final int nodeId)
    {
        return dir.resolve("node" + nodeId + ".properties");
    }

    Path dataDir(final int nodeId)
    {
        return dir.resolve("node" + nodeId);
    }

    Path logDir(final int nodeId)
    {
        return dataDir(nodeId).resolve("log-" + LOG_ID);
    }

    List<String> channels(final int... order)
    {
        final List<String> channels = new ArrayList<>();
        for (final int id : order)
        {
            channels.add("aeron:udp?endpoint=" + host(id) + ":" + (basePort + id));
        }
        return channels;
    }

    /** @return where node i is reached: its namespace's address, or localhost. */
    String host(final int nodeId)
    {
        return null == hosts ? "localhost" : hosts.address(nodeId);
    }

    /** @return the host nodes reach clients of this JVM on (producer response channels). */
    String clientHost()
    {
        return null == hosts ? "localhost" : hosts.rootAddress();
    }

    void start(final int nodeId) throws Exception
    {
        final ChildJvm node = ChildJvm.start(null == hosts ? List.of() : hosts.execPrefix(nodeId),
            BoomscooterCli.class, "node", "--config", config(nodeId).toString());
        nodes[nodeId] = node;
        final String running = node.awaitLine(l -> l.startsWith("node " + nodeId + " running"), 60, TimeUnit.SECONDS);
        assertTrue(null != running, "node " + nodeId + " did not start: " + node.lines());
        aeronDirs.add(running.replaceAll(".*aeron-dir=(\\S+).*", "$1"));
    }

    void startAll() throws Exception
    {
        for (int i = 1; i <= nodeCount; i++)
        {
            start(i);
        }
    }

    void kill(final int nodeId) throws Exception
    {
        nodes[nodeId].kill();
        assertTrue(nodes[nodeId].waitFor(30, TimeUnit.SECONDS) != -1, "node " + nodeId + " did not die");
        nodes[nodeId] = null;
        deleteDeadAeronDirs();
    }

    /**
     * A node killed with -9 leaves its embedded driver's directory (term buffers, on /dev/shm) behind;
     * delete those whose driver no longer runs, or repeated test runs fill shared memory.
     */
    private void deleteDeadAeronDirs()
    {
        for (final java.util.Iterator<String> it = aeronDirs.iterator(); it.hasNext(); )
        {
            final java.io.File dir = new java.io.File(it.next());
            final java.io.File cnc = new java.io.File(dir, "cnc.dat");
            if (!cnc.exists() || !io.aeron.CommonContext.isDriverActive(dir, 1000, msg -> {}))
            {
                org.agrona.IoUtil.delete(dir, true);
                it.remove();
            }
        }
    }

    void stop(final int nodeId) throws Exception
    {
        nodes[nodeId].terminate();
        assertTrue(nodes[nodeId].waitFor(30, TimeUnit.SECONDS) != -1, "node " + nodeId + " did not stop");
        nodes[nodeId] = null;
    }

    boolean isRunning(final int nodeId)
    {
        return null != nodes[nodeId] && nodes[nodeId].process().isAlive();
    }

    /**
     * @return the first line node i prints from now on that matches, or null at the deadline.
     */
    String awaitOutput(final int nodeId, final java.util.function.Predicate<String> matcher, final long seconds)
        throws InterruptedException
    {
        return nodes[nodeId].awaitLine(matcher, seconds, TimeUnit.SECONDS);
    }

    /**
     * @return "epoch=E leader=L voted=V" as node i last persisted it.
     */
    String state(final int nodeId) throws IOException
    {
        return Files.readString(dataDir(nodeId).resolve("log-" + LOG_ID + ".state")).trim();
    }

    /**
     * Waits for one of the given nodes to have persisted that it leads an epoch above minEpoch.
     *
     * @return that node's id.
     */
    int awaitLeaderAmong(final long minEpoch, final long seconds, final int... candidates) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline)
        {
            for (final int id : candidates)
            {
                final String[] fields = state(id).split("[= ]");
                if (Long.parseLong(fields[1]) > minEpoch && Integer.parseInt(fields[3]) == id)
                {
                    return id;
                }
            }
            Thread.sleep(20); // polling a file another process writes, within the deadline
        }
        fail("none of " + Arrays.toString(candidates) + " leads an epoch above " + minEpoch + " within " +
            seconds + " s" + diagnostics());
        return 0;
    }

    /** SIGSTOP: the node keeps its sockets and state but runs nothing, like a long GC or a host pause. */
    void freeze(final int nodeId) throws Exception
    {
        signal(nodeId, "STOP");
    }

    /** SIGCONT after {@link #freeze(int)}. */
    void resume(final int nodeId) throws Exception
    {
        signal(nodeId, "CONT");
    }

    private void signal(final int nodeId, final String signal) throws Exception
    {
        final Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(nodes[nodeId].process().pid()))
            .inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal + " node " + nodeId);
    }

    /**
     * @return the node that leads after the promotion (another one when it holds more entries).
     */
    int promote(final int nodeId) throws Exception
    {
        try (ChildJvm cli = ChildJvm.start(BoomscooterCli.class, "promote", "--config", config(nodeId).toString()))
        {
            final String answer = cli.awaitLine(l -> l.startsWith("log "), 60, TimeUnit.SECONDS);
            assertTrue(null != answer && answer.contains(" leads epoch "), "promote: " + cli.lines() + diagnostics());
            assertEquals(0, cli.waitFor(30, TimeUnit.SECONDS));
            return Integer.parseInt(answer.replaceAll(".*node (\\d+) leads.*", "$1"));
        }
    }

    /**
     * @return the last seqno in a node's log, read by a co-located reader (the node may be running).
     */
    long lastSeqno(final int nodeId)
    {
        if (!Files.isDirectory(logDir(nodeId)))
        {
            return 0;
        }
        try (LogReader reader = LogReader.open(logDir(nodeId)))
        {
            reader.seek(1);
            while (reader.poll((b, o, l, s, e, t) -> {}, 100_000) > 0)
            {
                // count to the end
            }
            return reader.nextSeqno() - 1;
        }
    }

    void awaitEqualLogs(final long atLeast, final long timeoutS) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        while (true)
        {
            final long[] lasts = new long[nodeCount];
            boolean equal = true;
            for (int i = 1; i <= nodeCount; i++)
            {
                lasts[i - 1] = lastSeqno(i);
                equal &= lasts[i - 1] == lasts[0] && lasts[i - 1] >= atLeast;
            }
            if (equal)
            {
                return;
            }
            if (System.nanoTime() > deadline)
            {
                fail("logs did not converge to >= " + atLeast + " within " + timeoutS + " s: " + Arrays.toString(lasts));
            }
            Thread.sleep(50);
        }
    }

    /**
     * Compares every node's log frame by frame (header and body bytes, every frame type).
     *
     * @return frames compared (entries and leader markers): the last seqno, as seqnos are contiguous.
     */
    long assertLogsIdentical()
    {
        final LogReader[] readers = new LogReader[nodeCount];
        try
        {
            for (int i = 0; i < nodeCount; i++)
            {
                readers[i] = LogReader.open(logDir(i + 1));
                readers[i].seek(1);
            }
            final byte[][] frame = new byte[nodeCount][];
            final long[] seqnos = new long[nodeCount];
            long count = 0;
            while (true)
            {
                for (int i = 0; i < nodeCount; i++)
                {
                    final int n = i;
                    frame[n] = null;
                    // every frame type: leader markers must be identical too
                    final int polled = readers[n].pollFrames((type, b, offset, length, seqno, epoch, ts) ->
                    {
                        frame[n] = new byte[length];
                        b.getBytes(offset, frame[n]);
                        seqnos[n] = seqno;
                    }, 1);
                    assertTrue(polled >= 0, "node " + (n + 1) + " log: " + readers[n].corruptDescription());
                }
                if (null == frame[0])
                {
                    for (int i = 1; i < nodeCount; i++)
                    {
                        assertEquals(null, frame[i], "node " + (i + 1) + " has more entries than node 1 after " + count);
                    }
                    return count;
                }
                count++;
                for (int i = 1; i < nodeCount; i++)
                {
                    assertTrue(null != frame[i], "node " + (i + 1) + " ends at " + (count - 1));
                    assertEquals(seqnos[0], seqnos[i]);
                    assertArrayEquals(frame[0], frame[i], "entry " + seqnos[0] + " differs on node " + (i + 1));
                }
                assertEquals(count, seqnos[0], "seqnos are contiguous from 1");
            }
        }
        finally
        {
            CloseHelper.closeAll(readers);
        }
    }

    /**
     * @return what each node printed, its election state, log end and error log: for failure messages.
     */
    String diagnostics()
    {
        final StringBuilder sb = new StringBuilder("\n--- cluster diagnostics ---");
        for (int i = 1; i <= nodeCount; i++)
        {
            sb.append("\nnode ").append(i).append(": ").append(null == nodes[i] ? "down" : "running");
            if (null != nodes[i])
            {
                sb.append(" output=").append(nodes[i].lines());
            }
            try
            {
                sb.append("\n  state: ").append(state(i));
                sb.append("\n  last seqno: ").append(lastSeqno(i));
                io.boomscooter.engine.ErrorLogFile.read(dataDir(i).toFile(), (count, first, last, text) ->
                    sb.append("\n  error x").append(count).append(": ").append(text.lines().findFirst().orElse("")));
            }
            catch (final Exception ex)
            {
                sb.append("\n  (").append(ex).append(')');
            }
        }
        return sb.toString();
    }

    public void close()
    {
        for (final ChildJvm node : nodes)
        {
            if (null != node)
            {
                node.kill();
                try
                {
                    node.waitFor(30, TimeUnit.SECONDS);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
        }
        for (final String dir : aeronDirs)
        {
            org.agrona.IoUtil.delete(new java.io.File(dir), true);
        }
    }

    /**
     * A producer on its own thread in the test JVM, recording what it saw committed.
     */
    static final class Producer implements ProducerListener, AutoCloseable
    {
        final AtomicLong acked = new AtomicLong();
        final AtomicLong commit = new AtomicLong();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong rejects = new AtomicLong();
        final AtomicLong diskFullRejects = new AtomicLong();
        /** (producerSeqno, seqno) pairs acked, in order. */
        final long[] ackedProducerSeqno;
        final long[] ackedSeqno;
        final long[] ackedEpoch;
        final long[] commitByEpoch = new long[1024];
        int ackCount;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile ProducerClient client;
        private volatile Throwable failure;
        private final long count;
        private final long ratePerSecond;
        private final List<String> channels;
        private final String responseHost;
        private final String entryChannel;
        private final PayloadWriter payloads;
        private final io.boomscooter.client.auth.ClientCredentials credentials;

        Producer(final List<String> channels, final long count, final long ratePerSecond)
        {
            this(channels, count, ratePerSecond, "localhost");
        }

        /**
         * @param responseHost where nodes reach this producer (the root namespace's address across hosts).
         */
        Producer(final List<String> channels, final long count, final long ratePerSecond, final String responseHost)
        {
            this(channels, count, ratePerSecond, responseHost, "test", null);
        }

        /**
         * Writes the n-th entry's payload (n from 1) into the buffer and returns its length.
         */
        interface PayloadWriter
        {
            int write(long n, org.agrona.MutableDirectBuffer payload);
        }

        /**
         * @param entryChannel the entries' channel; {@code payloads} null: 32 bytes of (n, send time).
         */
        Producer(final List<String> channels, final long count, final long ratePerSecond, final String responseHost,
            final String entryChannel, final PayloadWriter payloads)
        {
            this(channels, count, ratePerSecond, responseHost, entryChannel, payloads, null);
        }

        /**
         * @param credentials what the producer proves itself with when the cluster authenticates, or null.
         */
        Producer(final List<String> channels, final long count, final long ratePerSecond, final String responseHost,
            final String entryChannel, final PayloadWriter payloads,
            final io.boomscooter.client.auth.ClientCredentials credentials)
        {
            this.credentials = credentials;
            this.entryChannel = entryChannel;
            this.payloads = payloads;
            this.responseHost = responseHost;
            this.channels = channels;
            this.count = count;
            this.ratePerSecond = ratePerSecond;
            // each entry is acked at least once, and again by every leader of a later epoch that re-acks it
            final int capacity = (int)count * 4 + 64;
            this.ackedProducerSeqno = new long[capacity];
            this.ackedSeqno = new long[capacity];
            this.ackedEpoch = new long[capacity];
            this.thread = new Thread(this::run, "test-producer");
            thread.start();
        }

        private void run()
        {
            try (EmbeddedDriver driver = EmbeddedDriver.launch(DriverProfile.SMALL);
                Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
                ProducerClient producer = new ProducerClient(aeron, channels, LOG_ID,
                    ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE), this, responseHost)
                    .authenticate(credentials))
            {
                client = producer;
                final UnsafeBuffer channel = new UnsafeBuffer(entryChannel.getBytes(StandardCharsets.US_ASCII));
                final UnsafeBuffer payload = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
                final long startNs = System.nanoTime();
                long n = 0;
                while (running)
                {
                    final long nowNs = System.nanoTime();
                    final boolean due = n < count &&
                        (ratePerSecond == 0 || (nowNs - startNs) * ratePerSecond / 1_000_000_000L >= n);
                    if (due)
                    {
                        int length = 32;
                        if (null == payloads)
                        {
                            payload.putLong(0, n + 1);
                            payload.putLong(8, nowNs);
                        }
                        else
                        {
                            length = payloads.write(n + 1, payload);
                        }
                        if (producer.offer(channel, 0, channel.capacity(), payload, 0, 0, payload, 0, length, nowNs) > 0)
                        {
                            n++;
                            sent.set(n);
                            continue;
                        }
                    }
                    if (producer.poll() == 0)
                    {
                        Thread.onSpinWait();
                    }
                }
            }
            catch (final Throwable t)
            {
                failure = t;
            }
        }

        public synchronized void onAck(final int logId, final long producerSeqno, final long seqno, final long commitSeqno,
            final long timestampNs, final SubmitStatus status, final long epoch)
        {
            if (status == SubmitStatus.APPENDED)
            {
                // the leader repeats its cumulative ack on every heartbeat: only a new (producer seqno, seqno,
                // epoch) is recorded, and progress is never held back by the record being full
                final boolean repeat = ackCount > 0 && ackedProducerSeqno[ackCount - 1] == producerSeqno &&
                    ackedSeqno[ackCount - 1] == seqno && ackedEpoch[ackCount - 1] == epoch;
                if (!repeat)
                {
                    if (ackCount == ackedSeqno.length)
                    {
                        throw new IllegalStateException("more distinct acks than the record holds: " + ackCount);
                    }
                    ackedProducerSeqno[ackCount] = producerSeqno;
                    ackedSeqno[ackCount] = seqno;
                    ackedEpoch[ackCount] = epoch;
                    ackCount++;
                }
                acked.accumulateAndGet(producerSeqno, Math::max);
            }
            onCommit(logId, commitSeqno, epoch);
        }

        public synchronized void onCommit(final int logId, final long commitSeqno, final long epoch)
        {
            commitByEpoch[(int)epoch] = Math.max(commitByEpoch[(int)epoch], commitSeqno);
            if (commitSeqno > commit.get())
            {
                commit.set(commitSeqno);
            }
        }

        /**
         * @return whether the i-th ack is covered by a commit seqno of the same epoch.
         */
        synchronized boolean ackCommitted(final int i)
        {
            return commitByEpoch[(int)ackedEpoch[i]] >= ackedSeqno[i];
        }

        public void onReject(final int logId, final long producerSeqno, final long expected, final SubmitStatus status)
        {
            rejects.incrementAndGet();
            if (status == SubmitStatus.DISK_FULL)
            {
                diskFullRejects.incrementAndGet();
            }
        }

        public String toString()
        {
            return "sent=" + sent + " acked=" + acked + " commit=" + commit + " rejects=" + rejects + " " + client;
        }

        void awaitCommitted(final long producerSeqno, final long timeoutS) throws InterruptedException
        {
            awaitTrue(() -> acked.get() >= producerSeqno && committedUpTo() >= producerSeqno, timeoutS,
                () -> "producer never saw " + producerSeqno + " committed: " + this);
        }

        /**
         * @return the highest producer seqno whose ack's seqno is at or below the commit seqno.
         */
        synchronized long committedUpTo()
        {
            long upTo = 0;
            for (int i = 0; i < ackCount; i++)
            {
                if (ackCommitted(i))
                {
                    upTo = Math.max(upTo, ackedProducerSeqno[i]);
                }
            }
            return upTo;
        }

        void awaitTrue(final BooleanSupplier condition, final long timeoutS, final java.util.function.Supplier<String> why)
            throws InterruptedException
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
            while (!condition.getAsBoolean())
            {
                if (null != failure)
                {
                    throw new AssertionError("producer failed", failure);
                }
                if (System.nanoTime() > deadline)
                {
                    fail(why.get());
                }
                Thread.sleep(20);
            }
        }

        public void close() throws InterruptedException
        {
            running = false;
            thread.join(30_000);
            if (null != failure)
            {
                throw new AssertionError("producer failed", failure);
            }
        }
    }
}
