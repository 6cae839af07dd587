package io.boomscooter.engine;

/**
 * A node could not start: an agent could not be built, or its onStart threw (e.g. a log that refuses to
 * open). The node has closed everything it started by the time this is thrown; the cause says why.
 */
public final class NodeStartException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public NodeStartException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
