package io.boomscooter.engine.service;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Payloads of calls from outside (impulses), as a producer writes them.
 */
public final class ServiceTestCalls
{
    private ServiceTestCalls()
    {
    }

    /**
     * @return the payload length: an impulse of {@code methodId} with one i64 argument.
     */
    public static int impulse(final MutableDirectBuffer payload, final int methodId, final long arg)
    {
        final int at = ServiceCalls.putHeader(payload, 0, CallKind.IMPULSE, methodId, 0, null, 0, 0);
        payload.putLong(at, arg, ByteOrder.LITTLE_ENDIAN);
        return at + 8;
    }

    /**
     * @return the payload length, written at {@code offset}: an impulse of {@code methodId} with one i64 argument.
     */
    public static int impulseAt(final MutableDirectBuffer buffer, final int offset, final int methodId, final long arg)
    {
        final int at = ServiceCalls.putHeader(buffer, offset, CallKind.IMPULSE, methodId, 0, null, 0, 0);
        buffer.putLong(at, arg, ByteOrder.LITTLE_ENDIAN);
        return at + 8 - offset;
    }

    /**
     * @return the payload length: a request that every node checkpoint the service at this position.
     */
    public static int checkpoint(final MutableDirectBuffer payload)
    {
        return ServiceCalls.putHeader(payload, 0, CallKind.CHECKPOINT, 0, 0, null, 0, 0);
    }
}
