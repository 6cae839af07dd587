package io.boomscooter.perf.demo;

import io.aeron.Aeron;
import io.boomscooter.engine.CounterKey;
import io.boomscooter.engine.CounterTypes;
import org.agrona.concurrent.status.CountersReader;

/**
 * Reads the leader's per-replica lag counters (type REPLICA_LAG, keyed by leader, log and replica) from the
 * shared counters file.
 */
final class ReplicaLag
{
    private final CountersReader counters;
    private final int[] counterIds;
    private long max;

    private final int leaderId;
    private final int[] replicaIds;

    ReplicaLag(final Aeron aeron, final int leaderId, final int[] replicaIds)
    {
        this.counters = aeron.countersReader();
        this.counterIds = new int[replicaIds.length];
        this.leaderId = leaderId;
        this.replicaIds = replicaIds;
        java.util.Arrays.fill(counterIds, CountersReader.NULL_COUNTER_ID);
    }

    /**
     * The leader allocates its counters once its agent starts, so look them up until found.
     */
    private void resolve()
    {
        for (int i = 0; i < replicaIds.length; i++)
        {
            if (counterIds[i] < 0)
            {
                counterIds[i] = CounterKey.find(counters, CounterTypes.REPLICA_LAG, leaderId, DemoClient.LOG_ID,
                    replicaIds[i]);
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
