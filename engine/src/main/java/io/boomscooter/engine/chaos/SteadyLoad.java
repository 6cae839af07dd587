package io.boomscooter.engine.chaos;

import java.util.List;

/**
 * No fault at all: the {@link Scenario#STEADY} run that measures the cluster's commit throughput and latency
 * under the chaos workload, on namespaces or on loopback, with the same checker at the end.
 */
final class SteadyLoad implements FaultSchedule
{
    public void tick(final long nowNs)
    {
    }

    public void healAll()
    {
    }

    public int injected()
    {
        return 0;
    }

    public int injected(final Nemesis.Fault fault)
    {
        return 0;
    }

    public List<String> history()
    {
        return List.of();
    }
}
