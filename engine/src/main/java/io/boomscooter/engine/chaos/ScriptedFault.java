package io.boomscooter.engine.chaos;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@link Scenario}: after a warm-up under load, find the leader, inject the fault at it (or at a follower),
 * hold it longer than any election takes, undo it, and note who led before and at the end of the fault.
 */
final class ScriptedFault implements FaultSchedule
{
    static final long WARMUP_NS = TimeUnit.SECONDS.toNanos(4);
    static final long HOLD_NS = TimeUnit.SECONDS.toNanos(3);

    private final Scenario scenario;
    private final ChaosNodes nodes;
    private final NetworkNamespaces hosts;
    private final long startNs = System.nanoTime();
    private final List<String> history = new ArrayList<>();
    private boolean active;
    private boolean done;
    private long undoAtNs;
    int target;
    long epochBefore;
    int leaderBefore;
    long injectNs;
    long epochAtUndo;
    int leaderAtUndo;

    ScriptedFault(final Scenario scenario, final ChaosNodes nodes, final NetworkNamespaces hosts)
    {
        if (scenario.needsNamespaces() && null == hosts)
        {
            throw new IllegalArgumentException(scenario.cliName() + " needs network namespaces: " +
                NetworkNamespaces.unavailableReason());
        }
        this.scenario = scenario;
        this.nodes = nodes;
        this.hosts = hosts;
    }

    public void tick(final long nowNs) throws IOException, InterruptedException
    {
        if (done)
        {
            return;
        }
        if (active)
        {
            if (nowNs >= undoAtNs)
            {
                undo();
            }
            return;
        }
        if (nowNs - startNs < WARMUP_NS)
        {
            return;
        }
        final long[] leader = nodes.leader();
        if (leader[1] <= 0)
        {
            return; // no leader yet: try again next tick (the run's length bounds the wait)
        }
        epochBefore = leader[0];
        leaderBefore = (int)leader[1];
        target = scenario.atLeader() ? leaderBefore : leaderBefore % nodes.count() + 1;
        injectNs = System.nanoTime();
        switch (scenario.fault)
        {
            case KILL:
                nodes.kill(target);
                break;
            case FREEZE:
                nodes.freeze(target);
                break;
            case ISOLATE:
                hosts.isolate(target);
                break;
            default:
                throw new IllegalStateException(scenario.name());
        }
        active = true;
        undoAtNs = injectNs + HOLD_NS;
        log(scenario.cliName() + ": " + scenario.fault.name().toLowerCase() + " " + target + " (leader " +
            leaderBefore + " of epoch " + epochBefore + ")");
    }

    private void undo() throws IOException, InterruptedException
    {
        final long[] leader = nodes.leader();
        epochAtUndo = leader[0];
        leaderAtUndo = (int)leader[1];
        switch (scenario.fault)
        {
            case KILL:
                nodes.start(target);
                log("restart " + target + " (leader " + leaderAtUndo + " of epoch " + epochAtUndo + ")");
                break;
            case FREEZE:
                nodes.resume(target);
                log("resume " + target + " (leader " + leaderAtUndo + " of epoch " + epochAtUndo + ")");
                break;
            case ISOLATE:
                hosts.rejoin(target);
                log("rejoin " + target + " (leader " + leaderAtUndo + " of epoch " + epochAtUndo + ")");
                break;
            default:
                throw new IllegalStateException(scenario.name());
        }
        active = false;
        done = true;
    }

    public void healAll() throws IOException, InterruptedException
    {
        if (active)
        {
            undo();
        }
    }

    /** @return whether the fault was injected and undone. */
    boolean done()
    {
        return done;
    }

    public int injected()
    {
        return done || active ? 1 : 0;
    }

    public int injected(final Nemesis.Fault fault)
    {
        return fault == scenario.fault ? injected() : 0;
    }

    public List<String> history()
    {
        return history;
    }

    private void log(final String event)
    {
        history.add(String.format("%8.3f s %s", (System.nanoTime() - startNs) / 1e9, event));
    }
}
