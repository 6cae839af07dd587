package io.boomscooter.engine.cluster;

import java.util.Locale;

/**
 * How many nodes must hold an entry before it commits.
 */
public enum QuorumPolicy
{
    /**
     * More than half of the members, the leader included.
     */
    MAJORITY,

    /**
     * Every member.
     */
    ALL,

    /**
     * The leader alone: for a single node, or when replicas are only for reading.
     */
    LEADER_ONLY;

    /**
     * @param memberCount members of the cluster, leader included.
     * @return how many must hold an entry, leader included.
     */
    public int required(final int memberCount)
    {
        switch (this)
        {
            case ALL:
                return memberCount;
            case LEADER_ONLY:
                return 1;
            case MAJORITY:
            default:
                return memberCount / 2 + 1;
        }
    }

    /**
     * @param value {@code majority}, {@code all} or {@code leader-only}.
     * @return the policy.
     */
    public static QuorumPolicy parse(final String value)
    {
        switch (value.trim().toLowerCase(Locale.ROOT))
        {
            case "majority":
                return MAJORITY;
            case "all":
                return ALL;
            case "leader-only":
            case "leader_only":
                return LEADER_ONLY;
            default:
                throw new IllegalArgumentException(
                    "unknown quorum '" + value + "', expected majority, all or leader-only");
        }
    }
}
