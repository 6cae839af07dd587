package io.boomscooter.engine.cluster;

/**
 * How up to date this node's copy of a log is, as an {@link Election} compares it with a candidate's.
 */
interface LogPosition
{
    long lastSeqno();

    /**
     * @return the epoch of the last entry held (0 when empty).
     */
    long lastEpoch();
}
