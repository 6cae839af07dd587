package io.boomscooter.engine.cluster;

/**
 * Where an operator's promotion of this node stands, as the admin endpoint reports it.
 */
public enum Promotion
{
    /**
     * No promotion asked for since the node started.
     */
    NONE,

    /**
     * Standing as candidate, waiting for votes.
     */
    PENDING,

    /**
     * This node leads the epoch it stood in (or already led).
     */
    WON,

    /**
     * Not enough votes before the deadline, or a newer epoch appeared.
     */
    FAILED,

    /**
     * A voter holding more entries refused; the request passes to it ({@link Election#handoverTo()}).
     */
    HANDOVER
}
