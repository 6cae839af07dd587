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
    private final Node node;

    AeronClientAgent(final AgentInvoker conductorInvoker, final Node node)
    {
        this.conductorInvoker = conductorInvoker;
        this.node = node;
    }

    public int doWork()
    {
        final int work = conductorInvoker.invoke();
        // if the client just closed (driver lost), its counters are unmapped: stop before any agent
        // in this duty cycle writes to them
        node.checkClientOpen();
        return work;
    }

    public String roleName()
    {
        return "aeron-client";
    }
}
