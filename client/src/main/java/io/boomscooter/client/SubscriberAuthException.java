package io.boomscooter.client;

import io.boomscooter.codecs.subscriber.AuthStatus;

/**
 * The node refused a subscriber's authentication, or the handshake could not finish; the message says why
 * (the node's reason when it gave one).
 */
public final class SubscriberAuthException extends RuntimeException
{
    private final AuthStatus status;

    public SubscriberAuthException(final AuthStatus status, final String message)
    {
        super(message);
        this.status = status;
    }

    /**
     * @return the node's status; {@link AuthStatus#NULL_VAL} when it answered otherwise (e.g. a node without
     *         subscriber authentication refusing the AuthRequest as malformed) or not at all.
     */
    public AuthStatus status()
    {
        return status;
    }
}
