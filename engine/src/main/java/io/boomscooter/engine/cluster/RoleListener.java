package io.boomscooter.engine.cluster;

/**
 * Role-change callbacks of one log's {@link Election}: the parts of a log host (leader replication,
 * follower, producer ingress, protocol families) learn here what this node now is. Called on the
 * cluster agent's thread, in this order: {@link #onNewTerm} when the epoch or its known leader changes,
 * then exactly one of the role callbacks.
 */
public interface RoleListener
{
    /**
     * @param epoch    the epoch now current.
     * @param leaderId its leader, or {@link ElectionState#NONE} while unknown.
     */
    void onNewTerm(long epoch, int leaderId);

    /**
     * This node leads {@code epoch}.
     */
    void onBecameLeader(long epoch);

    /**
     * This node follows {@code leaderId} (or nobody yet, {@link ElectionState#NONE}) in {@code epoch}; also
     * called when a follower must sync again from scratch.
     */
    void onBecameFollower(long epoch, int leaderId);

    /**
     * This node stands for {@code epoch}; it neither leads nor follows until the vote is decided.
     */
    void onBecameCandidate(long epoch);

    /**
     * This node led {@code epoch} and stopped (lost its quorum or slept past the election timeout); the
     * follower callback comes next. Most parts need only that one.
     */
    default void onSteppedDown(final long epoch, final String reason)
    {
    }
}
