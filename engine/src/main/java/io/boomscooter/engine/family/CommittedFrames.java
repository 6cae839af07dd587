package io.boomscooter.engine.family;

import io.boomscooter.engine.log.LogReader;
import io.boomscooter.engine.log.TypedFrameHandler;

import java.util.function.LongSupplier;

/**
 * A reader over one log's frames, of every type, that stops at the commit seqno: what a family reads here
 * is held by a quorum and never rolled back. Frames come in seqno order; poll again for more.
 */
public final class CommittedFrames implements AutoCloseable
{
    private final LogReader reader;
    private final LongSupplier commitSeqno;

    public CommittedFrames(final LogReader reader, final LongSupplier commitSeqno, final long fromSeqno)
    {
        this.reader = reader;
        this.commitSeqno = commitSeqno;
        reader.seek(fromSeqno);
    }

    /**
     * Delivers committed frames, at most {@code limit}.
     *
     * @return frames delivered, 0 when none is committed beyond the last one read, or a negative
     * {@link LogReader} status (CORRUPT, TRIMMED).
     */
    public int poll(final TypedFrameHandler handler, final int limit)
    {
        final long committedAhead = commitSeqno.getAsLong() - reader.nextSeqno() + 1;
        if (committedAhead <= 0)
        {
            return 0;
        }
        return reader.pollFrames(handler, (int)Math.min(limit, committedAhead));
    }

    /**
     * Positions the reader at {@code seqno} (e.g. a replay from a checkpoint); may map segment files, so do it
     * on a rare control event, not per message.
     *
     * @return a {@link LogReader} seek status.
     */
    public int seek(final long seqno)
    {
        return reader.seek(seqno);
    }

    /**
     * @return the seqno the next frame will have.
     */
    public long nextSeqno()
    {
        return reader.nextSeqno();
    }

    public void close()
    {
        reader.close();
    }
}
