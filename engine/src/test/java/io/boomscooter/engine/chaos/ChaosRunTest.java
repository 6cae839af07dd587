package io.boomscooter.engine.chaos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A short random-fault run with a fixed seed, as CI runs it: real node processes on namespace hosts (loopback
 * where namespaces cannot be made, kills and freezes only), then the checker's verdict.
 */
class ChaosRunTest
{
    @TempDir
    Path tmp;

    @Test
    void fixedSeedRandomFaultsLoseDuplicateOrReorderNothing() throws Exception
    {
        final ChaosResult result = new ChaosRun(tmp, 3, 20261201L, TimeUnit.SECONDS.toNanos(120), 500, true, "",
            System.out).run();
        System.out.println(result.summary());
        result.history().forEach(System.out::println);
        assertTrue(result.faults() >= 12, "the nemesis injected faults: " + result.summary());
        assertTrue(result.committedEntries() > 50_000, "the cluster made progress: " + result.summary());
        assertTrue(result.passed(), result.summary() + "\n" + String.join("\n", result.violations()));
    }
}
