package io.boomscooter.engine.cluster;

import io.boomscooter.engine.Configuration;
import io.boomscooter.engine.log.Durability;
import io.boomscooter.engine.log.LogConfig;

import java.util.Properties;

/**
 * Segment settings for a node's hosted logs, from its config file.
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

    public static LogConfig from(final Properties file)
    {
        return new LogConfig()
            .segmentLength(Configuration.getInt(file, SEGMENT_LENGTH_PROP, SEGMENT_LENGTH_DEFAULT))
            .maxFrameLength(Configuration.getInt(file, MAX_ENTRY_PROP, MAX_FRAME_LENGTH_DEFAULT))
            .durability(Durability.NONE)
            // the hosted log's doWork pre-allocates the next segment, off the append path
            .preallocateOnAppend(false);
    }
}
