package io.boomscooter.engine;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Publishes the node's liveness: a counter holding the epoch milliseconds of its last duty cycle, so
 * an operator (or a supervisor) can tell a stalled node from a running one.
 */
final class HeartbeatAgent implements Agent
{
    private final AtomicCounter heartbeat;
    private final EpochClock clock;
    private long lastMs;

    HeartbeatAgent(final AtomicCounter heartbeat, final EpochClock clock)
    {
        this.heartbeat = heartbeat;
        this.clock = clock;
    }

    public int doWork()
    {
        final long nowMs = clock.time();
        if (nowMs != lastMs)
        {
            lastMs = nowMs;
            heartbeat.setRelease(nowMs);
            return 1;
        }
        return 0;
    }

    public String roleName()
    {
        return "heartbeat";
    }
}
