package io.boomscooter.perf.services;

import io.boomscooter.engine.service.CallKind;
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
 * The benchmark's callee: {@link #FIRE} counts a call and records how long after its send time (the i64
 * argument, System.nanoTime in this process) the service saw it; {@link #ECHO} answers an async call with its
 * arguments. Instances register by the node thread that runs them, so the benchmark reads the leader's.
 * Not deterministic (it reads the clock): a measuring probe, not a service to run for real.
 */
public final class ProbeService implements Service
{
    public static final int FIRE = 1;
    public static final int ECHO = 2;
    static final Map<String, ProbeService> BY_THREAD = new ConcurrentHashMap<>();

    final Histogram latency = new Histogram(60_000_000_000L, 3);
    volatile long calls;
    volatile boolean recording;

    public void onStart(final ServiceContext context, final DirectBuffer checkpoint, final int offset, final int length)
    {
        BY_THREAD.put(Thread.currentThread().getName(), this);
    }

    public void onCall(final ServiceCall call)
    {
        if (call.methodId() == FIRE)
        {
            if (recording && call.argsLength() >= 8)
            {
                final long sent = call.buffer().getLong(call.argsOffset(), ByteOrder.LITTLE_ENDIAN);
                latency.recordValue(Math.min(Math.max(0, System.nanoTime() - sent), latency.getHighestTrackableValue()));
            }
            calls = calls + 1;
        }
        else if (call.methodId() == ECHO && call.kind() == CallKind.ASYNC)
        {
            call.reply(call.buffer(), call.argsOffset(), call.argsLength());
        }
    }

    public int onCheckpoint(final MutableDirectBuffer out)
    {
        out.putLong(0, calls, ByteOrder.LITTLE_ENDIAN);
        return 8;
    }
}
