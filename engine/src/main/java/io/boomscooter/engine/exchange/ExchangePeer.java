package io.boomscooter.engine.exchange;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One connection's exchange state: the handshake, what the peer said in whoami (its buffer size bounds every
 * frame we send it, its tags choose our compression), the opaques of exchanges we opened (a free stack over this
 * side's range reused oldest first, so in-flight requests cost no allocation), the streams the peer opened,
 * liveness and the batch.
 */
final class ExchangePeer
{
    static final long KIND_REQUEST = 1;
    static final long KIND_STREAM = 2;
    static final long KIND_WHOAMI = 3;
    static final long KIND_PING = 4;
    /** A stream of ours we finished, waiting for the peer's finish before its opaque is reused (as gofast). */
    static final long KIND_FINISHING = 5;
    static final int MAX_IN_FLIGHT = 65_536;

    final long id;
    final boolean dialled;
    final GofastWhoami whoami = new GofastWhoami();
    final Long2LongHashMap local;
    final LongHashSet remoteStreams = new LongHashSet(1024);
    final ExchangeCompression[] layers = new ExchangeCompression[4];
    int layerCount;
    boolean ready;
    boolean answeredWhoami;
    long lastReceiveNs;
    long nextHeartbeatNs;
    long heartbeats;
    final UnsafeBuffer batch;
    int batchLength;
    int batchFrames;
    long batchStartNs;

    private final GofastTags tags;
    private final long rangeEnd;
    private long nextFresh;
    /** Released opaques, reused oldest first (a late frame is less likely to meet a new exchange). */
    private final int[] free;
    private int freeHead;
    private int freeCount;

    ExchangePeer(final long id, final boolean dialled, final GofastTags tags, final long rangeStart,
        final long rangeEnd, final int batchBytes)
    {
        this.id = id;
        this.dialled = dialled;
        this.tags = tags;
        this.nextFresh = rangeStart;
        this.rangeEnd = rangeEnd;
        final long span = rangeEnd - rangeStart + 1;
        final int capacity = (int)Math.min(MAX_IN_FLIGHT, span);
        this.free = new int[capacity];
        this.local = new Long2LongHashMap(Math.max(64, capacity * 2), 0.65f, 0);
        this.batch = batchBytes > 0 ? new UnsafeBuffer(new byte[batchBytes]) : null;
    }

    /**
     * @return an opaque of this side's range not in flight on this connection, or -1 when all are.
     */
    long acquireOpaque(final long kind)
    {
        long opaque;
        if (freeCount > 0)
        {
            opaque = free[freeHead];
            freeHead = (freeHead + 1) % free.length;
            freeCount--;
        }
        else
        {
            if (local.size() >= free.length)
            {
                return -1;
            }
            while (nextFresh <= rangeEnd && !tags.isOpaque(nextFresh))
            {
                nextFresh++;
            }
            if (nextFresh > rangeEnd)
            {
                return -1;
            }
            opaque = nextFresh++;
        }
        local.put(opaque, kind);
        return opaque;
    }

    /** @return the kind the opaque was open for, or 0 when it was not open. */
    long releaseOpaque(final long opaque)
    {
        final long kind = local.remove(opaque);
        if (kind != 0)
        {
            free[(freeHead + freeCount) % free.length] = (int)opaque;
            freeCount++;
        }
        return kind;
    }

    int inFlight()
    {
        return local.size();
    }
}
