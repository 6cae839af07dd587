package io.boomscooter.engine.subscriber;

import io.boomscooter.engine.CounterTypes;
import io.boomscooter.engine.CounterKey;
import org.agrona.concurrent.status.CountersReader;

import java.nio.file.Path;

/**
 * A hosted log of a node's cluster agent, read from outside that agent: its directory is
 * {@code <data-dir>/log-<id>} and its commit seqno is the cluster's counter labelled
 * (type {@link CounterTypes#COMMIT_SEQNO}, key node and log) in the node's counters file. Reading the
 * counter (a volatile load) is safe from any thread and needs no hook into the cluster agent; the counter
 * is looked up by type and key until the cluster agent has allocated it.
 */
public final class CounterLogSource implements LogSource
{
    private final int logId;
    private final Path directory;
    private final CountersReader counters;
    private final int nodeId;
    private int counterId = CountersReader.NULL_COUNTER_ID;
    private long lastLookupNs;

    /**
     * @param logId    hosted log id.
     * @param dataDir  the node's data directory.
     * @param counters the node's counters (its Aeron client's reader).
     * @param nodeId   the node's id, part of the counter key.
     */
    public CounterLogSource(final int logId, final Path dataDir, final CountersReader counters, final int nodeId)
    {
        this.logId = logId;
        this.directory = dataDir.resolve("log-" + logId);
        this.counters = counters;
        this.nodeId = nodeId;
    }

    public int logId()
    {
        return logId;
    }

    public Path directory()
    {
        return directory;
    }

    public long commitSeqno()
    {
        if (CountersReader.NULL_COUNTER_ID == counterId || counters.getCounterState(counterId) !=
            CountersReader.RECORD_ALLOCATED)
        {
            counterId = CountersReader.NULL_COUNTER_ID;
            final long nowNs = System.nanoTime();
            // The scan walks the whole counters file: at most a few times a second until found.
            if (nowNs - lastLookupNs < 100_000_000L && 0 != lastLookupNs)
            {
                return 0;
            }
            lastLookupNs = nowNs;
            counterId = CounterKey.find(counters, CounterTypes.COMMIT_SEQNO, nodeId, logId, CounterKey.NONE);
            if (CountersReader.NULL_COUNTER_ID == counterId)
            {
                return 0;
            }
        }
        return counters.getCounterValue(counterId);
    }
}
