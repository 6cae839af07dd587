package io.boomscooter.perf;

import io.boomscooter.driver.DriverProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Short sweeps of the scale figures: every point measures something plausible, and the report's table and
 * JSON carry every point of every dimension.
 */
class ScaleSweepTest
{
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void subscriberPayloadAndLogSweepsReportEveryPoint()
    {
        final BenchSettings quick = new BenchSettings().profile(DriverProfile.SMALL).seconds(1).warmupSeconds(0)
            .ratePerSecond(2_000).replicas(2).drainTimeoutNs(TimeUnit.SECONDS.toNanos(5)).conclude();
        final List<ScaleSweep.Row> rows = new ArrayList<>();
        rows.addAll(ScaleSweep.subscribers(quick, new int[] {1, 4}));
        rows.addAll(ScaleSweep.payloads(quick, new int[] {32, 1024}));
        rows.addAll(ScaleSweep.logs(quick, new int[] {3}));
        assertEquals(5, rows.size());
        for (final ScaleSweep.Row row : rows)
        {
            assertEquals(0, row.lost, row.dimension + " " + row.value);
            assertTrue(row.p50Us > 0 && row.p99Us >= row.p50Us, row.dimension + " " + row.value + ": " + row.p50Us);
            assertTrue(row.throughputPerSecond > 1_000, row.dimension + " " + row.value + ": " + row.throughputPerSecond);
        }
        final String json = ScaleSweep.toJson(rows, "1.0 1.0 1.0", "1.0 1.0 1.0");
        assertTrue(json.startsWith("{\"mode\":\"scale\"") && json.endsWith("]}"), json);
        assertTrue(json.contains("\"subscribers\":[{\"value\":1,") && json.contains("{\"value\":4,"), json);
        assertTrue(json.contains("\"payload_bytes\":[{\"value\":32,") && json.contains("{\"value\":1024,"), json);
        assertTrue(json.contains("\"logs\":[{\"value\":3,"), json);
        final String text = ScaleSweep.toText(rows);
        assertTrue(text.contains("subscribers") && text.contains("payload_bytes") && text.contains("1024"), text);
    }
}
