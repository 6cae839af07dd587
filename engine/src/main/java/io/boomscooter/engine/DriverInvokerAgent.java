package io.boomscooter.engine;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;

/**
 * Runs a media driver in INVOKER mode (the {@code single-thread} profile) inside a node's duty cycle: the driver's
 * conductor, sender and receiver do their work here, so the node needs no driver thread and nothing is handed
 * between threads on the way in or out.
 */
final class DriverInvokerAgent implements Agent
{
    private final AgentInvoker invoker;

    DriverInvokerAgent(final AgentInvoker invoker)
    {
        this.invoker = invoker;
    }

    public int doWork()
    {
        return invoker.invoke();
    }

    public String roleName()
    {
        return "media-driver";
    }
}
