package io.boomscooter.engine.cli;

import picocli.CommandLine;

/**
 * A module that adds subcommands to {@code boomscooter}; listed in
 * {@code META-INF/services/io.boomscooter.engine.cli.CliExtension}.
 */
public interface CliExtension
{
    /**
     * @param root the top-level command to add subcommands to.
     */
    void register(CommandLine root);
}
