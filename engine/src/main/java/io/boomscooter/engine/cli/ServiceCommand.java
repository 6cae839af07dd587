package io.boomscooter.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "service",
    mixinStandardHelpOptions = true,
    description = {
        "Exactly-once services on the replicated log (docs/services.md). A node hosts services when its config",
        "file sets boomscooter.services=name=class,...; every node runs them on the committed log, the leader",
        "logs the calls they make, and each node checkpoints them under <data-dir>/services/<name>/."},
    subcommands = {
        ServiceCallCommand.class,
        ServiceCoordinatorCommand.class,
        ServiceListCommand.class,
        ServiceWhatIfCommand.class,
        CommandLine.HelpCommand.class
    },
    footer = {"", "Run 'boomscooter service <command> --help' for each command's options."})
final class ServiceCommand implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: call, list, what-if, coordinator or bench");
    }
}
