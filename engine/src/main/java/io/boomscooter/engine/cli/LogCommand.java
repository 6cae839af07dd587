package io.boomscooter.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "log",
    mixinStandardHelpOptions = true,
    description = {
        "Work with a log directory of memory-mapped segment files (format: docs/log-format.md).",
        "A log has one writer at a time (writer.lock); readers need no lock."},
    subcommands = {
        LogAppendCommand.class,
        LogTailCommand.class,
        LogVerifyCommand.class,
        LogStatsCommand.class,
        CommandLine.HelpCommand.class
    },
    footer = {"", "Run 'boomscooter log COMMAND --help' for a subcommand's options."})
final class LogCommand implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: append, tail, verify or stats");
    }
}
