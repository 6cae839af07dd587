package io.boomscooter.engine.service;

import io.boomscooter.engine.CounterTypes;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.function.BiFunction;

/**
 * One hosted service's counters, in the node's counters file so {@code boomscooter counters} shows them.
 */
final class ServiceCounters
{
    final AtomicCounter calls;
    final AtomicCounter appended;
    final AtomicCounter checkpoints;
    final AtomicCounter checkpointSeqno;
    final AtomicCounter malformed;
    final AtomicCounter pending;
    final AtomicCounter processedSeqno;

    ServiceCounters(final BiFunction<Integer, String, AtomicCounter> allocate, final String name)
    {
        calls = allocate.apply(CounterTypes.SERVICE_CALLS, "service " + name + " calls handled");
        appended = allocate.apply(CounterTypes.SERVICE_OUTPUTS_APPENDED, "service " + name + " outputs appended");
        checkpoints = allocate.apply(CounterTypes.SERVICE_CHECKPOINTS, "service " + name + " checkpoints taken");
        checkpointSeqno = allocate.apply(CounterTypes.SERVICE_CHECKPOINT_SEQNO,
            "service " + name + " checkpoint seqno (log before it may be trimmed)");
        malformed = allocate.apply(CounterTypes.SERVICE_MALFORMED, "service " + name + " malformed calls");
        pending = allocate.apply(CounterTypes.SERVICE_PENDING_OUTPUTS, "service " + name + " outputs not yet logged");
        processedSeqno = allocate.apply(CounterTypes.SERVICE_PROCESSED_SEQNO, "service " + name + " processed seqno");
    }
}
