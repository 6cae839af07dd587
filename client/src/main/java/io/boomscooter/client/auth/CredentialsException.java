package io.boomscooter.client.auth;

/**
 * A credentials file is missing, unreadable, too open or malformed; the message says which and where.
 */
public final class CredentialsException extends RuntimeException
{
    public CredentialsException(final String message)
    {
        super(message);
    }

    public CredentialsException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
