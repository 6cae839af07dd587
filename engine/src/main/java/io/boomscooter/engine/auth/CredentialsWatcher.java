package io.boomscooter.engine.auth;

import io.boomscooter.client.auth.Credentials;
import io.boomscooter.client.auth.CredentialsException;
import org.agrona.ErrorHandler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * Holds a node's credentials and re-reads the file when it changes, on a daemon thread of its own (reading a
 * file is a blocking call, never done in a duty cycle). Agents read {@link #current()} (a volatile read) when a
 * handshake needs it. A changed file that is refused (malformed, too open) is reported and the previous
 * credentials stay in force, so a bad edit never locks everyone out. Rotation is an edit of the file: list the
 * new key beside the old one, move clients over, then remove the old key; handshakes after the re-read use the
 * new file and sessions proven with a key that is gone are asked to prove themselves again.
 */
public final class CredentialsWatcher implements AutoCloseable
{
    private final Path file;
    private final long intervalMs;
    private final ErrorHandler errorHandler;
    private final Thread thread;
    private volatile Credentials current;
    private volatile long generation;
    private volatile boolean running = true;
    private FileTime lastModified;
    private long lastSize;

    /**
     * Reads the file now.
     *
     * @throws CredentialsException when it is refused: a node does not start with authentication it cannot do.
     */
    public CredentialsWatcher(final Path file, final long intervalMs, final ErrorHandler errorHandler)
    {
        this.file = file;
        this.intervalMs = intervalMs;
        this.errorHandler = errorHandler;
        stamp();
        current = Credentials.read(file);
        thread = new Thread(this::run, "credentials-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * @return the credentials in force.
     */
    public Credentials current()
    {
        return current;
    }

    /**
     * @return how many times the file was re-read and taken (0 after start); sessions compare it to re-check.
     */
    public long generation()
    {
        return generation;
    }

    /**
     * Re-reads the file now if it changed (the watcher thread calls this every interval).
     *
     * @return whether new credentials were taken.
     */
    public synchronized boolean reloadIfChanged()
    {
        if (!stamp())
        {
            return false;
        }
        try
        {
            current = Credentials.read(file);
            generation++;
            return true;
        }
        catch (final CredentialsException ex)
        {
            errorHandler.onError(new CredentialsException(
                "credentials file changed but was refused; the previous credentials stay in force: " +
                ex.getMessage(), ex));
            return false;
        }
    }

    private boolean stamp()
    {
        try
        {
            final FileTime modified = Files.getLastModifiedTime(file);
            final long size = Files.size(file);
            final boolean changed = !modified.equals(lastModified) || size != lastSize;
            lastModified = modified;
            lastSize = size;
            return changed;
        }
        catch (final IOException ex)
        {
            throw new CredentialsException("cannot read credentials file " + file + ": " + ex, ex);
        }
    }

    private void run()
    {
        while (running)
        {
            try
            {
                Thread.sleep(intervalMs);
                reloadIfChanged();
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            catch (final RuntimeException ex)
            {
                errorHandler.onError(ex);
            }
        }
    }

    public void close()
    {
        running = false;
        thread.interrupt();
    }
}
