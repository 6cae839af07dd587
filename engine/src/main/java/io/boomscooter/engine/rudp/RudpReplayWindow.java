package io.boomscooter.engine.rudp;

/**
 * Anti-replay for one sender incarnation's nonces (4 random bytes fixed per incarnation, then a u64 counter that
 * rises by one per datagram): the highest counter seen and a 64-wide bitmap below it, as IPsec does. The endpoint
 * keeps one window per fixed part, not per source address, so a datagram replayed from another address is caught
 * too. Checked only after the datagram's tag verified, so forged datagrams cannot move a window or add one.
 */
final class RudpReplayWindow
{
    private boolean started;
    private long highest;
    private long bitmap;

    /**
     * @return true when the counter was not seen before (and records it); false for a replay or one too old.
     */
    boolean accept(final long counter)
    {
        if (!started)
        {
            started = true;
            highest = counter;
            bitmap = 1;
            return true;
        }
        if (counter > highest)
        {
            final long shift = counter - highest;
            bitmap = shift >= 64 ? 1 : (bitmap << shift) | 1;
            highest = counter;
            return true;
        }
        final long age = highest - counter;
        if (age >= 64)
        {
            return false;
        }
        final long bit = 1L << age;
        if ((bitmap & bit) != 0)
        {
            return false;
        }
        bitmap |= bit;
        return true;
    }
}
