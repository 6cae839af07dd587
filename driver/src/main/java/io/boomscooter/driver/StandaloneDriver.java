package io.boomscooter.driver;

import io.aeron.driver.MediaDriver;
import org.agrona.concurrent.ShutdownSignalBarrier;

/**
 * A media driver as its own process, in a known directory that several nodes and clients share.
 */
public final class StandaloneDriver
{
    private StandaloneDriver()
    {
    }

    /**
     * @param profile            driver settings.
     * @param aeronDirectoryName directory clients will connect through.
     * @return the context, ready to launch.
     */
    public static MediaDriver.Context context(final DriverProfile profile, final String aeronDirectoryName)
    {
        final MediaDriver.Context ctx = new MediaDriver.Context()
            .aeronDirectoryName(aeronDirectoryName)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true);
        profile.applyTo(ctx);
        return ctx;
    }

    /**
     * Runs a driver until SIGINT or SIGTERM.
     *
     * @param profile            driver settings.
     * @param aeronDirectoryName directory clients will connect through.
     * @param onStarted          told once the driver is up.
     */
    public static void runUntilSignalled(
        final DriverProfile profile, final String aeronDirectoryName, final Runnable onStarted)
    {
        final ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
        try (MediaDriver ignore = MediaDriver.launch(context(profile, aeronDirectoryName)))
        {
            onStarted.run();
            barrier.await();
        }
    }
}
