package io.boomscooter.engine.chaos;

import io.boomscooter.codecs.ingress.SubmitStatus;
import io.boomscooter.client.ProducerListener;
import org.HdrHistogram.Histogram;
import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * What one chaos producer saw: every ack (producer seqno, log seqno, epoch) and, per epoch, the highest commit
 * seqno announced in it. An ack counts as committed only under a commit of its own epoch: an entry acked by a
 * leader that was then deposed may be gone, and that is allowed; one acked and committed may not.
 */
final class ProducerRecord implements ProducerListener
{
    final long producerId;
    private long[] ackProducerSeqno = new long[1024];
    private long[] ackSeqno = new long[1024];
    private long[] ackEpoch = new long[1024];
    private int ackCount;
    private final Long2LongHashMap commitByEpoch = new Long2LongHashMap(0);
    private final Long2LongHashMap firstAckByEpoch = new Long2LongHashMap(0);
    private final Long2LongHashMap firstCommitNsByEpoch = new Long2LongHashMap(0);
    private long lastCommitMoveNs = System.nanoTime();
    private long longestStallNs;
    private volatile long highestCommit;
    private long[] sentNs = new long[1024];
    private long nextLatencySeqno = 1;
    private int latencyCursor;
    private long recordLatencyFromNs = Long.MAX_VALUE;
    private final Histogram commitLatencyNs = new Histogram(3);

    ProducerRecord(final long producerId)
    {
        this.producerId = producerId;
    }

    /**
     * Measures commit latency (offer to the commit an ack of the same epoch says covers the entry) of the
     * entries sent from now on; called before the first {@link #sent}.
     */
    void recordLatencyFrom(final long nowNs)
    {
        recordLatencyFromNs = nowNs;
    }

    /** The producer offered its entry {@code producerSeqno} at {@code nowNs}. */
    void sent(final long producerSeqno, final long nowNs)
    {
        if (producerSeqno >= sentNs.length)
        {
            sentNs = Arrays.copyOf(sentNs, (int)Math.max(producerSeqno + 1, sentNs.length * 2L));
        }
        sentNs[(int)producerSeqno] = nowNs;
    }

    /**
     * Acks are cumulative (every entry up to the ack's producer seqno is appended at seqnos up to its seqno),
     * so an entry counts as committed when a commit of the ack's epoch reaches the ack's seqno: at most the
     * true latency plus one ack interval. Entries acked in an epoch that never committed them are counted
     * when a later epoch acks and commits them, from their first offer: what the producer waited.
     */
    private void recordLatencies(final long commitSeqno, final long epoch)
    {
        long nowNs = 0;
        while (latencyCursor < ackCount)
        {
            final long ackedEpoch = ackEpoch[latencyCursor];
            if (ackedEpoch > epoch || (ackedEpoch == epoch && ackSeqno[latencyCursor] > commitSeqno))
            {
                break;
            }
            if (ackedEpoch == epoch)
            {
                nowNs = 0 == nowNs ? System.nanoTime() : nowNs;
                final long upTo = ackProducerSeqno[latencyCursor];
                for (long p = nextLatencySeqno; p <= upTo && p < sentNs.length; p++)
                {
                    final long sent = sentNs[(int)p];
                    if (sent >= recordLatencyFromNs)
                    {
                        commitLatencyNs.recordValue(Math.max(0, nowNs - sent));
                    }
                }
                nextLatencySeqno = Math.max(nextLatencySeqno, upTo + 1);
            }
            latencyCursor++;
        }
    }

    /** @return offer-to-commit latencies of the entries sent since {@link #recordLatencyFrom}, in ns. */
    Histogram commitLatencyNs()
    {
        return commitLatencyNs;
    }

    long highestCommit()
    {
        return highestCommit;
    }

    public void onAck(final int logId, final long producerSeqno, final long seqno, final long commitSeqno,
        final long timestampNs, final SubmitStatus status, final long epoch)
    {
        if (status == SubmitStatus.APPENDED)
        {
            if (ackCount == ackSeqno.length)
            {
                ackProducerSeqno = Arrays.copyOf(ackProducerSeqno, ackCount * 2);
                ackSeqno = Arrays.copyOf(ackSeqno, ackCount * 2);
                ackEpoch = Arrays.copyOf(ackEpoch, ackCount * 2);
            }
            ackProducerSeqno[ackCount] = producerSeqno;
            ackSeqno[ackCount] = seqno;
            ackEpoch[ackCount] = epoch;
            ackCount++;
            if (0 == firstAckByEpoch.get(epoch))
            {
                firstAckByEpoch.put(epoch, seqno);
            }
        }
        onCommit(logId, commitSeqno, epoch);
    }

    public void onCommit(final int logId, final long commitSeqno, final long epoch)
    {
        if (commitSeqno > commitByEpoch.get(epoch))
        {
            commitByEpoch.put(epoch, commitSeqno);
        }
        final long firstAck = firstAckByEpoch.get(epoch);
        if (0 != firstAck && commitSeqno >= firstAck && 0 == firstCommitNsByEpoch.get(epoch))
        {
            firstCommitNsByEpoch.put(epoch, System.nanoTime());
        }
        if (commitSeqno > highestCommit)
        {
            highestCommit = commitSeqno;
            lastCommitMoveNs = System.nanoTime();
        }
        recordLatencies(commitSeqno, epoch);
    }

    public void onReject(final int logId, final long producerSeqno, final long expected, final SubmitStatus status)
    {
    }

    /**
     * Called while the producer has entries waiting, to measure how long commits stood still.
     */
    void waiting(final long nowNs)
    {
        longestStallNs = Math.max(longestStallNs, nowNs - lastCommitMoveNs);
    }

    void idle(final long nowNs)
    {
        lastCommitMoveNs = nowNs;
    }

    /**
     * @return when this producer first saw one of its entries committed in an epoch above the given one
     * (System.nanoTime), or 0 if it never did: the end of a failover, as a producer sees it.
     */
    long firstCommitNsAfter(final long epoch)
    {
        long first = 0;
        final Long2LongHashMap.KeyIterator epochs = firstCommitNsByEpoch.keySet().iterator();
        while (epochs.hasNext())
        {
            final long e = epochs.nextValue();
            final long ns = firstCommitNsByEpoch.get(e);
            if (e > epoch && (0 == first || ns - first < 0))
            {
                first = ns;
            }
        }
        return first;
    }

    long longestStallNs()
    {
        return longestStallNs;
    }

    int ackCount()
    {
        return ackCount;
    }

    long ackProducerSeqno(final int i)
    {
        return ackProducerSeqno[i];
    }

    long ackSeqno(final int i)
    {
        return ackSeqno[i];
    }

    boolean ackCommitted(final int i)
    {
        return commitByEpoch.get(ackEpoch[i]) >= ackSeqno[i];
    }

    /** @return how many distinct producer seqnos this producer saw committed. */
    long committedCount()
    {
        long highest = 0;
        for (int i = 0; i < ackCount; i++)
        {
            if (ackCommitted(i))
            {
                highest = Math.max(highest, ackProducerSeqno[i]);
            }
        }
        return highest;
    }
}
