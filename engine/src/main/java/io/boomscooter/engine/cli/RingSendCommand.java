package io.boomscooter.engine.cli;

import io.boomscooter.engine.ring.RingClient;
import io.boomscooter.engine.ring.RingLogWatcher;
import io.boomscooter.engine.ring.RingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description = {
        "Send messages to a ring (the note's psprog): every --interval seconds, quasi-random printable text of",
        "32-63 characters (or --text) to a random server, in turn with -r, or always one with -s. Prints each",
        "answer. Exit 0 when every message was answered ok."})
final class RingSendCommand implements Callable<Integer>
{
    @Option(names = "--servers", required = true,
        description = "The ring in order: host[:peerPort[:clientPort]],... (as boomscooter.ring.servers).")
    String servers;

    @Option(names = "--client-port", defaultValue = "55551",
        description = "Client port of servers listed without one (default: ${DEFAULT-VALUE}).")
    int clientPort;

    @Option(names = {"-i", "--interval"}, defaultValue = "10",
        description = "Seconds between messages; 0 sends as fast as answers come (default: ${DEFAULT-VALUE}).")
    double intervalSeconds;

    @Option(names = {"-r", "--roundRobin"}, description = "Send to the servers in turn instead of at random.")
    boolean roundRobin;

    @Option(names = {"-s", "--specificHost"}, description = "Always send to the server with this host.")
    String specificHost;

    @Option(names = "--testing", description = "Testing mode: send to the server on 127.0.0.1.")
    boolean testing;

    @Option(names = "--count", defaultValue = "0", description = "Messages to send; 0 sends until stopped.")
    long count;

    @Option(names = "--text", description = "Send this text instead of generated content.")
    String text;

    @Option(names = "--timeout-ms", defaultValue = "5000", description = "Connect and answer timeout (default: ${DEFAULT-VALUE}).")
    int timeoutMs;

    @Option(names = "--await-logs", split = ",", description = "access.log files of servers on this machine: after " +
        "each ok, wait until every one holds the message and report send-to-last-log latency.")
    List<java.nio.file.Path> awaitLogs;

    @Option(names = "--window", defaultValue = "1", description = "Send this many lines before reading their " +
        "answers (throughput; default: ${DEFAULT-VALUE}, one round trip per message).")
    int window;

    @Option(names = "--quiet", description = "Print only the summary.")
    boolean quiet;

    public Integer call() throws Exception
    {
        if (intervalSeconds < 0 || count < 0)
        {
            throw new IllegalArgumentException("--interval and --count must not be negative");
        }
        final List<RingSettings.Server> ring = RingSettings.parseServers(servers, RingSettings.PEER_PORT_DEFAULT,
            clientPort);
        final String host = testing ? "127.0.0.1" : specificHost;
        int specific = -1;
        if (null != host)
        {
            for (int i = 0; i < ring.size(); i++)
            {
                if (ring.get(i).host().equals(host))
                {
                    specific = i;
                }
            }
            if (specific < 0)
            {
                throw new IllegalArgumentException("no server with host " + host + " in --servers");
            }
        }
        final RingClient.Mode mode = specific >= 0 ? RingClient.Mode.SPECIFIC :
            roundRobin ? RingClient.Mode.ROUND_ROBIN : RingClient.Mode.RANDOM;
        if (window < 1 || (window > 1 && null != awaitLogs))
        {
            throw new IllegalArgumentException("--window must be >= 1, and 1 with --await-logs");
        }
        int failures = 0;
        long sent = 0;
        final org.HdrHistogram.Histogram latencyNs = new org.HdrHistogram.Histogram(3);
        final RingLogWatcher watcher = null == awaitLogs ? null : new RingLogWatcher(awaitLogs);
        final long startNs = System.nanoTime();
        try (RingClient client = new RingClient(ring, mode, Math.max(0, specific),
            ThreadLocalRandom.current().nextLong(), timeoutMs))
        {
            while (0 == count || sent < count)
            {
                final int batch = (int)(0 == count ? window : Math.min(window, count - sent));
                final java.util.List<String> messages = new java.util.ArrayList<>(batch);
                for (int i = 0; i < batch; i++)
                {
                    messages.add(null == text ? client.randomText() : text);
                }
                final long sendNs = System.nanoTime();
                String answer;
                int ok;
                try
                {
                    if (1 == batch)
                    {
                        answer = client.send(messages.get(0));
                        ok = "ok".equals(answer) ? 1 : 0;
                    }
                    else
                    {
                        ok = client.sendPipelined(messages);
                        answer = ok + " of " + batch + " ok";
                    }
                }
                catch (final java.io.IOException ex)
                {
                    answer = "failed: " + ex.getMessage();
                    ok = 0;
                }
                failures += batch - ok;
                sent += batch;
                if (null != watcher && 1 == ok)
                {
                    if (watcher.awaitEverywhere(messages.get(0), System.nanoTime() + 10_000_000_000L))
                    {
                        latencyNs.recordValue(System.nanoTime() - sendNs);
                    }
                    else
                    {
                        failures++;
                        answer += " (not in every access.log within 10 s)";
                    }
                }
                if (!quiet)
                {
                    System.out.println("server " + client.lastServer() + " " +
                        ring.get(Math.max(0, client.lastServer())) + ": " +
                        (1 == batch ? messages.get(0) : batch + " messages") + " -> " + answer);
                    System.out.flush();
                }
                if (intervalSeconds > 0 && (0 == count || sent < count))
                {
                    Thread.sleep((long)(intervalSeconds * 1000));
                }
            }
        }
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        System.out.printf("ring send: %d messages in %.2f s (%.0f/s), %d not ok%s%n", sent, seconds, sent / seconds,
            failures, latencyNs.getTotalCount() == 0 ? "" : String.format(
            "; send to last access.log line us: p50 %.0f p90 %.0f p99 %.0f max %.0f",
            latencyNs.getValueAtPercentile(50) / 1e3, latencyNs.getValueAtPercentile(90) / 1e3,
            latencyNs.getValueAtPercentile(99) / 1e3, latencyNs.getMaxValue() / 1e3));
        return 0 == failures ? 0 : 1;
    }
}
