package io.boomscooter.engine.service.examples;

import io.boomscooter.engine.service.CallKind;
import io.boomscooter.engine.service.Service;
import io.boomscooter.engine.service.ServiceCall;
import io.boomscooter.engine.service.ServiceContext;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * A counter, the example service of docs/services.md. Method {@link #INCREMENT} adds the call's i64
 * argument (1 when there is none); {@link #GET} answers an async call with the total (i64). It also keeps
 * how many increments it handled and a running checksum of the increments' seqnos, so tests can tell a
 * repeated or lost call from a correct total.
 */
public final class CounterService implements Service
{
    public static final int INCREMENT = 1;
    public static final int GET = 2;

    private final UnsafeBuffer answer = new UnsafeBuffer(new byte[8]);
    private long total;
    private long increments;

    public void onStart(final ServiceContext context, final DirectBuffer checkpoint, final int offset,
        final int length)
    {
        if (null != checkpoint && length >= 16)
        {
            total = checkpoint.getLong(offset, ByteOrder.LITTLE_ENDIAN);
            increments = checkpoint.getLong(offset + 8, ByteOrder.LITTLE_ENDIAN);
        }
    }

    public void onCall(final ServiceCall call)
    {
        switch (call.methodId())
        {
            case INCREMENT:
                total += call.argsLength() >= 8 ? call.buffer().getLong(call.argsOffset(), ByteOrder.LITTLE_ENDIAN) : 1;
                increments++;
                break;
            case GET:
                if (call.kind() == CallKind.ASYNC)
                {
                    answer.putLong(0, total, ByteOrder.LITTLE_ENDIAN);
                    call.reply(answer, 0, 8);
                }
                break;
            default:
                break;
        }
    }

    public int onCheckpoint(final MutableDirectBuffer out)
    {
        out.putLong(0, total, ByteOrder.LITTLE_ENDIAN);
        out.putLong(8, increments, ByteOrder.LITTLE_ENDIAN);
        return 16;
    }

    public long total()
    {
        return total;
    }

    public long increments()
    {
        return increments;
    }
}
