package io.boomscooter.engine.chaos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Automatic failover on the shipped election defaults (issue 11): three node processes on three namespace
 * hosts under a steady load, one fault aimed at the leader (or a follower), and afterwards the checker's
 * verdict on every acknowledged commit, entry by entry, plus what the election did.
 */
class FailoverProcessTest
{
    private static final long RATE = 500;
    private static final double HOLD_MS = TimeUnit.NANOSECONDS.toMillis(ScriptedFault.HOLD_NS);

    @TempDir
    Path tmp;

    @Test
    void leaderKilledUnderLoadIsReplacedAndNothingCommittedIsLost() throws Exception
    {
        final ChaosResult result = run(Scenario.LEADER_KILL, 11);
        assertNewLeaderCommittedWhileTheOldWasOut(result);
    }

    @Test
    void leaderFrozenPastTheElectionTimeoutIsReplacedAndRejoinsTheNewEpoch() throws Exception
    {
        final ChaosResult result = run(Scenario.LEADER_FREEZE, 12);
        assertNewLeaderCommittedWhileTheOldWasOut(result);
        assertTrue(result.finalState(result.target())[0] >= result.epochAtUndo(),
            "the woken leader adopted the newer epoch: " + result.summary());
    }

    @Test
    void leaderIsolatedStepsDownAndANewLeaderTakesOver() throws Exception
    {
        final ChaosResult result = run(Scenario.LEADER_ISOLATE, 13);
        assertNewLeaderCommittedWhileTheOldWasOut(result);
        assertTrue(result.targetSteppedDown(), "the isolated leader stepped down on lost quorum: " + result.summary());
    }

    @Test
    void followerIsolatedAndHealedCausesNoElection() throws Exception
    {
        final ChaosResult result = run(Scenario.FOLLOWER_ISOLATE, 14);
        for (int node = 1; node <= result.finalStateCount(); node++)
        {
            assertEquals(result.epochBefore(), result.finalState(node)[0], "node " + node + " kept the epoch (pre-vote " +
                "kept the returning follower from deposing the leader): " + result.summary());
            assertEquals(result.leaderBefore(), result.finalState(node)[1], "node " + node + " kept the leader: " +
                result.summary());
        }
    }

    @Test
    void steadyLoadReportsTheCommitRateAndLatencyOfWhatWasOffered() throws Exception
    {
        final ChaosResult result = run(Scenario.STEADY, 15);
        final double measuredSeconds = (ChaosRun.scenarioDurationNs() - ScriptedFault.WARMUP_NS) / 1e9;
        // two producers offer RATE each; the cluster keeps up, so the commit rate is what was offered
        assertTrue(result.commitsPerSecond() > 2 * RATE * 0.8 && result.commitsPerSecond() < 2 * RATE * 1.2,
            "commit rate near the offered " + 2 * RATE + "/s: " + result.summary());
        assertTrue(result.commitLatencyCount() > 2 * RATE * measuredSeconds * 0.8,
            "a latency per entry offered after the warm-up: " + result.summary());
        assertTrue(result.commitLatencyUs(50) > 0 && result.commitLatencyUs(50) <= result.commitLatencyUs(99),
            result.summary());
        assertEquals(1, result.finalState(1)[0], "no election without a fault: " + result.summary());
    }

    private ChaosResult run(final Scenario scenario, final long seed) throws Exception
    {
        final String unavailable = NetworkNamespaces.unavailableReason();
        assumeTrue(!scenario.needsNamespaces() || null == unavailable,
            () -> "skipped: " + scenario.cliName() + " cuts hosts apart and needs network namespaces: " + unavailable);
        final ChaosResult result = new ChaosRun(tmp, 3, seed, ChaosRun.scenarioDurationNs(), RATE, true, "",
            System.out, scenario).run();
        System.out.println(result.summary());
        result.history().forEach(System.out::println);
        assertTrue(result.scenarioDone(), "the fault was injected and undone: " + result.summary());
        if (scenario == Scenario.STEADY)
        {
            assertEquals(0, result.faults(), result.summary());
        }
        assertTrue(result.committedEntries() > 2_000, "the cluster made progress: " + result.summary());
        assertTrue(result.passed(), result.summary() + "\n" + String.join("\n", result.violations()));
        return result;
    }

    private static void assertNewLeaderCommittedWhileTheOldWasOut(final ChaosResult result)
    {
        assertTrue(result.epochAtUndo() > result.epochBefore(), "a newer epoch was elected: " + result.summary());
        assertNotEquals(result.leaderBefore(), result.leaderAtUndo(), "another node leads: " + result.summary());
        assertTrue(result.failoverMs() >= 0 && result.failoverMs() < HOLD_MS,
            "producers saw commits in the new epoch before the fault ended: " + result.summary());
    }
}
