package io.boomscooter.engine;

/**
 * How a {@link Node} runs its agents.
 */
public enum ThreadingMode
{
    /**
     * One thread per agent, each with its own idle strategy: lowest latency, needs cores.
     */
    DEDICATED,

    /**
     * All agents in one duty cycle on one thread: the default, good on small machines.
     */
    SHARED,

    /**
     * No threads: the application calls {@link Node#invoker()} from its own duty cycle.
     */
    INVOKER
}
