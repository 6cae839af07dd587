package io.boomscooter.engine.chaos;

import io.boomscooter.codecs.ingress.SubmitStatus;
import io.boomscooter.client.ProducerListener;
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
    private long highestCommit;

    ProducerRecord(final long producerId)
    {
        this.producerId = producerId;
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
