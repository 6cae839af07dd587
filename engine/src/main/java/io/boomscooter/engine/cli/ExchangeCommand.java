package io.boomscooter.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "exchange",
    mixinStandardHelpOptions = true,
    description = {
        "gofast-compatible exchanges (docs/exchanges.md): once connected both ends are peers that POST, REQUEST a",
        "RESPONSE (many in flight) and open STREAMs, every frame CBOR. 'serve' answers; the others dial it (or a",
        "gofast program) and report rates and round trips."},
    subcommands = {
        ExchangeServeCommand.class,
        ExchangeClientCommand.Post.class,
        ExchangeClientCommand.Request.class,
        ExchangeClientCommand.Stream.class,
        CommandLine.HelpCommand.class
    },
    footer = {"", "Example:", "  boomscooter exchange serve --port 9900 &",
        "  boomscooter exchange request --connect 127.0.0.1:9900 --count 100000 --in-flight 64 --json"})
final class ExchangeCommand implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: serve, post, request, stream");
    }
}
