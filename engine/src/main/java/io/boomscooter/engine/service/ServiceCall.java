package io.boomscooter.engine.service;

import org.agrona.DirectBuffer;

/**
 * A committed call as a service sees it: a flyweight over the log entry, valid only during the callback.
 */
public final class ServiceCall
{
    private final ServiceCalls decoder;
    private final ServiceSlot slot;
    private long seqno;
    boolean replied;

    ServiceCall(final ServiceCalls decoder, final ServiceSlot slot)
    {
        this.decoder = decoder;
        this.slot = slot;
    }

    void reset(final long seqno)
    {
        this.seqno = seqno;
        this.replied = false;
    }

    /**
     * @return {@link CallKind}.
     */
    public int kind()
    {
        return decoder.kind();
    }

    public int methodId()
    {
        return decoder.methodId();
    }

    /**
     * @return for an async call the caller's id for it; for a result the id of the call it answers; else 0.
     */
    public long callId()
    {
        return decoder.callId();
    }

    public long seqno()
    {
        return seqno;
    }

    public DirectBuffer buffer()
    {
        return decoder.buffer();
    }

    public int argsOffset()
    {
        return decoder.argsOffset();
    }

    public int argsLength()
    {
        return decoder.argsLength();
    }

    /**
     * @return the calling service's name length; 0 for a call from outside (a producer).
     */
    public int callerLength()
    {
        return decoder.sourceLength();
    }

    public int callerOffset()
    {
        return decoder.sourceOffset();
    }

    /**
     * @return the caller's name (allocates: for logs and tests, not the hot path).
     */
    public String callerName()
    {
        return decoder.buffer().getStringWithoutLengthAscii(decoder.sourceOffset(), decoder.sourceLength());
    }

    /**
     * Answers an async call (once; later replies are ignored). For other kinds this does nothing.
     */
    public void reply(final DirectBuffer result, final int offset, final int length)
    {
        if (decoder.kind() == CallKind.ASYNC && !replied)
        {
            replied = true;
            slot.reply(this, result, offset, length);
        }
    }
}
