package io.boomscooter.engine.log;

import io.boomscooter.engine.cluster.ClusterLogConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9 item 8: a node's configured durability reaches its logs, and durableSeqno tells the cluster what a
 * force has made durable under each policy.
 */
class LogDurabilityTest
{
    @TempDir
    Path tmp;

    @Test
    void clusterLogConfigHonoursTheDurabilityKeys()
    {
        final Properties file = new Properties();
        assertEquals(Durability.NONE, ClusterLogConfig.from(file).durability(), "default");
        file.setProperty(LogConfig.DURABILITY_PROP, "EVERY_N_ENTRIES");
        file.setProperty(LogConfig.FORCE_EVERY_ENTRIES_PROP, "16");
        file.setProperty(LogConfig.FORCE_INTERVAL_US_PROP, "2500");
        file.setProperty(LogConfig.VERIFY_ON_OPEN_PROP, "false");
        final LogConfig cfg = ClusterLogConfig.from(file);
        assertEquals(Durability.EVERY_N_ENTRIES, cfg.durability());
        assertEquals(16, cfg.forceEveryEntries());
        assertEquals(2500, cfg.forceIntervalUs());
        assertEquals(false, cfg.verifyOnOpen());
        assertEquals(false, cfg.preallocateOnAppend(), "still pre-allocated off the append path");

        file.setProperty(LogConfig.DURABILITY_PROP, "every_t_micros");
        assertEquals(Durability.EVERY_T_MICROS, ClusterLogConfig.from(file).durability());
        file.setProperty(LogConfig.DURABILITY_PROP, "SOMETIMES");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> ClusterLogConfig.from(file));
        assertTrue(ex.getMessage().contains(LogConfig.DURABILITY_PROP), ex.getMessage());
    }

    @Test
    void everyNEntriesAdvancesDurableSeqnoEveryNAppendsAndDoWorkMakesATrickleDurable()
    {
        final LogConfig cfg = LogTestSupport.smallSegments().durability(Durability.EVERY_N_ENTRIES)
            .forceEveryEntries(4).forceIntervalUs(1000);
        try (LogWriter writer = LogWriter.open(tmp.resolve("log"), cfg))
        {
            assertEquals(0, writer.durableSeqno());
            for (int i = 1; i <= 3; i++)
            {
                LogTestSupport.appendDeterministic(writer);
                assertEquals(0, writer.durableSeqno(), "not forced before the 4th entry");
            }
            LogTestSupport.appendDeterministic(writer);
            assertEquals(4, writer.durableSeqno(), "forced at the 4th");
            for (int i = 5; i <= 9; i++)
            {
                LogTestSupport.appendDeterministic(writer);
            }
            assertEquals(8, writer.durableSeqno());
            // The 9th sits unforced until doWork finds forceIntervalUs passed: a trickle still becomes durable.
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (writer.durableSeqno() < 9 && System.nanoTime() < deadline)
            {
                writer.doWork();
            }
            assertEquals(9, writer.durableSeqno());
        }
        try (LogWriter reopened = LogWriter.open(tmp.resolve("log"), cfg))
        {
            assertEquals(9, reopened.durableSeqno(), "everything recovered is durable");
        }
    }

    @Test
    void noneReportsEveryAppendAsDurableInThePageCache()
    {
        try (LogWriter writer = LogWriter.open(tmp.resolve("log"),
            LogTestSupport.smallSegments().durability(Durability.NONE)))
        {
            LogTestSupport.appendDeterministic(writer);
            LogTestSupport.appendDeterministic(writer);
            assertEquals(2, writer.durableSeqno());
        }
    }
}
