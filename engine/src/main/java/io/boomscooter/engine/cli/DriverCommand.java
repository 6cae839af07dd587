package io.boomscooter.engine.cli;

import io.boomscooter.driver.AeronDirectories;
import io.boomscooter.driver.DriverProfile;
import io.boomscooter.driver.StandaloneDriver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(
    name = "driver",
    mixinStandardHelpOptions = true,
    description = "Run a standalone Aeron media driver until Ctrl-C / SIGTERM, for nodes configured with " +
        "boomscooter.driver.embedded=false.")
final class DriverCommand implements Callable<Integer>
{
    @Option(names = "--profile", defaultValue = "small", converter = ProfileConverter.class,
        description = "small (SHARED thread, backoff idle; default) or low-latency (DEDICATED busy-spin).")
    DriverProfile profile;

    @Option(names = "--aeron-dir", description = "Aeron directory (default: ${DEFAULT-VALUE}).")
    String aeronDir = AeronDirectories.defaultDirectoryName();

    public Integer call()
    {
        if (profile.isInvoked())
        {
            throw new IllegalArgumentException("a standalone driver needs a thread of its own: the " + profile +
                " profile only runs embedded in a node (boomscooter.driver.profile=" + profile + ")");
        }
        StandaloneDriver.runUntilSignalled(profile, aeronDir, () ->
            System.out.println("driver running: profile=" + profile + " aeron-dir=" + aeronDir + " (Ctrl-C stops)"));
        System.out.println("driver stopped");
        return 0;
    }
}
