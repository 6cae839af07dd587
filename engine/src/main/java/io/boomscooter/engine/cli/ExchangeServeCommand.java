package io.boomscooter.engine.cli;

import io.boomscooter.engine.exchange.ExchangeEcho;
import io.boomscooter.engine.exchange.ExchangeEndpoint;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
        "Listen for exchange peers: answer each request with its own id and data, echo each message on a stream",
        "a peer opens, count posts. Prints a status line every --report-s seconds (--json: one JSON object)."})
final class ExchangeServeCommand implements Callable<Integer>
{
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "9900", description = "Port to listen on; 0 picks one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--duration-s", defaultValue = "0", description = "Stop after this long; 0 runs until killed.")
    int durationS;

    @Option(names = "--report-s", defaultValue = "5", description = "Seconds between status lines; 0 prints none.")
    int reportS;

    @Option(names = "--json", description = "Status lines as JSON.")
    boolean json;

    @Mixin
    ExchangeOptions options;

    public Integer call() throws Exception
    {
        final ExchangeEcho echo = new ExchangeEcho();
        final ExchangeEndpoint endpoint = new ExchangeEndpoint(options.settings("boomscooter-serve"), echo, host, port,
            Throwable::printStackTrace);
        echo.endpoint(endpoint);
        System.out.println(json ? new JsonLine().put("listening", host + ":" + endpoint.port()).toString() :
            "exchange serve listening on " + host + ":" + endpoint.port());
        final long endNs = durationS > 0 ? System.nanoTime() + durationS * 1_000_000_000L : Long.MAX_VALUE;
        try (AgentRunner runner = new AgentRunner(new BackoffIdleStrategy(10, 10, 1000, 100_000),
            Throwable::printStackTrace, null, endpoint))
        {
            AgentRunner.startOnThread(runner);
            Runtime.getRuntime().addShutdownHook(new Thread(runner::close));
            while (System.nanoTime() < endNs)
            {
                Thread.sleep(reportS > 0 ? Math.min(reportS * 1000L, Math.max(1, (endNs - System.nanoTime()) / 1_000_000)) :
                    100);
                if (reportS > 0)
                {
                    final String counters = endpoint.counters().toJson();
                    System.out.println(json ? "{\"peersReady\":" + echo.peersReady() + ",\"counters\":" + counters + "}" :
                        "peers " + echo.peersReady() + " " + counters);
                }
            }
        }
        return 0;
    }
}
