package io.boomscooter.perf.services;

import io.boomscooter.engine.service.Service;
import io.boomscooter.engine.service.ServiceCall;
import io.boomscooter.engine.service.ServiceContext;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The benchmark's caller: each impulse (i64 send time) makes one async call to {@code probe}'s echo; the
 * result, carrying the send time back, is counted and its round trip (impulse sent to result seen) recorded.
 */
public final class AskerService implements Service
{
    public static final int ASK = 3;
    static final Map<String, AskerService> BY_THREAD = new ConcurrentHashMap<>();

    final Histogram latency = new Histogram(60_000_000_000L, 3);
    volatile long results;
    volatile boolean recording;
    private ServiceContext context;

    public void onStart(final ServiceContext context, final DirectBuffer checkpoint, final int offset, final int length)
    {
        this.context = context;
        BY_THREAD.put(Thread.currentThread().getName(), this);
    }

    public void onCall(final ServiceCall call)
    {
        if (call.methodId() == ASK)
        {
            context.call("probe", ProbeService.ECHO, call.buffer(), call.argsOffset(), call.argsLength());
        }
    }

    public void onResult(final ServiceCall result)
    {
        if (recording && result.argsLength() >= 8)
        {
            final long sent = result.buffer().getLong(result.argsOffset(), ByteOrder.LITTLE_ENDIAN);
            latency.recordValue(Math.min(Math.max(0, System.nanoTime() - sent), latency.getHighestTrackableValue()));
        }
        results = results + 1;
    }

    public int onCheckpoint(final MutableDirectBuffer out)
    {
        out.putLong(0, results, ByteOrder.LITTLE_ENDIAN);
        return 8;
    }
}
