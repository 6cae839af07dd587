package io.boomscooter.perf;

import io.boomscooter.driver.DriverProfile;
import io.boomscooter.engine.cli.BoomscooterCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Short runs of the harness: that it measures something plausible and reports it, not how fast it is.
 */
class BenchHarnessTest
{
    private static BenchSettings quick()
    {
        return new BenchSettings().profile(DriverProfile.SMALL).seconds(1).warmupSeconds(0).ratePerSecond(2_000)
            .replicas(2).drainTimeoutNs(TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void rawRoundTripRecordsEveryPingAtTheOfferedRate()
    {
        final RunResult result = new RawAeronBaseline(quick()).roundTrip();
        assertEquals(0, result.lost());
        assertEquals(2_000, result.messages(), 2);
        assertEquals(result.messages(), result.histogram().getTotalCount());
        assertTrue(result.percentileUs(50) > 0);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void rawOneWayThroughputCountsMessages()
    {
        final RunResult result = new RawAeronBaseline(quick()).oneWayThroughput();
        assertTrue(result.throughputPerSecond() > 1_000, "implausibly low: " + result.throughputPerSecond());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void replicatedLatencyDeliversEveryEntry()
    {
        final ReplicatedPathBenchmark benchmark = new ReplicatedPathBenchmark(quick());
        final RunResult result = benchmark.latency();
        assertEquals(0, result.lost());
        assertEquals(2_000, result.histogram().getTotalCount(), 2);
        // one shared driver, three node agent threads, the producer
        assertEquals(5, benchmark.threads());
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void benchCommandPrintsOneJsonObjectWithTheAgreedFields()
    {
        final StringWriter err = new StringWriter();
        final PrintStream stdout = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            exit = BoomscooterCli.newCommandLine().setErr(new PrintWriter(err, true))
                .execute("bench", "latency", "--seconds", "1", "--warmup", "0", "--rate", "2000", "--json");
        }
        finally
        {
            System.setOut(stdout);
        }
        final String json = captured.toString(StandardCharsets.UTF_8).trim();
        assertEquals(0, exit, err.toString());
        assertEquals(1, json.lines().count(), json);
        assertTrue(json.startsWith("{") && json.endsWith("}"), json);
        for (final String field : new String[]{ "messages", "throughput_per_s", "latency_us", "raw_aeron", "rtt_us",
            "ratio_p50", "ratio_p99", "ratio_throughput", "p50", "p90", "p99", "p999", "max", "cores" })
        {
            assertTrue(json.contains("\"" + field + "\":"), field + " missing from " + json);
        }
        final Matcher ratio = Pattern.compile("\"ratio_p50\":([0-9.Ee-]+)").matcher(json);
        assertTrue(ratio.find() && Double.parseDouble(ratio.group(1)) > 0, json);
    }
}
