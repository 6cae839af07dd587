package io.boomscooter.perf.demo;

import io.aeron.Aeron;
import io.boomscooter.engine.NodeCounters;
import org.agrona.concurrent.status.CountersReader;

/**
 * Reads the leader's per-replica lag counters ("log N replica R lag") from the shared counters file.
 */
final class ReplicaLag
{
    private final CountersReader counters;
    private final int[] counterIds;
    private long max;

    private final String[] labels;

    ReplicaLag(final Aeron aeron, final int leaderId, final int[] replicaIds)
    {
        this.counters = aeron.countersReader();
        this.counterIds = new int[replicaIds.length];
        this.labels = new String[replicaIds.length];
        for (int i = 0; i < replicaIds.length; i++)
        {
            labels[i] = NodeCounters.label(leaderId, "log " + DemoClient.LOG_ID + " replica " + replicaIds[i] + " lag");
            counterIds[i] = -1;
        }
    }

    /**
     * The leader allocates its counters once its agent starts, so look them up until found.
     */
    private void resolve()
    {
        for (int i = 0; i < labels.length; i++)
        {
            if (counterIds[i] < 0)
            {
                final int index = i;
                counters.forEach((id, type, key, l) ->
                {
                    if (l.equals(labels[index]))
                    {
                        counterIds[index] = id;
                    }
                });
            }
        }
    }

    void sample()
    {
        resolve();
        for (final int id : counterIds)
        {
            if (id >= 0)
            {
                max = Math.max(max, counters.getCounterValue(id));
            }
        }
    }

    long max()
    {
        return max;
    }

    String current()
    {
        final StringBuilder sb = new StringBuilder();
        for (final int id : counterIds)
        {
            sb.append(sb.length() == 0 ? "" : "/").append(id >= 0 ? counters.getCounterValue(id) : -1);
        }
        return sb.toString();
    }
}
