package io.boomscooter.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.ServiceLoader;

/**
 * The {@code boomscooter} command line. Modules further down the build (perf) add subcommands
 * through {@link CliExtension} services.
 */
@Command(
    name = "boomscooter",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Low-latency, zero-GC replicated log and messaging engine on Aeron, Agrona and SBE.",
    subcommands = {
        ProduceCommand.class,
        PromoteCommand.class,
        NodeCommand.class,
        SubscribeCommand.class,
        DriverCommand.class,
        CountersCommand.class,
        ErrorsCommand.class,
        LogCommand.class,
        ChaosCommand.class,
        RingCommand.class,
        ServiceCommand.class,
        ExchangeCommand.class,
        StreamCommand.class,
        CommandLine.HelpCommand.class
    },
    footer = {"", "Run 'boomscooter COMMAND --help' for a command's options."})
public final class BoomscooterCli implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    /**
     * @return the command line with every subcommand, including those of {@link CliExtension}s.
     */
    public static CommandLine newCommandLine()
    {
        final CommandLine commandLine = new CommandLine(new BoomscooterCli());
        for (final CliExtension extension : ServiceLoader.load(CliExtension.class))
        {
            extension.register(commandLine);
        }
        commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) ->
        {
            cmd.getErr().println("boomscooter " + cmd.getCommandName() + ": error: " + describe(ex));
            if (Boolean.getBoolean("boomscooter.cli.trace"))
            {
                ex.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return commandLine;
    }

    private static String describe(final Throwable ex)
    {
        final String message = ex.getMessage();
        return null == message ? ex.getClass().getSimpleName() : message;
    }

    public static void main(final String[] args)
    {
        System.exit(newCommandLine().execute(args));
    }
}
