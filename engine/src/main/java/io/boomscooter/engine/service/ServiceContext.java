package io.boomscooter.engine.service;

import org.agrona.DirectBuffer;

/**
 * What a {@link Service} may do: call other services (or itself) and ask for a checkpoint. Calls made
 * while handling a call are numbered deterministically, held until the log holds them, and appended by the
 * leader's host; on a replay they are recognised as already logged and not sent again.
 */
public interface ServiceContext
{
    /**
     * @return this service's name.
     */
    String name();

    /**
     * Fire-and-forget call to {@code destination} (a service name; this service's own name works too).
     */
    void send(CharSequence destination, int methodId, DirectBuffer args, int offset, int length);

    /**
     * Async/await call: the answer arrives later as {@link Service#onResult} with the returned id.
     *
     * @return the call's id, unique within this service, deterministic across replays.
     */
    long call(CharSequence destination, int methodId, DirectBuffer args, int offset, int length);

    /**
     * Take a checkpoint once the current call is done (this node only; a {@link CallKind#CHECKPOINT} call in
     * the log makes every node take one at the same position).
     */
    void requestCheckpoint();

    /**
     * @return the log seqno of the call being handled (0 outside a call).
     */
    long seqno();

    /**
     * @return the leader's timestamp of the call being handled, in ns since the epoch: the deterministic clock.
     */
    long timestampNs();
}
