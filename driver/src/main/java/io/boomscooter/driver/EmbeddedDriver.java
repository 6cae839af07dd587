package io.boomscooter.driver;

import io.aeron.driver.MediaDriver;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;

import java.io.File;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An Aeron media driver in this process, in its own unique directory that is deleted on close, so
 * several embedded drivers (tests, the demo) never collide.
 */
public final class EmbeddedDriver implements AutoCloseable
{
    private final MediaDriver mediaDriver;
    private final DriverProfile profile;
    private final String aeronDirectoryName;

    private EmbeddedDriver(final MediaDriver mediaDriver, final DriverProfile profile)
    {
        this.mediaDriver = mediaDriver;
        this.profile = profile;
        this.aeronDirectoryName = mediaDriver.aeronDirectoryName();
    }

    /**
     * @param profile driver settings to use.
     * @return a running driver.
     */
    public static EmbeddedDriver launch(final DriverProfile profile)
    {
        return launch(profile, ctx -> {});
    }

    /**
     * @param profile    driver settings to use.
     * @param customiser last word on the context, e.g. a loss generator in a test.
     * @return a running driver.
     */
    public static EmbeddedDriver launch(final DriverProfile profile, final Consumer<MediaDriver.Context> customiser)
    {
        final MediaDriver.Context ctx = new MediaDriver.Context()
            .aeronDirectoryName(AeronDirectories.uniqueDirectoryName("boomscooter-embedded"))
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .warnIfDirectoryExists(false)
            // generous liveness: a stalled machine or a wall-clock step must not cut clients off
            .clientLivenessTimeoutNs(TimeUnit.SECONDS.toNanos(30))
            .publicationUnblockTimeoutNs(TimeUnit.SECONDS.toNanos(60));
        profile.applyTo(ctx);
        customiser.accept(ctx);
        return new EmbeddedDriver(MediaDriver.launch(ctx), profile);
    }

    /**
     * @return the directory clients connect through.
     */
    public String aeronDirectoryName()
    {
        return aeronDirectoryName;
    }

    /**
     * @return the profile this driver runs.
     */
    public DriverProfile profile()
    {
        return profile;
    }

    /**
     * @return the driver's invoker when its profile runs it in INVOKER mode ({@link DriverProfile#isInvoked()}):
     * the caller must call {@code invoke()} from a duty cycle. Null otherwise.
     */
    public org.agrona.concurrent.AgentInvoker agentInvoker()
    {
        return mediaDriver.sharedAgentInvoker();
    }

    /**
     * @return the underlying Aeron driver.
     */
    public MediaDriver mediaDriver()
    {
        return mediaDriver;
    }

    public void close()
    {
        CloseHelper.close(mediaDriver);
        final File dir = new File(aeronDirectoryName);
        if (dir.exists())
        {
            IoUtil.delete(dir, true);
        }
    }
}
