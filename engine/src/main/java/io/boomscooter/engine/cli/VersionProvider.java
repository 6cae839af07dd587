package io.boomscooter.engine.cli;

import picocli.CommandLine;

/**
 * Version from the jar manifest, or "development" when run from classes.
 */
public final class VersionProvider implements CommandLine.IVersionProvider
{
    public String[] getVersion()
    {
        final String version = BoomscooterCli.class.getPackage().getImplementationVersion();
        return new String[]{
            "boomscooter " + (null == version ? "development" : version),
            "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
        };
    }
}
