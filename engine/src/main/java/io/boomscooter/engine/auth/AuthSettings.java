package io.boomscooter.engine.auth;

import io.boomscooter.engine.Configuration;
import org.agrona.ErrorHandler;

import java.nio.file.Path;
import java.util.Properties;

/**
 * The node's authentication settings: one key turns it on.
 * <ul>
 * <li>{@code boomscooter.auth.credentials}: the credentials file (mode 600); unset, nothing is authenticated
 * (the loopback demos' default).</li>
 * <li>{@code boomscooter.auth.reload.ms}: how often the file is checked for changes (default 1000).</li>
 * </ul>
 * Member {@code <id>} proves itself as principal {@code node-<id>}: every member's file holds every member's key.
 */
public final class AuthSettings
{
    public static final String CREDENTIALS_PROP = "boomscooter.auth.credentials";
    public static final String RELOAD_MS_PROP = "boomscooter.auth.reload.ms";

    private final Path credentials;
    private final long reloadMs;

    private AuthSettings(final Path credentials, final long reloadMs)
    {
        this.credentials = credentials;
        this.reloadMs = reloadMs;
    }

    public static AuthSettings from(final Properties file)
    {
        final String path = Configuration.get(file, CREDENTIALS_PROP, null);
        return new AuthSettings(null == path || path.isBlank() ? null : Path.of(path.strip()),
            Configuration.getLong(file, RELOAD_MS_PROP, 1000));
    }

    public boolean enabled()
    {
        return null != credentials;
    }

    public Path credentials()
    {
        return credentials;
    }

    /**
     * @return a watcher over the credentials file, or null when authentication is off.
     */
    public CredentialsWatcher watcher(final ErrorHandler errorHandler)
    {
        return enabled() ? new CredentialsWatcher(credentials, reloadMs, errorHandler) : null;
    }
}
