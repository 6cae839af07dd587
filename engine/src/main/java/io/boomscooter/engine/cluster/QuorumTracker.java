package io.boomscooter.engine.cluster;

import java.util.Arrays;

/**
 * The commit seqno from the positions members hold: the highest seqno that at least the required
 * number of members (the leader's own position included) hold. Allocation-free.
 */
public final class QuorumTracker
{
    private final int required;
    private final long[] positions;
    private final long[] scratch;

    /**
     * @param memberCount members, leader included.
     * @param policy      quorum policy.
     */
    public QuorumTracker(final int memberCount, final QuorumPolicy policy)
    {
        if (memberCount < 1)
        {
            throw new IllegalArgumentException("memberCount must be >= 1: " + memberCount);
        }
        this.required = policy.required(memberCount);
        this.positions = new long[memberCount];
        this.scratch = new long[memberCount];
    }

    /**
     * @param memberIndex index of the member, 0..memberCount-1.
     * @param seqno       highest seqno it holds; positions never move backwards here.
     */
    public void position(final int memberIndex, final long seqno)
    {
        if (seqno > positions[memberIndex])
        {
            positions[memberIndex] = seqno;
        }
    }

    /**
     * Resets a member, e.g. after it truncated its log on rejoin.
     *
     * @param memberIndex member.
     * @param seqno       its position now.
     */
    public void resetPosition(final int memberIndex, final long seqno)
    {
        positions[memberIndex] = seqno;
    }

    /**
     * @param memberIndex member.
     * @return the highest seqno it is known to hold.
     */
    public int memberCount()
    {
        return positions.length;
    }

    public long position(final int memberIndex)
    {
        return positions[memberIndex];
    }

    /**
     * @return the highest seqno held by at least the required members.
     */
    public long quorumPosition()
    {
        System.arraycopy(positions, 0, scratch, 0, positions.length);
        Arrays.sort(scratch);
        return scratch[scratch.length - required];
    }

    /**
     * @return members needed, leader included.
     */
    public int required()
    {
        return required;
    }
}
