package io.boomscooter.engine;

import org.agrona.concurrent.Agent;

/**
 * Builds one of a node's agents once the node's Aeron client, counters and error handler exist.
 */
@FunctionalInterface
public interface AgentFactory
{
    /**
     * @param node the node being launched; its {@link Node#aeron()} and {@link Node#counters()} are ready.
     * @return the agent to run.
     */
    Agent newAgent(Node node);
}
