package io.boomscooter.engine.chaos;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Injects one fault at a time at random moments, from a seed, and undoes it after a random while: kill -9
 * (and restart), freeze (SIGSTOP, then SIGCONT), isolate a node from everyone, cut one link. Partitions need
 * network namespaces; on loopback the nemesis only kills and freezes. Every fault is logged with its time.
 */
final class Nemesis implements FaultSchedule
{
    enum Fault
    {
        KILL, FREEZE, ISOLATE, CUT
    }

    private final ChaosNodes nodes;
    private final NetworkNamespaces hosts;
    private final Random random;
    private final long startNs = System.nanoTime();
    private final List<String> history = new ArrayList<>();
    private final int[] injected = new int[Fault.values().length];
    private Fault active;
    private int target;
    private int peer;
    private long undoAtNs;
    private long nextAtNs;

    Nemesis(final ChaosNodes nodes, final NetworkNamespaces hosts, final long seed)
    {
        this.nodes = nodes;
        this.hosts = hosts;
        this.random = new Random(seed);
        this.nextAtNs = startNs + millis(1_000, 3_000);
    }

    /**
     * Injects or undoes a fault when one is due.
     */
    public void tick(final long nowNs) throws IOException, InterruptedException
    {
        if (null != active)
        {
            if (nowNs >= undoAtNs)
            {
                undo();
                nextAtNs = nowNs + millis(1_000, 4_000);
            }
            return;
        }
        if (nowNs >= nextAtNs)
        {
            inject(nowNs);
        }
    }

    private void inject(final long nowNs) throws IOException
    {
        final Fault[] choices = null == hosts ? new Fault[]{Fault.KILL, Fault.FREEZE} : Fault.values();
        active = choices[random.nextInt(choices.length)];
        target = 1 + random.nextInt(nodes.count());
        peer = 1 + (target + random.nextInt(nodes.count() - 1)) % nodes.count();
        undoAtNs = nowNs + millis(500, 6_000);
        switch (active)
        {
            case KILL:
                try
                {
                    nodes.kill(target);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
                break;
            case FREEZE:
                nodes.freeze(target);
                break;
            case ISOLATE:
                hosts.isolate(target);
                break;
            case CUT:
                hosts.cut(target, peer);
                break;
            default:
                throw new IllegalStateException(active.name());
        }
        injected[active.ordinal()]++;
        log(active == Fault.CUT ? "cut " + target + "-" + peer : active.name().toLowerCase() + " " + target);
    }

    private void undo() throws IOException, InterruptedException
    {
        switch (active)
        {
            case KILL:
                nodes.start(target);
                log("restart " + target);
                break;
            case FREEZE:
                nodes.resume(target);
                log("resume " + target);
                break;
            case ISOLATE:
                hosts.rejoin(target);
                log("rejoin " + target);
                break;
            case CUT:
                hosts.heal(target, peer);
                log("heal " + target + "-" + peer);
                break;
            default:
                throw new IllegalStateException(active.name());
        }
        active = null;
    }

    /** Undoes the active fault, if any: the end of the run. */
    public void healAll() throws IOException, InterruptedException
    {
        if (null != active)
        {
            undo();
        }
    }

    public int injected()
    {
        int total = 0;
        for (final int n : injected)
        {
            total += n;
        }
        return total;
    }

    public int injected(final Fault fault)
    {
        return injected[fault.ordinal()];
    }

    public List<String> history()
    {
        return history;
    }

    private void log(final String event)
    {
        history.add(String.format("%8.3f s %s", (System.nanoTime() - startNs) / 1e9, event));
    }

    private long millis(final int min, final int max)
    {
        return (min + random.nextInt(max - min)) * 1_000_000L;
    }
}
