package io.boomscooter.engine.log;

/**
 * Settings of a {@link LogWriter}, with fluent setters; {@link #conclude()} validates them once.
 * Defaults can come from system properties named {@code boomscooter.log.*}.
 */
public final class LogConfig
{
    public static final String SEGMENT_LENGTH_PROP = "boomscooter.log.segment.length";
    public static final String INDEX_INTERVAL_PROP = "boomscooter.log.index.interval";
    public static final String DURABILITY_PROP = "boomscooter.log.durability";
    public static final String FORCE_EVERY_ENTRIES_PROP = "boomscooter.log.force.every.entries";
    public static final String FORCE_INTERVAL_US_PROP = "boomscooter.log.force.interval.us";
    public static final String VERIFY_ON_OPEN_PROP = "boomscooter.log.verify.on.open";

    public static final int SEGMENT_LENGTH_DEFAULT = 64 * 1024 * 1024;
    public static final int INDEX_INTERVAL_DEFAULT = 64;

    private int segmentLength = Integer.getInteger(SEGMENT_LENGTH_PROP, SEGMENT_LENGTH_DEFAULT);
    private int indexInterval = Integer.getInteger(INDEX_INTERVAL_PROP, INDEX_INTERVAL_DEFAULT);
    private Durability durability = Durability.valueOf(System.getProperty(DURABILITY_PROP, "NONE"));
    private int forceEveryEntries = Integer.getInteger(FORCE_EVERY_ENTRIES_PROP, 1);
    private long forceIntervalUs = Long.getLong(FORCE_INTERVAL_US_PROP, 1000);
    private boolean verifyOnOpen = Boolean.parseBoolean(System.getProperty(VERIFY_ON_OPEN_PROP, "true"));
    private boolean preTouch = false;
    private boolean preallocateOnAppend = true;
    private int maxFrameLength = 0;
    private boolean concluded;

    /** @param segmentLength bytes per segment file: a multiple of 4096 in [64 KiB, 1 GiB]. */
    public LogConfig segmentLength(final int segmentLength)
    {
        this.segmentLength = segmentLength;
        return this;
    }

    public int segmentLength()
    {
        return segmentLength;
    }

    /** @param indexInterval one sparse index slot every this many entries. */
    public LogConfig indexInterval(final int indexInterval)
    {
        this.indexInterval = indexInterval;
        return this;
    }

    public int indexInterval()
    {
        return indexInterval;
    }

    public LogConfig durability(final Durability durability)
    {
        this.durability = durability;
        return this;
    }

    public Durability durability()
    {
        return durability;
    }

    public LogConfig forceEveryEntries(final int forceEveryEntries)
    {
        this.forceEveryEntries = forceEveryEntries;
        return this;
    }

    public int forceEveryEntries()
    {
        return forceEveryEntries;
    }

    public LogConfig forceIntervalUs(final long forceIntervalUs)
    {
        this.forceIntervalUs = forceIntervalUs;
        return this;
    }

    public long forceIntervalUs()
    {
        return forceIntervalUs;
    }

    /**
     * @param verifyOnOpen check the CRC32C of every frame of every sealed segment when the writer opens, so damage
     *                     is found at start rather than by a subscriber or a replica; the open segment is always
     *                     checked. Costs a read of the whole log at start (about a second per GB from disk).
     */
    public LogConfig verifyOnOpen(final boolean verifyOnOpen)
    {
        this.verifyOnOpen = verifyOnOpen;
        return this;
    }

    public boolean verifyOnOpen()
    {
        return verifyOnOpen;
    }

    /** @param preTouch write every page of a pre-allocated segment so the first append to it takes no page fault. */
    public LogConfig preTouch(final boolean preTouch)
    {
        this.preTouch = preTouch;
        return this;
    }

    public boolean preTouch()
    {
        return preTouch;
    }

    /**
     * @param preallocateOnAppend true (default): the append or doWork that crosses the half-way mark pre-allocates
     *                            the next segment on the writer's thread. Turn off when an agent calls doWork:
     *                            then a background thread ({@link SegmentPreallocator}) does it and neither
     *                            appends nor the duty cycle create or map files.
     */
    public LogConfig preallocateOnAppend(final boolean preallocateOnAppend)
    {
        this.preallocateOnAppend = preallocateOnAppend;
        return this;
    }

    public boolean preallocateOnAppend()
    {
        return preallocateOnAppend;
    }

    /** @param maxFrameLength longest frame accepted, header included; 0 means as long as a segment allows. */
    public LogConfig maxFrameLength(final int maxFrameLength)
    {
        this.maxFrameLength = maxFrameLength;
        return this;
    }

    public int maxFrameLength()
    {
        return maxFrameLength;
    }

    /**
     * Validates the settings once.
     *
     * @return this.
     * @throws IllegalArgumentException naming the bad setting.
     */
    public LogConfig conclude()
    {
        if (concluded)
        {
            return this;
        }
        if (segmentLength < LogFormat.MIN_SEGMENT_LENGTH || segmentLength > LogFormat.MAX_SEGMENT_LENGTH ||
            (segmentLength & 4095) != 0)
        {
            throw new IllegalArgumentException("segmentLength must be a multiple of 4096 in [" +
                LogFormat.MIN_SEGMENT_LENGTH + ", " + LogFormat.MAX_SEGMENT_LENGTH + "]: " + segmentLength);
        }
        if (indexInterval < 1 || indexInterval > 1 << 20)
        {
            throw new IllegalArgumentException("indexInterval must be in [1, 2^20]: " + indexInterval);
        }
        if (null == durability)
        {
            throw new IllegalArgumentException("durability must be set");
        }
        if (forceEveryEntries < 1 || forceIntervalUs < 1)
        {
            throw new IllegalArgumentException("forceEveryEntries and forceIntervalUs must be positive");
        }
        final int segmentMax = LogFormat.maxFrameLength(segmentLength);
        if (0 == maxFrameLength || maxFrameLength > segmentMax)
        {
            maxFrameLength = segmentMax;
        }
        if (maxFrameLength < LogFormat.MIN_ENTRY_FRAME_LENGTH)
        {
            throw new IllegalArgumentException("maxFrameLength too small: " + maxFrameLength);
        }
        concluded = true;
        return this;
    }
}
