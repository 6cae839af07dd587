package io.boomscooter.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "ring",
    mixinStandardHelpOptions = true,
    description = {
        "A pzog ring relay (docs/ring-relay.md): servers in a ring, each message a client sends to any one of them",
        "reaches every server's access.log exactly once. A server is a node whose config file sets",
        "boomscooter.ring.servers (run it with 'boomscooter node --config FILE'); this command is the client."},
    subcommands = {
        RingSendCommand.class,
        CommandLine.HelpCommand.class
    },
    footer = {"", "Run 'boomscooter ring send --help' for the client's options."})
final class RingCommand implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: send");
    }
}
