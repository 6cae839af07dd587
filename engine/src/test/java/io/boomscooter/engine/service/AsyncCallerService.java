package io.boomscooter.engine.service;

import io.boomscooter.engine.service.examples.CounterService;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Test service: each impulse makes one async INCREMENT call to the {@code counter} service; it counts the
 * results and checks they come back once each, in call order (a repeated or lost result shows up as
 * {@link #outOfOrder} or a short {@link #results}).
 */
public final class AsyncCallerService implements Service
{
    public static final int GO = 7;
    private final UnsafeBuffer args = new UnsafeBuffer(new byte[8]);
    private ServiceContext context;
    private long calls;
    private long results;
    private long outOfOrder;
    private long lastResultId;

    public void onStart(final ServiceContext context, final DirectBuffer checkpoint, final int offset, final int length)
    {
        this.context = context;
        if (null != checkpoint)
        {
            calls = checkpoint.getLong(offset, ByteOrder.LITTLE_ENDIAN);
            results = checkpoint.getLong(offset + 8, ByteOrder.LITTLE_ENDIAN);
            outOfOrder = checkpoint.getLong(offset + 16, ByteOrder.LITTLE_ENDIAN);
            lastResultId = checkpoint.getLong(offset + 24, ByteOrder.LITTLE_ENDIAN);
        }
    }

    public void onCall(final ServiceCall call)
    {
        if (call.methodId() == GO)
        {
            args.putLong(0, 1, ByteOrder.LITTLE_ENDIAN);
            context.call("counter", CounterService.INCREMENT, args, 0, 8);
            calls++;
        }
    }

    public void onResult(final ServiceCall result)
    {
        results++;
        if (result.callId() != lastResultId + 1)
        {
            outOfOrder++;
        }
        lastResultId = result.callId();
    }

    public long calls()
    {
        return calls;
    }

    public long results()
    {
        return results;
    }

    public long outOfOrder()
    {
        return outOfOrder;
    }

    public int onCheckpoint(final MutableDirectBuffer out)
    {
        out.putLong(0, calls, ByteOrder.LITTLE_ENDIAN);
        out.putLong(8, results, ByteOrder.LITTLE_ENDIAN);
        out.putLong(16, outOfOrder, ByteOrder.LITTLE_ENDIAN);
        out.putLong(24, lastResultId, ByteOrder.LITTLE_ENDIAN);
        return 32;
    }
}
