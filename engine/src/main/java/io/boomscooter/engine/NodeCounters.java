package io.boomscooter.engine;

import io.aeron.Aeron;
import io.aeron.Counter;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Engine counters allocated in the Aeron driver's counters file, so {@code AeronStat} and any other
 * client's {@code CountersReader} see them. Each is named by its type id ({@link CounterTypes}) and its key
 * ({@link CounterKey}: node, log, member), which tools use; the label, {@code boomscooter node <id>: <what>},
 * is for people.
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
     * A node-wide counter.
     *
     * @param typeId one of {@link CounterTypes}.
     * @param what   what is counted, e.g. {@code errors}.
     * @return a counter closed with the node.
     */
    public Counter allocate(final int typeId, final String what)
    {
        return allocate(typeId, CounterKey.NONE, CounterKey.NONE, what);
    }

    /**
     * @param typeId   one of {@link CounterTypes}.
     * @param logId    the log it is about, or {@link CounterKey#NONE}.
     * @param memberId the member it is about (a replica), or {@link CounterKey#NONE}.
     * @param what     what is counted, e.g. {@code log 1 commit seqno}.
     * @return a counter closed with the node.
     */
    public Counter allocate(final int typeId, final int logId, final int memberId, final String what)
    {
        final UnsafeBuffer key = new UnsafeBuffer(new byte[CounterKey.LENGTH]);
        CounterKey.write(key, nodeId, logId, memberId);
        final String label = label(nodeId, what);
        final UnsafeBuffer labelBuffer = new UnsafeBuffer(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        final Counter counter = aeron.addCounter(typeId, key, 0, CounterKey.LENGTH, labelBuffer, 0,
            labelBuffer.capacity());
        synchronized (allocated)
        {
            allocated.add(counter);
        }
        return counter;
    }

    public int nodeId()
    {
        return nodeId;
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
