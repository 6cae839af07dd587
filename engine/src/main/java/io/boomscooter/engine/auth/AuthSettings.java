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
 * <li>{@code boomscooter.auth.member.principal}: the principal this node proves itself as to the other members
 * (default {@code node-<id>}); its key must be in the file, as must every other member's.</li>
 * <li>{@code boomscooter.auth.reload.ms}: how often the file is checked for changes (default 1000).</li>
 * </ul>
 */
public final class AuthSettings
{
    public static final String CREDENTIALS_PROP = "boomscooter.auth.credentials";
    public static final String MEMBER_PRINCIPAL_PROP = "boomscooter.auth.member.principal";
    public static final String RELOAD_MS_PROP = "boomscooter.auth.reload.ms";

    private final Path credentials;
    private final String memberPrincipal;
    private final long reloadMs;

    private AuthSettings(final Path credentials, final String memberPrincipal, final long reloadMs)
    {
        this.credentials = credentials;
        this.memberPrincipal = memberPrincipal;
        this.reloadMs = reloadMs;
    }

    public static AuthSettings from(final Properties file, final int nodeId)
    {
        final String path = Configuration.get(file, CREDENTIALS_PROP, null);
        return new AuthSettings(null == path || path.isBlank() ? null : Path.of(path.strip()),
            Configuration.get(file, MEMBER_PRINCIPAL_PROP, "node-" + nodeId),
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

    public String memberPrincipal()
    {
        return memberPrincipal;
    }

    /**
     * @return a watcher over the credentials file, or null when authentication is off.
     */
    public CredentialsWatcher watcher(final ErrorHandler errorHandler)
    {
        return enabled() ? new CredentialsWatcher(credentials, reloadMs, errorHandler) : null;
    }
}
