package io.boomscooter.engine.log;

/**
 * When the writer forces mapped pages to the storage device.
 */
public enum Durability
{
    /** Never force: entries survive a process crash (page cache) but not a machine crash. */
    NONE,
    /** Force after every {@link LogConfig#forceEveryEntries()} appended entries. */
    EVERY_N_ENTRIES,
    /** Force when {@link LogConfig#forceIntervalUs()} has passed since the last force (checked on append and doWork). */
    EVERY_T_MICROS
}
