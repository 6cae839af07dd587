package io.boomscooter.perf.cli;

import io.boomscooter.engine.cli.CliExtension;
import picocli.CommandLine;

/**
 * Adds the perf module's commands ({@code bench}) to {@code boomscooter}; found through ServiceLoader.
 */
public final class PerfCliExtension implements CliExtension
{
    public void register(final CommandLine root)
    {
        root.addSubcommand("bench", new BenchCommand());
        root.addSubcommand("demo", new io.boomscooter.perf.demo.DemoCommand());
        root.getSubcommands().get("exchange").addSubcommand("bench",
            new io.boomscooter.perf.exchange.ExchangeBenchCommand());
        root.getSubcommands().get("stream").addSubcommand("bench", new io.boomscooter.perf.rudp.RudpBenchCommand());
        root.getSubcommands().get("service").addSubcommand("bench",
            new io.boomscooter.perf.services.ServiceBenchCommand());
    }
}
