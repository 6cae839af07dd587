package io.boomscooter.engine.service;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A deterministic service fed from the replicated log (docs/services.md), in the spirit of Aeron Cluster's
 * {@code ClusteredService}. Every node hosting the log runs an instance; each sees the same committed calls
 * in the same order, so each reaches the same state. Outgoing calls made through the {@link ServiceContext}
 * are logged before anyone sees them, once, by whichever node leads.
 * <p>
 * Rules, as for any replicated state machine: the state may depend only on the calls and on what the
 * context says (seqno, log timestamp), never on wall-clock time, randomness or I/O. Callbacks run on the
 * node's cluster agent thread: no blocking, no allocation per call in the hot path.
 */
public interface Service
{
    /**
     * The service starts: restore the state from a checkpoint, or start empty when {@code checkpoint} is null.
     * The calls after the checkpoint's position are then replayed through {@link #onCall} before new ones.
     *
     * @param checkpoint the bytes {@link #onCheckpoint} wrote, or null on the first start.
     */
    void onStart(ServiceContext context, DirectBuffer checkpoint, int offset, int length);

    /**
     * A committed call to this service (fire-and-forget, impulse from a producer, or async: answer with
     * {@link ServiceCall#reply}, or an empty result is sent for you).
     */
    void onCall(ServiceCall call);

    /**
     * The answer to an async call this service made ({@link ServiceContext#call}); {@link ServiceCall#callId()}
     * is the id that call returned.
     */
    default void onResult(final ServiceCall result)
    {
    }

    /**
     * Write the whole state at offset 0 of {@code out} (it grows as written).
     *
     * @return bytes written.
     */
    int onCheckpoint(MutableDirectBuffer out);
}
