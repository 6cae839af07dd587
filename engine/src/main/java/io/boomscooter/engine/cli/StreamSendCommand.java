package io.boomscooter.engine.cli;

import io.boomscooter.engine.rudp.RudpEndpoint;
import io.boomscooter.engine.rudp.RudpReliability;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description = {
        "Send a file (--file, in --size chunks on stream 1, then an empty message) or --count synthetic messages",
        "to a receiver, with a progress line every second. Reliable sends wait for every packet to be",
        "acknowledged before they exit."})
final class StreamSendCommand implements Callable<Integer>
{
    @Option(names = "--to", required = true, description = "Receiver host:port (IPv6: [::1]:9700).")
    String to;

    @Option(names = "--bind", description = "Local address (default: loopback of the receiver's family, any port).")
    String bind;

    @Option(names = "--file", description = "File to send on stream 1.")
    Path file;

    @Option(names = "--count", defaultValue = "100000", description = "Synthetic messages (without --file).")
    long count;

    @Option(names = "--size", defaultValue = "1024", description = "Message (chunk) bytes (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--reliability", defaultValue = "reliable",
        description = "reliable, drop-oldest or fire-and-forget (default: ${DEFAULT-VALUE}).")
    String reliability;

    @Option(names = "--key-file", description = "32-byte key (raw or hex), mode 600: every datagram is AES-256-GCM.")
    Path keyFile;

    @Option(names = "--timeout-s", defaultValue = "600", description = "Give up after this long.")
    int timeoutS;

    @Option(names = "--json", description = "Progress and summary lines as JSON.")
    boolean json;

    private volatile long sent;
    private volatile long bytes;
    private volatile boolean finished;
    private volatile String failure;

    public Integer call() throws Exception
    {
        final java.net.InetSocketAddress target = StreamCommand.address(to);
        final boolean v6 = target.getAddress() instanceof java.net.Inet6Address;
        final java.net.InetSocketAddress local = null != bind ? StreamCommand.address(bind) :
            new java.net.InetSocketAddress(v6 ? "::1" : "127.0.0.1", 0);
        final RudpReliability mode = RudpReliability.valueOf(reliability.toUpperCase(Locale.ROOT).replace('-', '_'));
        final RudpEndpoint endpoint = new RudpEndpoint(StreamCommand.settings(local, keyFile),
            (p, s, b, o, l) -> { }, Throwable::printStackTrace);
        final int peer = endpoint.addPeer(target);
        if (mode != RudpReliability.FIRE_AND_FORGET)
        {
            endpoint.openStream(peer, 1, mode);
        }
        if (size < 8 && null == file)
        {
            throw new IllegalArgumentException("--size must be at least 8 for synthetic messages (they carry a number)");
        }
        final long total = null == file ? count * size : Files.size(file);
        if (total > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("--file larger than 2 GiB is not supported yet: " + total + " bytes");
        }
        // The file is mapped, not read: the duty cycle offers slices of it and never blocks on a read.
        final UnsafeBuffer mapped = null == file ? null : map(file);
        final UnsafeBuffer chunk = new UnsafeBuffer(new byte[size]);
        final Agent source = new Agent()
        {
            private int pending = -1;
            private long position;

            public int doWork()
            {
                int work = 0;
                while (!finished && work < 64)
                {
                    final UnsafeBuffer from = null == mapped ? chunk : mapped;
                    final int offset = null == mapped ? 0 : (int)position;
                    if (pending < 0)
                    {
                        pending = null == mapped ? synthetic(chunk) : (int)Math.min(size, total - position);
                    }
                    final long result = mode == RudpReliability.FIRE_AND_FORGET ?
                        endpoint.sendFireAndForget(peer, from, offset, pending) :
                        endpoint.offer(peer, 1, from, offset, pending);
                    if (result == RudpEndpoint.BACK_PRESSURED)
                    {
                        break;
                    }
                    if (result < 0)
                    {
                        failure = "send failed: " + result;
                        finished = true;
                        break;
                    }
                    bytes += pending;
                    position += pending;
                    sent++;
                    finished = pending == 0 && null != mapped || null == mapped && sent == count;
                    pending = -1;
                    work++;
                }
                return work;
            }

            public String roleName()
            {
                return "stream-source";
            }
        };
        final long start = System.nanoTime();
        final long deadline = start + timeoutS * 1_000_000_000L;
        try (AgentRunner runner = new AgentRunner(new BackoffIdleStrategy(10, 10, 1000, 100_000),
            Throwable::printStackTrace, null, new CompositeAgent(endpoint, source)))
        {
            AgentRunner.startOnThread(runner);
            long lastBytes = 0;
            while (System.nanoTime() < deadline && null == failure &&
                !(finished && (mode == RudpReliability.FIRE_AND_FORGET || endpoint.isAcknowledged(peer, 1))))
            {
                Thread.sleep(200);
                final long b = bytes;
                if (b - lastBytes > 0 || finished)
                {
                    System.out.println(json ? new JsonLine().put("messages", sent).put("bytes", b)
                        .put("percent", total == 0 ? 100 : 100.0 * b / total).toString() :
                        String.format("%,d messages, %,d of %,d bytes (%.0f %%)", sent, b, total,
                            total == 0 ? 100 : 100.0 * b / total));
                }
                lastBytes = b;
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            System.out.println(new JsonLine().put("messages", sent).put("bytes", bytes).put("seconds", seconds)
                .put("mbPerSecond", bytes / seconds / 1e6).put("failure", failure)
                .putRaw("counters", endpoint.counters().toJson()));
        }
        return null == failure && finished ? 0 : 1;
    }

    private int synthetic(final UnsafeBuffer chunk)
    {
        chunk.putLong(0, sent);
        return size;
    }

    private static UnsafeBuffer map(final Path file) throws IOException
    {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file))
        {
            return new UnsafeBuffer(channel.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, channel.size()));
        }
    }
}
