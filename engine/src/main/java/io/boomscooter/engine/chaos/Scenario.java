package io.boomscooter.engine.chaos;

import java.util.Locale;

/**
 * One fault, aimed at the node that leads (or at a follower) once the cluster is under load: what a failover
 * test or a failover-time measurement injects.
 */
public enum Scenario
{
    /** kill -9 the leader; restart it when the fault ends. */
    LEADER_KILL(Nemesis.Fault.KILL, true, false),
    /** SIGSTOP the leader past the election timeout; SIGCONT it when the fault ends. */
    LEADER_FREEZE(Nemesis.Fault.FREEZE, true, false),
    /** Cut the leader's host off from every other host; rejoin it when the fault ends. */
    LEADER_ISOLATE(Nemesis.Fault.ISOLATE, true, true),
    /** Cut one follower's host off from every other host: no election may follow. */
    FOLLOWER_ISOLATE(Nemesis.Fault.ISOLATE, false, true),
    /** No fault: the workload alone, to measure commit throughput and latency (after a warm-up). */
    STEADY(null, false, false);

    final Nemesis.Fault fault;
    final boolean atLeader;
    final boolean needsNamespaces;

    Scenario(final Nemesis.Fault fault, final boolean atLeader, final boolean needsNamespaces)
    {
        this.fault = fault;
        this.atLeader = atLeader;
        this.needsNamespaces = needsNamespaces;
    }

    public boolean atLeader()
    {
        return atLeader;
    }

    public boolean needsNamespaces()
    {
        return needsNamespaces;
    }

    /** @return the scenario's command-line name, e.g. leader-kill. */
    public String cliName()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @return the scenario named like {@link #cliName()}.
     * @throws IllegalArgumentException naming the valid choices.
     */
    public static Scenario parse(final String name)
    {
        for (final Scenario scenario : values())
        {
            if (scenario.cliName().equals(name))
            {
                return scenario;
            }
        }
        final StringBuilder valid = new StringBuilder();
        for (final Scenario scenario : values())
        {
            valid.append(valid.length() == 0 ? "" : ", ").append(scenario.cliName());
        }
        throw new IllegalArgumentException("unknown scenario '" + name + "': one of random, " + valid);
    }
}
