package io.boomscooter.perf.cluster;

import io.boomscooter.driver.DriverProfile;
import io.boomscooter.perf.BenchSettings;
import io.boomscooter.perf.RunResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Aeron Cluster baseline end to end: three members elect a leader, the echo service returns every
 * message once and in order, and the whole cluster shuts down leaving no thread and no directory behind;
 * with one shared driver and with a driver per member.
 */
class AeronClusterBaselineTest
{
    @ParameterizedTest(name = "driver per node: {0}")
    @ValueSource(booleans = { false, true })
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void electsEchoesEveryMessageOnceInOrderAndShutsDownCleanly(final boolean driverPerNode)
    {
        final Set<Thread> threadsBefore = new HashSet<>(Thread.getAllStackTraces().keySet());
        final BenchSettings settings = new BenchSettings().profile(DriverProfile.SMALL).seconds(1).warmupSeconds(0)
            .ratePerSecond(2_000).driverPerNode(driverPerNode).drainTimeoutNs(TimeUnit.SECONDS.toNanos(5));
        final AeronClusterBaseline baseline = new AeronClusterBaseline(settings);

        final RunResult result = baseline.latency();

        assertEquals(2_000, baseline.sent(), 2, "open-loop at 2,000/s for 1 s");
        assertEquals(baseline.sent(), baseline.received(), "every message echoed");
        assertEquals(0, baseline.outOfOrder(), "echoes once each, in sequence");
        assertEquals(0, result.lost());
        assertEquals(baseline.sent(), result.histogram().getTotalCount(), "every round trip recorded");
        assertTrue(result.percentileUs(50) > 0);
        // drivers (1 shared, or 3 + the client's), archive + consensus module + service per member, client
        assertEquals((driverPerNode ? 4 : 1) + 9 + 1, baseline.threads());
        assertTrue(baseline.configuration().contains("Aeron Cluster 1.51.0"), baseline.configuration());

        assertFalse(baseline.directories().isEmpty());
        for (final File dir : baseline.directories())
        {
            assertFalse(dir.exists(), dir + " left behind");
        }
        final Set<String> leftover = Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && !threadsBefore.contains(t))
            .map(Thread::getName)
            .collect(Collectors.toSet());
        assertTrue(leftover.isEmpty(), "threads left running: " + leftover);
    }
}
