package io.boomscooter.driver;

import org.agrona.IoUtil;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.List;
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
     * Deletes the embedded driver directory a dead predecessor recorded in {@code ownerFile} (see
     * {@link #recordOwner}): a process killed with -9 or crashed never ran its driver's delete-on-shutdown,
     * and each such directory holds tens of MB of /dev/shm. A directory whose recorded process is still
     * alive is left alone. Never throws: a record it cannot read is only reported.
     *
     * @param ownerFile the record, e.g. in a node's data directory.
     * @return the directory deleted, or null.
     */
    public static String deleteAbandoned(final File ownerFile)
    {
        if (!ownerFile.isFile())
        {
            return null;
        }
        try
        {
            final List<String> lines = Files.readAllLines(ownerFile.toPath(), StandardCharsets.UTF_8);
            if (lines.size() < 2)
            {
                return null;
            }
            final long pid = Long.parseLong(lines.get(0).trim());
            final File dir = new File(lines.get(1).trim());
            final boolean ownerAlive = pid != ProcessHandle.current().pid() &&
                ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            // only a directory we created: under the base directory and with our prefix
            if (ownerAlive || !dir.isDirectory() || !dir.getName().startsWith("boomscooter-") ||
                !baseDirectory().getAbsoluteFile().equals(dir.getAbsoluteFile().getParentFile()))
            {
                return null;
            }
            IoUtil.delete(dir, true);
            return dir.getAbsolutePath();
        }
        catch (final IOException | RuntimeException ex)
        {
            System.err.println("boomscooter: cannot reclaim the Aeron directory recorded in " + ownerFile + ": " + ex);
            return null;
        }
    }

    /**
     * Records that this process owns {@code aeronDirectoryName}, so that a successor can delete it if this
     * process dies without cleaning up. Written to a temporary file and moved, never half-written.
     *
     * @param ownerFile          where to record it.
     * @param aeronDirectoryName the directory this process's embedded driver uses.
     * @throws IOException when the record cannot be written.
     */
    public static void recordOwner(final File ownerFile, final String aeronDirectoryName) throws IOException
    {
        final File tmp = new File(ownerFile.getParentFile(), ownerFile.getName() + ".tmp");
        Files.write(tmp.toPath(), (ProcessHandle.current().pid() + "\n" + aeronDirectoryName + "\n")
            .getBytes(StandardCharsets.UTF_8));
        Files.move(tmp.toPath(), ownerFile.toPath(), StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
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
