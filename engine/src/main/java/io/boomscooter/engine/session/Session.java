package io.boomscooter.engine.session;

/**
 * One long-running conversation (a subscriber, a replica being fed, a producer, a family's peer), ticked
 * by the agent that owns it, in the spirit of Aeron Archive's {@code Session}. A session never blocks and
 * never allocates in {@link #doWork(long)}; once {@link #isDone()} it is closed and dropped by its owner
 * (see {@link SessionList}).
 */
public interface Session extends AutoCloseable
{
    /**
     * One duty-cycle step.
     *
     * @param nowNs the owner's {@code System.nanoTime()} for this cycle.
     * @return work done, 0 when idle.
     */
    int doWork(long nowNs);

    /**
     * @return true once the session has finished (normally or by {@link #abort(String)}) and may be closed.
     */
    boolean isDone();

    /**
     * Ends the session at its next step, telling the peer why where the protocol has a way to.
     *
     * @param reason a constant string: no allocation on the caller's path.
     */
    void abort(String reason);

    /**
     * Releases what the session holds (publications, buffers). Called once, by the owner, after it is done.
     */
    void close();
}
