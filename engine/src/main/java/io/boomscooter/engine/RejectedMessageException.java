package io.boomscooter.engine;

/**
 * A message from the network was refused: malformed, from an older epoch, for an unknown log, and so
 * on. Recorded in the node's distinct error log (one entry per distinct reason, with a count) and never
 * thrown: the node keeps serving. Built without a stack trace, which would say nothing useful.
 */
public final class RejectedMessageException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public RejectedMessageException(final String reason)
    {
        super(reason, null, false, false);
    }
}
