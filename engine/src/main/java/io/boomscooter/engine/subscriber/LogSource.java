package io.boomscooter.engine.subscriber;

import java.nio.file.Path;

/**
 * One log a {@link SubscriberAgent} can serve: where its segment files are and how far it is committed.
 * In a node it is backed by the cluster's commit counter; in tests by a plain writer and an
 * {@code AtomicLong}. Subscribers never see past {@link #commitSeqno()}, which is how replicas serve
 * only what they know is committed.
 */
public interface LogSource
{
    /**
     * @return the log's id, as subscribers name it.
     */
    int logId();

    /**
     * @return the log directory, readable by {@link io.boomscooter.engine.log.LogReader}.
     */
    Path directory();

    /**
     * Called on the fan-out thread once per duty cycle per log; must not allocate.
     *
     * @return the highest seqno known committed here, 0 when none (or not known yet).
     */
    long commitSeqno();
}
