package io.boomscooter.engine;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;

/**
 * Runs the Aeron client conductor inside a node's own duty cycle (SHARED and INVOKER modes), so the
 * client needs no thread of its own.
 */
final class AeronClientAgent implements Agent
{
    private final AgentInvoker conductorInvoker;

    AeronClientAgent(final AgentInvoker conductorInvoker)
    {
        this.conductorInvoker = conductorInvoker;
    }

    public int doWork()
    {
        return conductorInvoker.invoke();
    }

    public String roleName()
    {
        return "aeron-client";
    }
}
