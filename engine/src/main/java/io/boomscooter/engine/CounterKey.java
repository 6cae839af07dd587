package io.boomscooter.engine;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.nio.ByteOrder;

/**
 * The key every Boomscooter counter carries in the counters file (12 bytes, little-endian): node id @0,
 * log id @4 ({@link #NONE} for node-wide counters), member id @8 (the replica a per-replica counter is about,
 * else {@link #NONE}). With the type id ({@link CounterTypes}) it names a counter exactly.
 */
public final class CounterKey
{
    public static final int NONE = -1;
    public static final int LENGTH = 12;
    public static final int NODE_ID_OFFSET = 0;
    public static final int LOG_ID_OFFSET = 4;
    public static final int MEMBER_ID_OFFSET = 8;

    private CounterKey()
    {
    }

    public static void write(final MutableDirectBuffer key, final int nodeId, final int logId, final int memberId)
    {
        key.putInt(NODE_ID_OFFSET, nodeId, ByteOrder.LITTLE_ENDIAN);
        key.putInt(LOG_ID_OFFSET, logId, ByteOrder.LITTLE_ENDIAN);
        key.putInt(MEMBER_ID_OFFSET, memberId, ByteOrder.LITTLE_ENDIAN);
    }

    public static int nodeId(final DirectBuffer key)
    {
        return key.getInt(NODE_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public static int logId(final DirectBuffer key)
    {
        return key.getInt(LOG_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public static int memberId(final DirectBuffer key)
    {
        return key.getInt(MEMBER_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Scans the counters file (not for a hot path: cache the id it returns).
     *
     * @return the id of the allocated counter with this type and key, or {@link CountersReader#NULL_COUNTER_ID}.
     */
    public static int find(final CountersReader counters, final int typeId, final int nodeId, final int logId,
        final int memberId)
    {
        final int[] found = {CountersReader.NULL_COUNTER_ID};
        counters.forEach((id, type, key, label) ->
        {
            if (type == typeId && nodeId(key) == nodeId && logId(key) == logId && memberId(key) == memberId &&
                counters.getCounterState(id) == CountersReader.RECORD_ALLOCATED)
            {
                found[0] = id;
            }
        });
        return found[0];
    }
}
