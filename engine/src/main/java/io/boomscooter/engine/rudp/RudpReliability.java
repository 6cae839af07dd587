package io.boomscooter.engine.rudp;

/**
 * What a stream promises. {@link #RELIABLE}: sequenced, NAK-repaired, and {@code offer} is back-pressured when the
 * send window is full. {@link #DROP_OLDEST}: sequenced and repaired while it can be, but a full window evicts the
 * oldest unacknowledged packet ("latest value wins"); the receiver skips what was evicted and counts it.
 * {@link #FIRE_AND_FORGET}: no sequence, no repair; each message must fit in one packet.
 */
public enum RudpReliability
{
    RELIABLE, DROP_OLDEST, FIRE_AND_FORGET
}
