package io.boomscooter.engine.cluster;

import io.boomscooter.engine.Configuration;
import io.boomscooter.engine.log.Durability;
import io.boomscooter.engine.log.LogConfig;

import java.util.Locale;
import java.util.Properties;

/**
 * Segment and durability settings for a node's hosted logs, from its config file (or system properties, which
 * {@link Configuration#get} consults first). The keys are those of {@link LogConfig}.
 */
public final class ClusterLogConfig
{
    public static final String SEGMENT_LENGTH_PROP = "boomscooter.log.segment.length";
    public static final String MAX_ENTRY_PROP = "boomscooter.log.max.frame.length";
    public static final int SEGMENT_LENGTH_DEFAULT = 64 * 1024 * 1024;
    /**
     * Whole frames travel in one Aeron message, so a frame must fit the smallest term's max message.
     */
    public static final int MAX_FRAME_LENGTH_DEFAULT = 64 * 1024;

    private ClusterLogConfig()
    {
    }

    /**
     * @throws IllegalArgumentException naming the key when a durability value is not one of {@link Durability}.
     */
    public static LogConfig from(final Properties file)
    {
        final String durability = Configuration.get(file, LogConfig.DURABILITY_PROP, Durability.NONE.name());
        final Durability parsed;
        try
        {
            parsed = Durability.valueOf(durability.trim().toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(LogConfig.DURABILITY_PROP + " must be NONE, EVERY_N_ENTRIES or " +
                "EVERY_T_MICROS: " + durability, ex);
        }
        return new LogConfig()
            .segmentLength(Configuration.getInt(file, SEGMENT_LENGTH_PROP, SEGMENT_LENGTH_DEFAULT))
            .maxFrameLength(Configuration.getInt(file, MAX_ENTRY_PROP, MAX_FRAME_LENGTH_DEFAULT))
            .indexInterval(Configuration.getInt(file, LogConfig.INDEX_INTERVAL_PROP, LogConfig.INDEX_INTERVAL_DEFAULT))
            .durability(parsed)
            .forceEveryEntries(Configuration.getInt(file, LogConfig.FORCE_EVERY_ENTRIES_PROP, 1))
            .forceIntervalUs(Configuration.getInt(file, LogConfig.FORCE_INTERVAL_US_PROP, 1000))
            .verifyOnOpen(Boolean.parseBoolean(Configuration.get(file, LogConfig.VERIFY_ON_OPEN_PROP, "true")))
            // a background thread pre-allocates the next segment: neither appends nor doWork create files
            .preallocateOnAppend(false);
    }
}
