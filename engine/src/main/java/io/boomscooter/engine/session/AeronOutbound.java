package io.boomscooter.engine.session;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.logbuffer.BufferClaim;
import org.agrona.CloseHelper;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A session's messages on an Aeron exclusive publication to its peer, one message per Aeron message.
 * Messages that fit one frame are claimed in the term buffer (zero copy); longer ones are encoded in a
 * scratch buffer shared by the owning agent and offered, which Aeron fragments.
 * <p>
 * The publication may still be on its way: {@link #pending} starts from a registration id of
 * {@code aeron.asyncAddExclusivePublication}, so an agent never waits for the driver in its duty cycle.
 * Until {@link #poll()} finds it ready every claim is back pressure; a registration the driver refused
 * turns into {@link #FAILED} with the reason in {@link #failure()}.
 */
public final class AeronOutbound implements Outbound
{
    /** The publication is not ready yet. */
    public static final int PENDING = 0;
    /** The publication is ready (or was given ready). */
    public static final int READY = 1;
    /** The driver refused the registration, see {@link #failure()}. */
    public static final int FAILED = -1;

    private final Aeron aeron;
    private final long registrationId;
    private final BufferClaim bufferClaim;
    private final UnsafeBuffer scratch;
    private ExclusivePublication publication;
    private int maxPayloadLength;
    private int state;
    private RuntimeException failure;
    private boolean claimed;
    private int scratchLength;

    /**
     * @param publication ready publication.
     * @param bufferClaim a claim the caller's thread reuses.
     * @param scratch     where messages longer than one frame are encoded; its capacity bounds message length.
     */
    public AeronOutbound(final ExclusivePublication publication, final BufferClaim bufferClaim, final UnsafeBuffer scratch)
    {
        this(null, Aeron.NULL_VALUE, bufferClaim, scratch);
        ready(publication);
    }

    private AeronOutbound(final Aeron aeron, final long registrationId, final BufferClaim bufferClaim,
        final UnsafeBuffer scratch)
    {
        this.aeron = aeron;
        this.registrationId = registrationId;
        this.bufferClaim = bufferClaim;
        this.scratch = scratch;
    }

    /**
     * @param aeron          the client that registered the publication.
     * @param registrationId from {@code aeron.asyncAddExclusivePublication}.
     * @param bufferClaim    a claim the caller's thread reuses.
     * @param scratch        where messages longer than one frame are encoded.
     * @return an outbound that becomes ready once {@link #poll()} finds the publication.
     */
    public static AeronOutbound pending(final Aeron aeron, final long registrationId, final BufferClaim bufferClaim,
        final UnsafeBuffer scratch)
    {
        return new AeronOutbound(aeron, registrationId, bufferClaim, scratch);
    }

    private void ready(final ExclusivePublication publication)
    {
        this.publication = publication;
        this.maxPayloadLength = publication.maxPayloadLength();
        this.state = READY;
    }

    /**
     * Looks once (without waiting) whether a pending publication is ready.
     *
     * @return {@link #PENDING}, {@link #READY} or {@link #FAILED}.
     */
    public int poll()
    {
        if (PENDING == state)
        {
            try
            {
                final ExclusivePublication ready = aeron.getExclusivePublication(registrationId);
                if (null != ready)
                {
                    ready(ready);
                }
            }
            catch (final RuntimeException ex)
            {
                failure = ex;
                state = FAILED;
            }
        }
        return state;
    }

    /**
     * @return why the registration failed, or null.
     */
    public RuntimeException failure()
    {
        return failure;
    }

    public boolean claim(final int length, final int reserve)
    {
        claimed = false;
        if (READY != state)
        {
            return false;
        }
        if (length <= maxPayloadLength)
        {
            claimed = publication.tryClaim(length, bufferClaim) > 0;
            return claimed;
        }
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
        return READY == state && publication.offer(scratch, 0, scratchLength) > 0;
    }

    public void abort()
    {
        if (claimed)
        {
            claimed = false;
            bufferClaim.abort();
        }
    }

    /**
     * @return the scratch capacity, bounded by the publication's largest message once it is ready; while
     *         pending, the scratch capacity (a claim then fails as back pressure, never as too long).
     */
    public int maxMessageLength()
    {
        return READY == state ? Math.min(scratch.capacity(), publication.maxMessageLength()) : scratch.capacity();
    }

    public boolean isOpen()
    {
        return FAILED != state && (PENDING == state || !publication.isClosed());
    }

    /**
     * @return true once the peer's subscription is connected to the publication.
     */
    public boolean isConnected()
    {
        return READY == state && publication.isConnected();
    }

    public void closeAfterFlush()
    {
        // Aeron lingers a closed publication until its data is sent, so closing now flushes.
        close();
    }

    public void close()
    {
        if (PENDING == state && null != aeron && !aeron.isClosed())
        {
            // a publication arriving after its session ended must not leak: poll it once more, else the
            // registration is abandoned (Aeron closes it with the client)
            poll();
        }
        if (READY == state)
        {
            CloseHelper.quietClose(publication);
        }
    }
}
