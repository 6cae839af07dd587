package io.boomscooter.engine.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The election alone: a fake clock (plain nanosecond values), fake messages (direct calls) and a fake
 * outbound and log position; only the vote file is real, so a restart can be tested.
 * Three members, ids 1, 2, 3; this node is 1 unless said otherwise; 2 of 3 votes win.
 */
class ElectionTest
{
    private static final int[] MEMBERS = {1, 2, 3};

    @TempDir
    Path tmp;

    private final FakeLog log = new FakeLog();
    private final Recorder out = new Recorder();

    private Election election(final int selfId, final int initialLeader)
    {
        final ElectionState state = ElectionState.load(tmp.resolve("log-1." + selfId + ".state"), initialLeader);
        final Election election = new Election(state, MEMBERS, selfId - 1, 2, log, out, out);
        election.start();
        return election;
    }

    private static final long T = 300_000_000L;

    private Election timed(final int selfId, final int initialLeader, final long seed)
    {
        final ElectionState state = ElectionState.load(tmp.resolve("log-1." + selfId + ".state"), initialLeader);
        final Election election = new Election(state, MEMBERS, selfId - 1, 2, log, out, out, T, T, seed);
        election.start();
        return election;
    }

    /**
     * Ticks the election every millisecond from {@code fromNs} until {@code untilNs} or a role change.
     */
    private static long tickUntilRoleChanges(final Election election, final long fromNs, final long untilNs)
    {
        final Role role = election.role();
        for (long now = fromNs; now < untilNs; now += 1_000_000L)
        {
            election.doWork(now);
            if (election.role() != role || election.isPreVoting())
            {
                return now;
            }
        }
        return -1;
    }

    @Test
    void silentLeaderLeadsToPreVoteThenCandidacyWithinTwoTimeouts()
    {
        final Election election = timed(1, 2, 7);
        election.doWork(1); // arms the timer
        out.sent.clear();
        final long preVoteAt = tickUntilRoleChanges(election, 2, 3 * T);
        assertTrue(preVoteAt >= T && preVoteAt < 2 * T + 1_000_000L, "pre-vote at " + preVoteAt);
        assertTrue(election.isPreVoting());
        assertEquals(1, election.epoch(), "a pre-vote raises no epoch");
        assertEquals(List.of("prevote request 1 epoch 2", "prevote request 2 epoch 2"), out.sent);

        election.onPreVoteAnswer(3, 2, true);
        assertEquals(Role.CANDIDATE, election.role());
        assertEquals(2, election.epoch());
        assertEquals(1, election.votedFor());
        assertEquals(1, election.electionsStarted());
        election.onVote(2, 2, true, 0, 0);
        assertEquals(Role.LEADER, election.role());
        assertEquals(1, election.electionsWon());
    }

    @Test
    void heartbeatsKeepAFollowerFromStanding()
    {
        final Election election = timed(1, 2, 11);
        election.doWork(0);
        for (long now = 1; now < 10 * T; now += 20_000_000L)
        {
            election.doWork(now);
            assertEquals(Election.LeaderCheck.ACCEPTED, election.checkLeader(2, 1));
            assertFalse(election.isPreVoting(), "pre-vote at " + now + " despite heartbeats");
        }
        assertEquals(Role.REPLICA, election.role());
        assertEquals(1, election.epoch());
        assertTrue(out.sent.isEmpty());
    }

    @Test
    void timeoutsAreRandomisedWithinTOneToTwo()
    {
        final java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int seed = 0; seed < 50; seed++)
        {
            final Election election = timed(1, 2, seed);
            election.doWork(0);
            election.checkLeader(2, 1);
            final long timeout = election.followerTimeoutNs();
            assertTrue(timeout >= T && timeout < 2 * T, "timeout " + timeout);
            seen.add(timeout / 10_000_000L);
        }
        assertTrue(seen.size() > 10, "timeouts not spread: " + seen);
    }

    @Test
    void failedPreVoteRetriesAfterANewTimeoutWithoutRaisingTheEpoch()
    {
        final Election election = timed(1, 2, 3);
        election.doWork(0);
        final long first = tickUntilRoleChanges(election, 1, 3 * T);
        election.onPreVoteAnswer(2, 2, false);
        election.onPreVoteAnswer(3, 2, false);
        assertEquals(Role.REPLICA, election.role());
        out.sent.clear();
        long second = -1;
        for (long now = first + 1_000_000L; now < first + 3 * T; now += 1_000_000L)
        {
            election.doWork(now);
            if (election.preVoteRounds() == 2)
            {
                second = now;
                break;
            }
        }
        assertTrue(second - first >= T && second - first < 2 * T + 1_000_000L, "second round after " + (second - first));
        assertEquals(1, election.epoch());
    }

    @Test
    void memberThatHearsTheLeaderRefusesPreVoteAndOneThatDoesNotGrantsIt()
    {
        final Election election = timed(3, 2, 5);
        election.doWork(0);
        election.checkLeader(2, 1);
        final int votedFor = election.votedFor();
        out.sent.clear();
        election.doWork(T / 2);
        assertFalse(election.onPreVoteRequest(1, 2, 0, 0), "heard the leader within T");
        assertEquals(List.of("prevote 0 epoch 2 refused"), out.sent);
        assertEquals(1, election.epoch(), "a pre-vote request changes no epoch");
        assertEquals(votedFor, election.votedFor());

        election.doWork(T + 1);
        assertTrue(election.onPreVoteRequest(1, 2, 0, 0));
        log.lastEpoch = 1;
        log.lastSeqno = 10;
        assertFalse(election.onPreVoteRequest(1, 2, 5, 1), "candidate's log is behind");
        assertFalse(election.onPreVoteRequest(1, 1, 20, 1), "no newer epoch proposed");
        assertEquals(1, election.epoch());
        assertEquals(votedFor, election.votedFor(), "nor any vote");
    }

    @Test
    void leaderRefusesPreVoteAndStepsDownWhenTold()
    {
        final Election leader = timed(2, 2, 9);
        leader.doWork(0);
        leader.doWork(5 * T);
        assertEquals(Role.LEADER, leader.role(), "a leader has no follower timer");
        assertFalse(leader.onPreVoteRequest(1, 2, 0, 0));
        out.events.clear();
        leader.stepDown("test");
        assertEquals(Role.REPLICA, leader.role());
        assertEquals(1, leader.epoch());
        assertEquals(List.of("stepped down 1", "follower 1 leader 2"), out.events);
        assertTrue(leader.onPreVoteRequest(1, 2, 0, 0), "a stepped-down leader no longer claims to hear a leader");
    }

    @Test
    void freshNodeFollowsTheInitialLeaderAndTheLeaderLeads()
    {
        final Election follower = election(1, 2);
        assertEquals(Role.REPLICA, follower.role());
        assertEquals(1, follower.epoch());
        assertEquals(2, follower.leaderId());
        assertEquals(List.of("term 1 leader 2", "follower 1 leader 2"), out.events);

        out.events.clear();
        final Election leader = election(2, 2);
        assertEquals(Role.LEADER, leader.role());
        assertEquals(List.of("term 1 leader 2", "leader 1"), out.events);
    }

    @Test
    void promotionWinsWithAMajorityAndTellsTheListener()
    {
        final Election election = election(1, 2);
        out.events.clear();
        election.promote(0);
        assertEquals(Role.CANDIDATE, election.role());
        assertEquals(Promotion.PENDING, election.promotion());
        assertEquals(2, election.epoch());
        assertEquals(1, election.votedFor());

        election.doWork(0);
        assertEquals(List.of("request 1 epoch 2", "request 2 epoch 2"), out.sent);

        election.onVote(3, 2, true, 0, 0);
        assertEquals(Role.LEADER, election.role());
        assertEquals(Promotion.WON, election.promotion());
        assertEquals(1, election.leaderId());
        assertEquals(List.of("term 2 leader -1", "candidate 2", "term 2 leader 1", "leader 2"), out.events);
    }

    @Test
    void splitVoteFailsAfterTheCandidateTimeoutAndTheNodeFollows()
    {
        final Election election = election(1, 2);
        election.promote(0);
        // node 2 stood in the same epoch and voted for itself; node 3 voted for node 2 first
        election.onVote(2, 2, false, 0, 0);
        election.onVote(3, 2, false, 0, 0);
        assertEquals(Role.CANDIDATE, election.role());
        assertEquals(Promotion.PENDING, election.promotion());

        election.doWork(Election.CANDIDATE_TIMEOUT_NS - 1);
        assertEquals(Role.CANDIDATE, election.role());
        election.doWork(Election.CANDIDATE_TIMEOUT_NS + 1);
        assertEquals(Promotion.FAILED, election.promotion());
        assertEquals(Role.REPLICA, election.role());
        assertEquals(2, election.epoch(), "a failed candidacy keeps its epoch: it may never be reused");

        // node 2's own request in epoch 2 is refused too: this node voted for itself there
        out.sent.clear();
        assertFalse(election.onRequestVote(2, 2, 0, 0));
        assertEquals(List.of("vote 1 epoch 2 refused"), out.sent);
    }

    @Test
    void staleCandidateIsRefusedAndChangesNothing()
    {
        final Election election = election(1, 2);
        election.promote(0);
        election.onVote(3, 2, true, 0, 0);
        assertEquals(Role.LEADER, election.role());
        out.events.clear();
        out.sent.clear();

        assertFalse(election.onRequestVote(3, 1, 100, 1));
        assertEquals(Role.LEADER, election.role());
        assertEquals(2, election.epoch());
        assertEquals(1, election.votedFor());
        assertEquals(List.of("vote 2 epoch 2 refused"), out.sent, "the answer carries the newer epoch");
        assertTrue(out.events.isEmpty());
    }

    @Test
    void higherEpochMidElectionEndsTheCandidacyAndCanBeVotedFor()
    {
        final Election election = election(1, 2);
        election.promote(0);
        out.events.clear();

        assertTrue(election.onRequestVote(3, 5, 0, 0));
        assertEquals(5, election.epoch());
        assertEquals(Role.REPLICA, election.role());
        assertEquals(Promotion.FAILED, election.promotion());
        assertEquals(3, election.votedFor());
        assertEquals(List.of("term 5 leader -1", "follower 5 leader -1"), out.events);

        // a late vote for the abandoned epoch changes nothing
        election.onVote(2, 2, true, 0, 0);
        assertEquals(Role.REPLICA, election.role());
        assertEquals(5, election.epoch());

        // a vote answer from a newer epoch, seen while standing, ends a candidacy the same way
        final Election other = election(3, 2);
        other.promote(0);
        other.onVote(2, 7, false, 0, 0);
        assertEquals(7, other.epoch());
        assertEquals(Role.REPLICA, other.role());
        assertEquals(Promotion.FAILED, other.promotion());
    }

    @Test
    void candidateWhoseLogIsBehindGetsNoVoteAndHandsOverToTheVoterThatHoldsMore()
    {
        log.lastSeqno = 100;
        log.lastEpoch = 1;
        final Election voter = election(1, 2);
        assertFalse(voter.onRequestVote(3, 2, 99, 1), "fewer entries of the same epoch");
        assertFalse(voter.onRequestVote(3, 2, 500, 0), "more entries, older last epoch");
        assertTrue(voter.onRequestVote(3, 2, 100, 1), "as up to date");

        // the candidate's side: a refusal from a voter that holds more hands the promotion to it
        final FakeLog behind = new FakeLog();
        behind.lastSeqno = 10;
        behind.lastEpoch = 1;
        final Election candidate = new Election(ElectionState.load(tmp.resolve("cand.state"), 2), MEMBERS, 2, 2,
            behind, out, out);
        candidate.start();
        candidate.promote(0);
        candidate.onVote(1, 2, false, 100, 1);
        assertEquals(Promotion.HANDOVER, candidate.promotion());
        assertEquals(1, candidate.handoverTo());
        assertEquals(Role.REPLICA, candidate.role());
    }

    @Test
    void voteIsNeverGivenTwiceInOneEpoch()
    {
        final Election election = election(1, 2);
        assertTrue(election.onRequestVote(2, 3, 0, 0));
        assertTrue(election.onRequestVote(2, 3, 0, 0), "the same candidate asking again gets the same answer");
        assertFalse(election.onRequestVote(3, 3, 0, 0));
        assertEquals(2, election.votedFor());
        assertTrue(election.onRequestVote(3, 4, 0, 0), "a new epoch, a new vote");
    }

    @Test
    void voteSurvivesARestart()
    {
        final Election before = election(1, 2);
        assertTrue(before.onRequestVote(2, 3, 0, 0));

        final Election after = election(1, 2);
        assertEquals(3, after.epoch());
        assertEquals(2, after.votedFor());
        assertFalse(after.onRequestVote(3, 3, 0, 0), "the vote given before the restart still stands");
        assertTrue(after.onRequestVote(2, 3, 0, 0));
    }

    @Test
    void restartedLeaderOfAWonEpochLeadsAgain()
    {
        final Election before = election(1, 2);
        before.promote(0);
        before.onVote(2, 2, true, 0, 0);
        assertEquals(Role.LEADER, before.role());
        final Election after = election(1, 2);
        assertEquals(Role.LEADER, after.role());
        assertEquals(2, after.epoch());
    }

    @Test
    void nonMembersAndImpossibleEpochsChangeNothing()
    {
        final Election election = election(1, 2);
        out.events.clear();
        assertFalse(election.onRequestVote(99, 1000, 0, 0));
        election.onVote(99, 1000, true, 0, 0);
        assertFalse(election.onNewerEpochFromMember(99, 1000));
        assertEquals(Election.LeaderCheck.FORGED, election.checkLeader(99, 1000));
        assertEquals(Election.LeaderCheck.FORGED, election.checkLeader(1, 1000), "naming this node");
        assertEquals(Election.LeaderCheck.FORGED, election.checkLeader(3, Long.MAX_VALUE));
        assertFalse(election.onNewerEpochFromMember(3, Long.MAX_VALUE));
        assertFalse(election.onRequestVote(3, Long.MAX_VALUE, 0, 0));
        assertEquals(1, election.epoch());
        assertEquals(2, election.leaderId());
        assertTrue(out.events.isEmpty());
        assertTrue(out.sent.isEmpty());

        // a member's newer epoch is adopted (Raft: step down), its leader unknown until it speaks
        assertTrue(election.onNewerEpochFromMember(3, 4));
        assertEquals(4, election.epoch());
        assertEquals(ElectionState.NONE, election.leaderId());
        assertEquals(Election.LeaderCheck.ACCEPTED, election.checkLeader(3, 4));
        assertEquals(Election.LeaderCheck.NOT_EPOCH_LEADER, election.checkLeader(2, 4));
        assertEquals(Election.LeaderCheck.STALE, election.checkLeader(2, 3));
    }

    @Test
    void leaderStepsDownWhenAMemberShowsANewerEpoch()
    {
        final Election election = election(2, 2);
        assertEquals(Role.LEADER, election.role());
        assertTrue(election.onNewerEpochFromMember(3, 2));
        assertEquals(Role.REPLICA, election.role());
        assertEquals(2, election.epoch());
    }

    private static final class FakeLog implements LogPosition
    {
        long lastSeqno;
        long lastEpoch;

        public long lastSeqno()
        {
            return lastSeqno;
        }

        public long lastEpoch()
        {
            return lastEpoch;
        }
    }

    private static final class Recorder implements ElectionOutbound, RoleListener
    {
        final List<String> sent = new ArrayList<>();
        final List<String> events = new ArrayList<>();

        public void requestVote(final int memberIndex, final long epoch, final long lastSeqno, final long lastEpoch)
        {
            sent.add("request " + memberIndex + " epoch " + epoch);
        }

        public void preVoteRequest(final int memberIndex, final long epoch, final long lastSeqno,
            final long lastEpoch)
        {
            sent.add("prevote request " + memberIndex + " epoch " + epoch);
        }

        public void preVoteAnswer(final int memberIndex, final long epoch, final boolean granted, final long lastSeqno,
            final long lastEpoch)
        {
            sent.add("prevote " + memberIndex + " epoch " + epoch + (granted ? " granted" : " refused"));
        }

        public void onSteppedDown(final long epoch, final String reason)
        {
            events.add("stepped down " + epoch);
        }

        public void vote(final int memberIndex, final long epoch, final boolean granted, final long lastSeqno,
            final long lastEpoch)
        {
            sent.add("vote " + memberIndex + " epoch " + epoch + (granted ? " granted" : " refused"));
        }

        public void onNewTerm(final long epoch, final int leaderId)
        {
            events.add("term " + epoch + " leader " + leaderId);
        }

        public void onBecameLeader(final long epoch)
        {
            events.add("leader " + epoch);
        }

        public void onBecameFollower(final long epoch, final int leaderId)
        {
            events.add("follower " + epoch + " leader " + leaderId);
        }

        public void onBecameCandidate(final long epoch)
        {
            events.add("candidate " + epoch);
        }
    }
}
