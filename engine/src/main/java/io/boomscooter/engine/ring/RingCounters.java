package io.boomscooter.engine.ring;

import io.boomscooter.engine.CounterTypes;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.function.BiFunction;

/**
 * A ring server's counters, in the node's counters file so {@code boomscooter counters} shows them.
 */
final class RingCounters
{
    final AtomicCounter clientMessages;
    final AtomicCounter peerMessages;
    final AtomicCounter forwarded;
    final AtomicCounter logged;
    final AtomicCounter errors;
    final AtomicCounter peersUp;
    final AtomicCounter duplicates;

    /**
     * @param allocate makes a counter from a type id and what it counts (e.g. the node's allocator).
     */
    RingCounters(final BiFunction<Integer, String, AtomicCounter> allocate)
    {
        clientMessages = allocate.apply(CounterTypes.RING_CLIENT_MESSAGES, "ring messages from clients");
        peerMessages = allocate.apply(CounterTypes.RING_PEER_MESSAGES, "ring messages from peers");
        forwarded = allocate.apply(CounterTypes.RING_FORWARDED, "ring messages forwarded");
        logged = allocate.apply(CounterTypes.RING_LOGGED, "ring messages logged");
        errors = allocate.apply(CounterTypes.RING_ERRORS, "ring errors");
        peersUp = allocate.apply(CounterTypes.RING_PEERS_UP, "ring peers up");
        duplicates = allocate.apply(CounterTypes.RING_DUPLICATES, "ring duplicates dropped");
    }
}
