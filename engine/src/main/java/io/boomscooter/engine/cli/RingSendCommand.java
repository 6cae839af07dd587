package io.boomscooter.engine.cli;

import io.boomscooter.engine.ring.RingClient;
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
        int failures = 0;
        try (RingClient client = new RingClient(ring, mode, Math.max(0, specific),
            ThreadLocalRandom.current().nextLong(), timeoutMs))
        {
            for (long sent = 0; 0 == count || sent < count; sent++)
            {
                final String message = null == text ? client.randomText() : text;
                String answer;
                try
                {
                    answer = client.send(message);
                }
                catch (final java.io.IOException ex)
                {
                    answer = "failed: " + ex.getMessage();
                }
                failures += "ok".equals(answer) ? 0 : 1;
                System.out.println("server " + client.lastServer() + " " + ring.get(Math.max(0, client.lastServer())) +
                    ": " + message + " -> " + answer);
                System.out.flush();
                if (intervalSeconds > 0 && (0 == count || sent + 1 < count))
                {
                    Thread.sleep((long)(intervalSeconds * 1000));
                }
            }
        }
        return 0 == failures ? 0 : 1;
    }
}
