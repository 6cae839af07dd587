package io.boomscooter.engine.cli;

import io.boomscooter.engine.exchange.ExchangeEndpoint;
import io.boomscooter.engine.exchange.ExchangeLoad;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.util.concurrent.Callable;

/**
 * {@code exchange post|request|stream}: dial a peer, send --count messages, report the rate and round trips.
 */
abstract class ExchangeClientCommand implements Callable<Integer>
{
    @Option(names = "--connect", defaultValue = "127.0.0.1:9900",
        description = "Peer to dial, host:port (default: ${DEFAULT-VALUE}).")
    String connect;

    @Option(names = "--count", defaultValue = "10000", description = "Messages to send (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--size", defaultValue = "64", description = "Bytes of data per message, at least 8 (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--message-id", defaultValue = "1", description = "Message id (not 0 or 0x1000-0x100f).")
    long messageId;

    @Option(names = "--timeout-s", defaultValue = "60", description = "Give up after this long (default: ${DEFAULT-VALUE}).")
    int timeoutS;

    @Option(names = "--json", description = "One JSON line: rate, round-trip percentiles, counters.")
    boolean json;

    @Mixin
    ExchangeOptions options;

    abstract ExchangeLoad.Mode mode();

    int inFlight()
    {
        return 1;
    }

    public Integer call() throws Exception
    {
        final int colon = connect.lastIndexOf(':');
        if (colon < 0)
        {
            throw new IllegalArgumentException("--connect must be host:port: " + connect);
        }
        final InetSocketAddress address =
            new InetSocketAddress(connect.substring(0, colon), Integer.parseInt(connect.substring(colon + 1)));
        final ExchangeLoad load = new ExchangeLoad(mode(), count, inFlight(), size, messageId);
        final ExchangeEndpoint endpoint = new ExchangeEndpoint(options.settings("boomscooter-" +
            mode().name().toLowerCase()), load, null, 0, Throwable::printStackTrace);
        load.target(endpoint, address);
        final long deadline = System.nanoTime() + timeoutS * 1_000_000_000L;
        try (AgentRunner runner = new AgentRunner(new BackoffIdleStrategy(10, 10, 1000, 100_000),
            Throwable::printStackTrace, null, new CompositeAgent(endpoint, load)))
        {
            AgentRunner.startOnThread(runner);
            while (!load.isDone() && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
        }
        final String failure = load.isDone() ? load.failure() : "timed out after " + timeoutS + " s";
        final Histogram rtt = load.roundTrips();
        if (json)
        {
            final JsonLine line = new JsonLine().put("mode", mode().name().toLowerCase()).put("count", count)
                .put("size", size).put("inFlight", inFlight()).put("tags", options.tags)
                .put("ok", null == failure).put("failure", failure).put("perSecond", Math.round(load.rate()));
            if (rtt.getTotalCount() > 0)
            {
                line.putRaw("roundTripUs", JsonLine.percentilesUs(rtt));
            }
            line.putRaw("counters", endpoint.counters().toJson());
            System.out.println(line);
        }
        else if (null == failure)
        {
            System.out.printf("%s: %,d messages of %d bytes, %,.0f/s%s%n", mode().name().toLowerCase(), count, size,
                load.rate(), rtt.getTotalCount() == 0 ? "" : String.format(", round trip p50 %.1f us p99 %.1f us",
                rtt.getValueAtPercentile(50) / 1000.0, rtt.getValueAtPercentile(99) / 1000.0));
        }
        else
        {
            System.out.println("failed: " + failure);
        }
        return null == failure ? 0 : 1;
    }

    @Command(name = "post", mixinStandardHelpOptions = true,
        description = "POST --count messages as fast as the connection takes them; ends with a ping so the rate " +
            "counts delivery.")
    static final class Post extends ExchangeClientCommand
    {
        ExchangeLoad.Mode mode()
        {
            return ExchangeLoad.Mode.POST;
        }
    }

    @Command(name = "request", mixinStandardHelpOptions = true,
        description = "REQUEST --count responses with --in-flight outstanding; reports requests/s and round trips.")
    static final class Request extends ExchangeClientCommand
    {
        @Option(names = "--in-flight", defaultValue = "1", description = "Requests outstanding at once (default: ${DEFAULT-VALUE}).")
        int inFlight;

        ExchangeLoad.Mode mode()
        {
            return ExchangeLoad.Mode.REQUEST;
        }

        int inFlight()
        {
            return inFlight;
        }
    }

    @Command(name = "stream", mixinStandardHelpOptions = true,
        description = "Open one STREAM and send --count messages the peer echoes, --in-flight unanswered at once.")
    static final class Stream extends ExchangeClientCommand
    {
        @Option(names = "--in-flight", defaultValue = "64", description = "Messages unanswered at once (default: ${DEFAULT-VALUE}).")
        int inFlight;

        ExchangeLoad.Mode mode()
        {
            return ExchangeLoad.Mode.STREAM;
        }

        int inFlight()
        {
            return inFlight;
        }
    }
}
