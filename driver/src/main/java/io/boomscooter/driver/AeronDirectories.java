package io.boomscooter.driver;

import java.io.File;
import java.util.UUID;

/**
 * Where Aeron directories go: under {@code /dev/shm} when it exists (memory, not disk), else the temp dir.
 */
public final class AeronDirectories
{
    private static final String SHM = "/dev/shm";

    private AeronDirectories()
    {
    }

    /**
     * @return the directory that holds Aeron directories on this machine.
     */
    public static File baseDirectory()
    {
        final File shm = new File(SHM);
        if (shm.isDirectory() && shm.canWrite())
        {
            return shm;
        }
        return new File(System.getProperty("java.io.tmpdir"));
    }

    /**
     * @param prefix readable part of the name, e.g. {@code boomscooter-embedded}.
     * @return a fresh directory path, not yet created, unique to this call.
     */
    public static String uniqueDirectoryName(final String prefix)
    {
        return new File(baseDirectory(), prefix + "-" + System.getProperty("user.name", "user") + "-" +
            UUID.randomUUID()).getAbsolutePath();
    }

    /**
     * @return the default standalone driver directory, shared by the CLI commands of one user.
     */
    public static String defaultDirectoryName()
    {
        return new File(baseDirectory(), "boomscooter-" + System.getProperty("user.name", "user"))
            .getAbsolutePath();
    }
}
