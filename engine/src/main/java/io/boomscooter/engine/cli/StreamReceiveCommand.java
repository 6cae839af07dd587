package io.boomscooter.engine.cli;

import io.boomscooter.engine.rudp.RudpEndpoint;
import io.boomscooter.engine.rudp.RudpListener;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(
    name = "receive",
    mixinStandardHelpOptions = true,
    description = {
        "Receive on a UDP port: count messages per stream, write stream 1 to --output (a sender's --file ends",
        "with an empty message, which ends the receive), print a progress line every second."})
final class StreamReceiveCommand implements Callable<Integer>
{
    @Option(names = "--bind", defaultValue = "127.0.0.1:9700", description = "Address to receive on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--key-file", description = "32-byte key (raw or hex), mode 600: every datagram is AES-256-GCM.")
    Path keyFile;

    @Option(names = "--output", description = "Write stream 1's messages here, in order.")
    Path output;

    @Option(names = "--duration-s", defaultValue = "0", description = "Stop after this long; 0 waits for the end of a file or forever.")
    int durationS;

    @Option(names = "--json", description = "Progress and summary lines as JSON.")
    boolean json;

    private volatile long messages;
    private volatile long bytes;
    private volatile long lost;
    private volatile boolean done;
    private FileOutputStream out;
    private byte[] copy = new byte[64 * 1024];
    private volatile String failure;

    public Integer call() throws Exception
    {
        out = null == output ? null : new FileOutputStream(output.toFile());
        final RudpEndpoint endpoint = new RudpEndpoint(StreamCommand.settings(StreamCommand.address(bind), keyFile),
            new RudpListener()
            {
                public void onMessage(final int peer, final int streamId, final DirectBuffer buffer, final int offset,
                    final int length)
                {
                    received(streamId, buffer, offset, length);
                }

                public void onLoss(final int peer, final int streamId, final long packets)
                {
                    lost += packets;
                }
            }, Throwable::printStackTrace);
        final java.net.InetSocketAddress local = null != endpoint.localV4() ? endpoint.localV4() : endpoint.localV6();
        System.out.println(json ? new JsonLine().put("listening", local.toString()).toString() :
            "stream receive on " + local);
        final long start = System.nanoTime();
        final long end = durationS > 0 ? start + durationS * 1_000_000_000L : Long.MAX_VALUE;
        try (AgentRunner runner = new AgentRunner(new BackoffIdleStrategy(10, 10, 1000, 100_000),
            Throwable::printStackTrace, null, endpoint))
        {
            AgentRunner.startOnThread(runner);
            long lastBytes = 0;
            while (!done && System.nanoTime() < end && null == failure)
            {
                Thread.sleep(1000);
                final long b = bytes;
                final String line = json ? new JsonLine().put("messages", messages).put("bytes", b)
                    .put("mbPerSecond", (b - lastBytes) / 1e6).put("lostPackets", lost).toString() :
                    String.format("%,d messages, %,d bytes, %.1f MB/s, %d packets lost", messages, b,
                        (b - lastBytes) / 1e6, lost);
                System.out.println(line);
                lastBytes = b;
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            System.out.println(new JsonLine().put("done", done).put("messages", messages).put("bytes", bytes)
                .put("lostPackets", lost).put("seconds", seconds).put("failure", failure)
                .putRaw("counters", endpoint.counters().toJson()));
        }
        finally
        {
            if (null != out)
            {
                out.close();
            }
        }
        return null == failure ? 0 : 1;
    }

    private void received(final int streamId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (streamId == 1 && null != out)
        {
            if (length == 0)
            {
                done = true;
                return;
            }
            try
            {
                if (copy.length < length)
                {
                    copy = new byte[length];
                }
                buffer.getBytes(offset, copy, 0, length);
                out.write(copy, 0, length);
            }
            catch (final IOException ex)
            {
                failure = "writing " + output + ": " + ex.getMessage();
            }
        }
        messages++;
        bytes += length;
    }
}
