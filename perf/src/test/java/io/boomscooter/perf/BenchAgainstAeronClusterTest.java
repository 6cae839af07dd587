package io.boomscooter.perf;

import io.boomscooter.engine.cli.BoomscooterCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
 * The report artefacts of {@code bench ... --against aeron-cluster}: the text report has the Aeron Cluster
 * rows, ratios and the line saying how it was configured; the JSON is one object that a JSON parser
 * (Python's, as the documented tools use) reads, with the new fields beside the old ones.
 */
class BenchAgainstAeronClusterTest
{
    private static final String[] QUICK = { "--seconds", "1", "--warmup", "0", "--rate", "2000",
        "--against", "aeron-cluster" };

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void textReportHasAeronClusterRowsRatiosAndConfiguration()
    {
        final String text = bench("throughput");
        for (final String expected : new String[]{ "aeron cluster (saturated, queueing)", "client send lag",
            "ratio (ours / raw), p50 and p99", "ratio (ours / aeron-cluster)", "throughput (msg/s): aeron cluster",
            "ratio ours / aeron-cluster", "messages: aeron cluster", "- aeron-cluster: Aeron Cluster 1.51.0",
            "ArchiveThreadingMode.SHARED", "term length 256k", "default timers", "aeron-cluster threads: 11 busy" })
        {
            assertTrue(text.contains(expected), "'" + expected + "' missing from:\n" + text);
        }
        final Matcher echoed = Pattern.compile("throughput \\(msg/s\\): aeron cluster ([0-9,]+) ").matcher(text);
        assertTrue(echoed.find(), text);
        assertTrue(Long.parseLong(echoed.group(1).replace(",", "")) > 1_000, text);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void jsonParsesAndCarriesAeronClusterFieldsBesideTheExistingOnes() throws Exception
    {
        final String json = bench("latency", "--json");
        assertEquals(1, json.lines().count(), json);
        // a real parser reads it and finds every field, old and new, with sensible values
        final String checked = python(json, String.join("\n",
            "import json, sys",
            "d = json.load(sys.stdin)",
            "for k in ['messages', 'throughput_per_s', 'latency_us', 'raw_aeron', 'ratio_p50', 'ratio_p99',",
            "          'ratio_throughput', 'cores', 'against', 'aeron_cluster', 'ratio_p50_vs_aeron_cluster',",
            "          'ratio_p99_vs_aeron_cluster', 'ratio_throughput_vs_aeron_cluster']:",
            "    assert k in d, k",
            "a = d['aeron_cluster']",
            "for k in ['rtt_us', 'messages', 'lost', 'throughput_per_s', 'sent', 'echoed', 'out_of_order',",
            "          'back_pressured_offers', 'send_lag_us', 'driver_bytes_sent_per_message', 'threads', 'errors',",
            "          'configuration']:",
            "    assert k in a, k",
            "assert d['against'] == 'aeron-cluster'",
            "assert a['rtt_us']['p50'] > 0 and a['rtt_us']['p99'] >= a['rtt_us']['p50']",
            "assert a['sent'] == a['echoed'] and a['out_of_order'] == 0 and a['lost'] == 0, a",
            "assert abs(a['messages'] - 2000) <= 40, a['messages']",
            "assert a['threads'] == 11, a['threads']",
            "assert 'Aeron Cluster 1.51.0' in a['configuration']",
            "r = d['latency_us']['p50'] / a['rtt_us']['p50']",
            "assert abs(d['ratio_p50_vs_aeron_cluster'] - r) < 1e-6 * max(1, r), (r, d['ratio_p50_vs_aeron_cluster'])",
            "print('ok')"));
        assertEquals("ok", checked.trim(), json);
    }

    private static String bench(final String mode, final String... extra)
    {
        final String[] args = new String[2 + QUICK.length + extra.length];
        args[0] = "bench";
        args[1] = mode;
        System.arraycopy(QUICK, 0, args, 2, QUICK.length);
        System.arraycopy(extra, 0, args, 2 + QUICK.length, extra.length);
        final StringWriter err = new StringWriter();
        final PrintStream stdout = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            exit = BoomscooterCli.newCommandLine().setErr(new PrintWriter(err, true)).execute(args);
        }
        finally
        {
            System.setOut(stdout);
        }
        assertEquals(0, exit, err.toString());
        return captured.toString(StandardCharsets.UTF_8).trim();
    }

    private static String python(final String input, final String program) throws IOException, InterruptedException
    {
        final Process p = new ProcessBuilder("python3", "-c", program).redirectErrorStream(true).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python3 timed out");
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
