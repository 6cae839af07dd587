package io.boomscooter.engine.chaos;

import io.boomscooter.codecs.subscriber.DropReason;
import io.boomscooter.codecs.subscriber.SubscribeStatus;
import io.boomscooter.client.SubscriberListener;
import org.agrona.DirectBuffer;

import java.util.Arrays;

/**
 * What one chaos subscriber received from one node, across reconnects: (seqno, producer id, producer seqno)
 * per entry, in arrival order. The checker proves it is a gap-free prefix of the log, in order.
 */
final class SubscriberRecord implements SubscriberListener
{
    final int node;
    private long[] seqno = new long[4096];
    private long[] producerId = new long[4096];
    private long[] producerSeqno = new long[4096];
    private int count;
    private boolean ended;
    private String lastProblem;

    SubscriberRecord(final int node)
    {
        this.node = node;
    }

    public void onEntry(final int logId, final long seqno, final long timestampNs, final long producerId,
        final long producerSeqno, final DirectBuffer buffer, final int channelOffset, final int channelLength,
        final int keyOffset, final int keyLength, final int payloadOffset, final int payloadLength)
    {
        if (count == this.seqno.length)
        {
            this.seqno = Arrays.copyOf(this.seqno, count * 2);
            this.producerId = Arrays.copyOf(this.producerId, count * 2);
            this.producerSeqno = Arrays.copyOf(this.producerSeqno, count * 2);
        }
        this.seqno[count] = seqno;
        this.producerId[count] = producerId;
        this.producerSeqno[count] = producerSeqno;
        count++;
    }

    public void onSubscribeResponse(final long correlationId, final int logId, final SubscribeStatus status,
        final long earliestSeqno, final long commitSeqno, final String message)
    {
        if (status != SubscribeStatus.OK)
        {
            ended = true;
            lastProblem = status + ": " + message;
        }
    }

    public void onDropped(final long correlationId, final int logId, final DropReason reason, final long lastSeqno,
        final String message)
    {
        ended = true;
        lastProblem = reason + ": " + message;
    }

    public void onDisconnected()
    {
        ended = true;
    }

    /** @return true once the session ended and the subscriber should connect again from {@link #nextSeqno()}. */
    boolean ended()
    {
        return ended;
    }

    void restarted()
    {
        ended = false;
    }

    long nextSeqno()
    {
        return 0 == count ? 1 : seqno[count - 1] + 1;
    }

    int count()
    {
        return count;
    }

    long seqno(final int i)
    {
        return seqno[i];
    }

    long producerId(final int i)
    {
        return producerId[i];
    }

    long producerSeqno(final int i)
    {
        return producerSeqno[i];
    }

    void problem(final String problem)
    {
        lastProblem = problem;
    }

    String lastProblem()
    {
        return lastProblem;
    }
}
