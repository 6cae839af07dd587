package io.boomscooter.engine.subscriber;

import io.aeron.ExclusivePublication;
import io.aeron.logbuffer.BufferClaim;
import org.agrona.CloseHelper;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A session's messages on an Aeron publication back to the subscriber, one message per Aeron message.
 * Messages that fit one frame are claimed in the term buffer (zero copy); longer ones are encoded in a
 * scratch buffer shared by the fan-out and offered, which Aeron fragments.
 */
final class AeronOutbound implements SessionOutbound
{
    private final ExclusivePublication publication;
    private final BufferClaim bufferClaim;
    private final UnsafeBuffer scratch;
    private final int maxPayloadLength;
    private boolean claimed;
    private int scratchLength;

    AeronOutbound(final ExclusivePublication publication, final BufferClaim bufferClaim, final UnsafeBuffer scratch)
    {
        this.publication = publication;
        this.bufferClaim = bufferClaim;
        this.scratch = scratch;
        this.maxPayloadLength = publication.maxPayloadLength();
    }

    public boolean claim(final int length, final int reserve)
    {
        if (length <= maxPayloadLength)
        {
            claimed = publication.tryClaim(length, bufferClaim) > 0;
            return claimed;
        }
        claimed = false;
        if (length > scratch.capacity() || publication.availableWindow() < length)
        {
            return false;
        }
        scratchLength = length;
        return true;
    }

    public MutableDirectBuffer buffer()
    {
        return claimed ? bufferClaim.buffer() : scratch;
    }

    public int offset()
    {
        return claimed ? bufferClaim.offset() : 0;
    }

    public boolean commit()
    {
        if (claimed)
        {
            claimed = false;
            bufferClaim.commit();
            return true;
        }
        return publication.offer(scratch, 0, scratchLength) > 0;
    }

    public void abort()
    {
        if (claimed)
        {
            claimed = false;
            bufferClaim.abort();
        }
    }

    public boolean isOpen()
    {
        return !publication.isClosed();
    }

    boolean isConnected()
    {
        return publication.isConnected();
    }

    public void closeAfterFlush()
    {
        // Aeron lingers a closed publication until its data is sent, so closing now flushes.
        close();
    }

    public void close()
    {
        CloseHelper.quietClose(publication);
    }
}
