package io.boomscooter.engine.family;

import org.agrona.DirectBuffer;

/**
 * A family's narrow view of one hosted log: append its own typed frames (while this node leads), read
 * committed frames of every type, and the commit position. The core's own frames stay the core's.
 */
public interface FamilyLog
{
    /**
     * {@link #appendFrame} refused: this node does not lead the log now.
     */
    long NOT_LEADER = -1;

    /**
     * {@link #appendFrame} refused: the type is not in the family range, or the body is too large.
     */
    long REFUSED = -2;

    /**
     * {@link #appendEntry} found the producer seqno already in the log: nothing appended (a re-send).
     */
    long DUPLICATE = -3;

    /**
     * {@link #appendEntry} refused a producer seqno past the next expected one: append the missing ones first.
     */
    long GAP = -4;

    int logId();

    boolean isLeader();

    long epoch();

    /**
     * Appends a frame of a family type (see {@code FrameTypes.FAMILY_MIN}) in this node's epoch; the
     * leader replicates and commits it like any entry; subscribers never see it.
     *
     * @return the frame's seqno, or {@link #NOT_LEADER} / {@link #REFUSED}.
     */
    long appendFrame(int frameType, DirectBuffer body, int offset, int length);

    /**
     * Appends an ordinary entry (seen by subscribers) for {@code producerId} at {@code producerSeqno}, with
     * the deduplication producers get: an entry is appended only when its producer seqno is the next one
     * after the producer's newest entry in this log (committed or not), so a family that re-sends what may
     * already be there never writes it twice, even across leaders. Leader only; both ranges in one buffer.
     *
     * @return the entry's seqno, or {@link #DUPLICATE}, {@link #GAP}, {@link #NOT_LEADER}, {@link #REFUSED}
     * (too large, or the log cannot grow now: try again later).
     */
    long appendEntry(long producerId, long producerSeqno, DirectBuffer buffer, int channelOffset, int channelLength,
        int payloadOffset, int payloadLength);

    /**
     * @return the producer seqno of the producer's newest entry in this log (committed or not), 0 for none.
     */
    long lastProducerSeqno(long producerId);

    /**
     * While this node leads: the lowest seqno every member has acknowledged in this epoch (0 until all have
     * answered); -1 on a follower. Entries below it are needed by nobody's catch-up.
     */
    long lowestMemberSeqno();

    /**
     * The family no longer needs this node to hold entries below {@code seqno}: whole segments below it and
     * below the commit are released (the files are deleted off the duty cycle). The caller decides what is
     * safe to release for the cluster; readers of released entries get {@code LogReader.TRIMMED}.
     *
     * @return segments released by this call.
     */
    int releaseBefore(long seqno);

    /**
     * @return the first seqno this node's log still holds.
     */
    long firstHeldSeqno();

    /**
     * @return the highest committed seqno this node knows.
     */
    long commitSeqno();

    /**
     * @return the id of the log's commit-seqno counter ({@code log N commit seqno}), for readers on other
     * threads or processes.
     */
    int commitCounterId();

    /**
     * Opens a reader of committed frames from {@code fromSeqno}; it never goes past the commit seqno. Close
     * it when done; opening one opens files, so do it at start or off the agent's hot path.
     */
    CommittedFrames openCommitted(long fromSeqno);
}
