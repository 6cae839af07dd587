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
        }
        return sb.toString();
    }

    public String summary()
    {
        return "chaos seed=" + seed + " network=" + network + " faults=" + faults + " " + faultsByKind +
            " committed=" + committedEntries() + " elections=" + elections + " longest-unavailable-ms=" +
            longestUnavailableMs() + " subscribers={" + delivered() + "} drained=" + drained + " verdict=" +
            (passed() ? "PASS" : "FAIL (" + (null == checker ? "not checked" : checker.violationCount() +
            " violations") + ")");
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
