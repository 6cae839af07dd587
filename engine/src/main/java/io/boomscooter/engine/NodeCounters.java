package io.boomscooter.engine;

import io.aeron.Aeron;
import io.aeron.Counter;
import org.agrona.CloseHelper;

import java.util.ArrayList;
import java.util.List;

/**
 * Engine counters allocated in the Aeron driver's counters file, so {@code AeronStat} and any other
 * client's {@code CountersReader} see them by label. Labels read {@code boomscooter node <id>: <what>}.
 */
public final class NodeCounters implements AutoCloseable
{
    private final Aeron aeron;
    private final int nodeId;
    private final List<Counter> allocated = new ArrayList<>();

    NodeCounters(final Aeron aeron, final int nodeId)
    {
        this.aeron = aeron;
        this.nodeId = nodeId;
    }

    /**
     * @param typeId one of {@link CounterTypes}.
     * @param what   what is counted, e.g. {@code log 1 commit seqno}.
     * @return a counter closed with the node.
     */
    public Counter allocate(final int typeId, final String what)
    {
        final Counter counter = aeron.addCounter(typeId, label(nodeId, what));
        synchronized (allocated)
        {
            allocated.add(counter);
        }
        return counter;
    }

    /**
     * @param nodeId node the counter belongs to.
     * @param what   what is counted.
     * @return the label a counter gets.
     */
    public static String label(final int nodeId, final String what)
    {
        return "boomscooter node " + nodeId + ": " + what;
    }

    public void close()
    {
        synchronized (allocated)
        {
            CloseHelper.closeAll(allocated);
            allocated.clear();
        }
    }
}
