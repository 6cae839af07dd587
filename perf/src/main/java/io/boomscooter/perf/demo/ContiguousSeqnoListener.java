package io.boomscooter.perf.demo;

import io.boomscooter.client.SubscriberListener;
import org.agrona.DirectBuffer;

/**
 * Counts entries a subscriber receives, checks they arrive in seqno order with no gap and no duplicate,
 * and remembers the highest seqno received. Allocation-free.
 */
final class ContiguousSeqnoListener implements SubscriberListener
{
    private long nextSeqno;
    private long received;
    private long bytes;
    private long outOfOrder;
    private volatile long lastSeqno;

    ContiguousSeqnoListener(final long startSeqno)
    {
        this.nextSeqno = startSeqno;
        this.lastSeqno = startSeqno - 1;
    }

    public void onEntry(final int logId, final long seqno, final long timestampNs, final long producerId,
        final long producerSeqno, final DirectBuffer buffer, final int channelOffset, final int channelLength,
        final int keyOffset, final int keyLength, final int payloadOffset, final int payloadLength)
    {
        if (seqno != nextSeqno)
        {
            outOfOrder++;
        }
        nextSeqno = seqno + 1;
        received++;
        bytes += payloadLength;
        lastSeqno = seqno;
    }

    /**
     * @return the highest seqno received (readable from any thread).
     */
    long lastSeqno()
    {
        return lastSeqno;
    }

    long received()
    {
        return received;
    }

    long bytes()
    {
        return bytes;
    }

    /**
     * @return entries that did not follow their predecessor: a gap or a duplicate (must stay 0).
     */
    long outOfOrder()
    {
        return outOfOrder;
    }
}
