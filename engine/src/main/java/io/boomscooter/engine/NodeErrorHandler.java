package io.boomscooter.engine;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.PrintStream;

/**
 * Records every error in the node's distinct error log and counts it; errors the log has no room
 * for, and the first sighting of each, also go to standard error so they are never silent.
 */
public final class NodeErrorHandler implements ErrorHandler
{
    private final DistinctErrorLog log;
    private final PrintStream fallback;
    private volatile AtomicCounter errorCounter;

    NodeErrorHandler(final DistinctErrorLog log, final PrintStream fallback)
    {
        this.log = log;
        this.fallback = fallback;
    }

    void errorCounter(final AtomicCounter errorCounter)
    {
        this.errorCounter = errorCounter;
    }

    public void onError(final Throwable throwable)
    {
        final AtomicCounter counter = errorCounter;
        if (null != counter && !counter.isClosed())
        {
            counter.increment();
        }
        if (!log.record(throwable))
        {
            fallback.println("boomscooter: error log full, error follows");
            throwable.printStackTrace(fallback);
        }
    }
}
