package io.boomscooter.engine.cluster;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class QuorumTrackerTest
{
    @Test
    void majorityOfThreeNeedsTwo()
    {
        final QuorumTracker tracker = new QuorumTracker(3, QuorumPolicy.MAJORITY);
        tracker.position(0, 100);
        assertEquals(0, tracker.quorumPosition(), "leader alone is not a majority");
        tracker.position(2, 40);
        assertEquals(40, tracker.quorumPosition());
        tracker.position(1, 70);
        assertEquals(70, tracker.quorumPosition());
        tracker.position(1, 60);
        assertEquals(70, tracker.quorumPosition(), "positions never move back through position()");
        tracker.resetPosition(1, 10);
        assertEquals(40, tracker.quorumPosition(), "a truncated member counts from where it is");
    }

    @Test
    void allAndLeaderOnly()
    {
        final QuorumTracker all = new QuorumTracker(3, QuorumPolicy.ALL);
        all.position(0, 9);
        all.position(1, 7);
        assertEquals(0, all.quorumPosition());
        all.position(2, 8);
        assertEquals(7, all.quorumPosition());

        final QuorumTracker leaderOnly = new QuorumTracker(3, QuorumPolicy.LEADER_ONLY);
        leaderOnly.position(0, 9);
        assertEquals(9, leaderOnly.quorumPosition());
    }

    @Test
    void requiredCounts()
    {
        assertEquals(1, QuorumPolicy.MAJORITY.required(1));
        assertEquals(2, QuorumPolicy.MAJORITY.required(2));
        assertEquals(3, QuorumPolicy.MAJORITY.required(5));
        assertEquals(5, QuorumPolicy.ALL.required(5));
        assertEquals(1, QuorumPolicy.LEADER_ONLY.required(5));
        assertThrows(IllegalArgumentException.class, () -> QuorumPolicy.parse("most"));
    }
}
