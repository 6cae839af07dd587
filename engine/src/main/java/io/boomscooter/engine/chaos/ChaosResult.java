package io.boomscooter.engine.chaos;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link ChaosRun} did and found.
 */
public final class ChaosResult
{
    public final long seed;
    public final String network;
    int faults;
    final Map<String, Integer> faultsByKind = new LinkedHashMap<>();
    long elections;
    long longestUnavailableNs;
    boolean drained;
    List<String> history = List.of();
    List<ProducerRecord> producers = List.of();
    List<SubscriberRecord> subscribers = List.of();
    ChaosChecker checker;
    // a scripted scenario's outcome (scenario null for random faults)
    String scenario;
    boolean scenarioDone;
    int target;
    int leaderBefore;
    long epochBefore;
    int leaderAtUndo;
    long epochAtUndo;
    boolean targetSteppedDown;
    long failoverNs = -1;
    long[][] finalStates = new long[0][];
    long measuredNs;
    long measuredCommits;
    final org.HdrHistogram.Histogram commitLatencyNs = new org.HdrHistogram.Histogram(3);

    ChaosResult(final long seed, final String network)
    {
        this.seed = seed;
        this.network = network;
    }

    public boolean passed()
    {
        return null != checker && checker.passed() && drained;
    }

    public int faults()
    {
        return faults;
    }

    public long committedEntries()
    {
        return null == checker ? 0 : checker.committedEntries();
    }

    public long elections()
    {
        return elections;
    }

    public long longestUnavailableMs()
    {
        return longestUnavailableNs / 1_000_000;
    }

    /** @return the scenario's command-line name, or null for random faults. */
    public String scenario()
    {
        return scenario;
    }

    /** @return whether the scenario's fault was injected and undone. */
    public boolean scenarioDone()
    {
        return scenarioDone;
    }

    /** @return the node the scenario's fault hit. */
    public int target()
    {
        return target;
    }

    public int leaderBefore()
    {
        return leaderBefore;
    }

    public long epochBefore()
    {
        return epochBefore;
    }

    /** @return who led, by the highest epoch any node knew, just before the fault was undone. */
    public int leaderAtUndo()
    {
        return leaderAtUndo;
    }

    public long epochAtUndo()
    {
        return epochAtUndo;
    }

    /** @return whether the scenario's target printed that it stepped down from the epoch it led. */
    public boolean targetSteppedDown()
    {
        return targetSteppedDown;
    }

    /**
     * @return milliseconds from the fault to the first entry a producer saw committed in a newer epoch, or
     * -1 when none was: the failover time as a producer experiences it.
     */
    public double failoverMs()
    {
        return failoverNs < 0 ? -1 : failoverNs / 1e6;
    }

    /** @return {epoch, leader} as node i persisted them at the end of the run. */
    public long[] finalState(final int node)
    {
        return finalStates[node];
    }

    /** @return nodes in the run's final election states. */
    public int finalStateCount()
    {
        return finalStates.length - 1;
    }

    public List<String> violations()
    {
        return null == checker ? List.of() : checker.violations();
    }

    public List<String> history()
    {
        return history;
    }

    /** @return subscribers' entries received, per node. */
    public String delivered()
    {
        final StringBuilder sb = new StringBuilder();
        for (final SubscriberRecord subscriber : subscribers)
        {
            sb.append(sb.length() == 0 ? "" : ", ").append("node ").append(subscriber.node).append(": ")
                .append(subscriber.count());
            if (null != subscriber.lastProblem())
            {
                sb.append(" (last problem: ").append(subscriber.lastProblem()).append(')');
            }
        }
        return sb.toString();
    }

    /** @return entries committed per second after the warm-up while the workload ran (both producers). */
    public double commitsPerSecond()
    {
        return measuredNs <= 0 ? 0 : measuredCommits * 1e9 / measuredNs;
    }

    /**
     * @param percentile e.g. 50, 99, 100 for the maximum.
     * @return microseconds from a producer's offer to the commit covering the entry, for entries offered after
     * the warm-up; 0 when none was measured.
     */
    public double commitLatencyUs(final double percentile)
    {
        return commitLatencyNs.getTotalCount() == 0 ? 0 : commitLatencyNs.getValueAtPercentile(percentile) / 1e3;
    }

    /** @return how many entries' commit latency was measured. */
    public long commitLatencyCount()
    {
        return commitLatencyNs.getTotalCount();
    }

    private String loadSummary()
    {
        return String.format("load: %.0f entries/s committed, commit latency us p50 %.0f p99 %.0f p99.9 %.0f " +
            "max %.0f over %d entries", commitsPerSecond(), commitLatencyUs(50), commitLatencyUs(99),
            commitLatencyUs(99.9), commitLatencyUs(100), commitLatencyNs.getTotalCount());
    }

    public String summary()
    {
        return (null == scenario || "steady".equals(scenario) ? "" : scenarioSummary() + "\n") +
            ("steady".equals(scenario) ? loadSummary() + "\n" : "") + "chaos seed=" + seed + " network=" + network + " faults=" + faults + " " + faultsByKind +
            " committed=" + committedEntries() + " elections=" + elections + " longest-unavailable-ms=" +
            longestUnavailableMs() + " subscribers={" + delivered() + "} drained=" + drained + " verdict=" +
            (passed() ? "PASS" : "FAIL (" + (null == checker ? "not checked" : checker.violationCount() +
            " violations") + ")");
    }

    private String scenarioSummary()
    {
        final StringBuilder states = new StringBuilder();
        for (int node = 1; node < finalStates.length; node++)
        {
            states.append(node == 1 ? "" : ", ").append("node ").append(node).append(": epoch ")
                .append(finalStates[node][0]).append(" leader ").append(finalStates[node][1]);
        }
        return String.format("scenario %s: target node %d, leader %d of epoch %d before, leader %d of epoch %d " +
            "when undone, target stepped down=%s, failover %.1f ms, final {%s}", scenario, target, leaderBefore,
            epochBefore, leaderAtUndo, epochAtUndo, targetSteppedDown, failoverMs(), states);
    }

    public String json()
    {
        final StringBuilder sb = new StringBuilder("{\"seed\":").append(seed)
            .append(",\"network\":\"").append(network.replace("\"", "'")).append('"')
            .append(",\"faults\":").append(faults)
            .append(",\"faultsByKind\":{");
        int i = 0;
        for (final Map.Entry<String, Integer> e : faultsByKind.entrySet())
        {
            sb.append(i++ == 0 ? "" : ",").append('"').append(e.getKey()).append("\":").append(e.getValue());
        }
        sb.append("},\"committed\":").append(committedEntries())
            .append(",\"elections\":").append(elections)
            .append(",\"longestUnavailableMs\":").append(longestUnavailableMs())
            .append(",\"drained\":").append(drained)
            .append(",\"scenario\":").append(null == scenario ? "null" : "\"" + scenario + "\"")
            .append(",\"failoverMs\":").append(failoverMs())
            .append(",\"commitsPerSecond\":").append(Math.round(commitsPerSecond()))
            .append(",\"commitLatencyUs\":{\"p50\":").append(commitLatencyUs(50))
            .append(",\"p99\":").append(commitLatencyUs(99)).append(",\"p99.9\":").append(commitLatencyUs(99.9))
            .append(",\"max\":").append(commitLatencyUs(100)).append('}')
            .append(",\"verdict\":\"").append(passed() ? "PASS" : "FAIL").append('"')
            .append(",\"violations\":[");
        i = 0;
        for (final String v : violations())
        {
            sb.append(i++ == 0 ? "" : ",").append('"').append(v.replace("\"", "'")).append('"');
        }
        return sb.append("]}").toString();
    }
}
