package io.boomscooter.engine.chaos;

import org.agrona.collections.Long2LongHashMap;

import java.util.ArrayList;
import java.util.List;

/**
 * The verdict of a chaos run, from the producers' own records and every node's log:
 * <ul>
 *     <li>every entry a producer saw committed is in every node's log exactly once, at the seqno it was acked
 *     at, and each producer's entries are in producer-seqno order (nothing lost, duplicated or reordered);</li>
 *     <li>no two nodes disagree on any seqno both hold up to the highest commit any producer saw;</li>
 *     <li>each subscriber received a gap-free prefix of the log's entries, in order, matching the log.</li>
 * </ul>
 */
final class ChaosChecker
{
    private static final int MAX_REPORTED = 20;

    private final List<String> violations = new ArrayList<>();
    private int violationCount;
    private long committedEntries;

    boolean passed()
    {
        return 0 == violationCount;
    }

    int violationCount()
    {
        return violationCount;
    }

    List<String> violations()
    {
        return violations;
    }

    long committedEntries()
    {
        return committedEntries;
    }

    ChaosChecker check(final List<NodeLogContents> logs, final List<ProducerRecord> producers,
        final List<SubscriberRecord> subscribers)
    {
        for (final NodeLogContents log : logs)
        {
            if (null != log.problem())
            {
                violation("node " + log.node + " log unreadable: " + log.problem());
            }
            checkOncePerProducerInOrder(log);
        }
        long highestCommit = 0;
        for (final ProducerRecord producer : producers)
        {
            final long committed = producer.committedCount();
            committedEntries += committed;
            for (int i = 0; i < producer.ackCount(); i++)
            {
                if (producer.ackCommitted(i))
                {
                    highestCommit = Math.max(highestCommit, producer.ackSeqno(i));
                    for (final NodeLogContents log : logs)
                    {
                        final long seqno = producer.ackSeqno(i);
                        if (log.producerId(seqno) != producer.producerId ||
                            log.producerSeqno(seqno) != producer.ackProducerSeqno(i))
                        {
                            violation("lost: producer " + producer.producerId + " seqno " + producer.ackProducerSeqno(i) +
                                " committed at log seqno " + seqno + ", node " + log.node + " holds producer " +
                                log.producerId(seqno) + " seqno " + log.producerSeqno(seqno) + " there");
                        }
                    }
                }
            }
            for (final NodeLogContents log : logs)
            {
                checkAllPresent(log, producer.producerId, committed);
            }
        }
        checkAgreement(logs, highestCommit);
        for (final SubscriberRecord subscriber : subscribers)
        {
            checkSubscriber(subscriber, logs.get(subscriber.node - 1));
        }
        return this;
    }

    private void checkOncePerProducerInOrder(final NodeLogContents log)
    {
        final Long2LongHashMap lastByProducer = new Long2LongHashMap(0);
        for (long seqno = 1; seqno <= log.lastSeqno(); seqno++)
        {
            final long id = log.producerId(seqno);
            if (0 == id)
            {
                continue;
            }
            final long ps = log.producerSeqno(seqno);
            final long previous = lastByProducer.get(id);
            if (ps <= previous)
            {
                violation((ps == previous ? "duplicated" : "reordered") + ": node " + log.node + " seqno " + seqno +
                    " holds producer " + id + " seqno " + ps + " after seqno " + previous);
            }
            lastByProducer.put(id, Math.max(previous, ps));
        }
    }

    private void checkAllPresent(final NodeLogContents log, final long producerId, final long committed)
    {
        long expected = 1;
        for (long seqno = 1; seqno <= log.lastSeqno() && expected <= committed; seqno++)
        {
            if (log.producerId(seqno) == producerId && log.producerSeqno(seqno) == expected)
            {
                expected++;
            }
        }
        if (expected <= committed)
        {
            violation("lost: node " + log.node + " lacks producer " + producerId + " seqno " + expected +
                " (committed up to " + committed + ")");
        }
    }

    private void checkAgreement(final List<NodeLogContents> logs, final long highestCommit)
    {
        final NodeLogContents first = logs.get(0);
        for (int n = 1; n < logs.size(); n++)
        {
            final NodeLogContents other = logs.get(n);
            final long end = Math.min(highestCommit, Math.min(first.lastSeqno(), other.lastSeqno()));
            for (long seqno = 1; seqno <= end; seqno++)
            {
                if (first.producerId(seqno) != other.producerId(seqno) ||
                    first.producerSeqno(seqno) != other.producerSeqno(seqno))
                {
                    violation("disagree: committed seqno " + seqno + " is producer " + first.producerId(seqno) + "/" +
                        first.producerSeqno(seqno) + " on node " + first.node + " but " + other.producerId(seqno) + "/" +
                        other.producerSeqno(seqno) + " on node " + other.node);
                    break;
                }
            }
        }
    }

    private void checkSubscriber(final SubscriberRecord subscriber, final NodeLogContents log)
    {
        long expectedSeqno = 1;
        for (int i = 0; i < subscriber.count(); i++)
        {
            while (expectedSeqno <= log.lastSeqno() && 0 == log.producerId(expectedSeqno))
            {
                expectedSeqno++; // not an entry (a leader's marker): subscribers never see it
            }
            final long seqno = subscriber.seqno(i);
            if (seqno != expectedSeqno)
            {
                violation("subscriber of node " + subscriber.node + ": entry " + i + " has seqno " + seqno +
                    ", expected " + expectedSeqno + (seqno > expectedSeqno ? " (gap)" : " (repeat or out of order)"));
                return;
            }
            if (subscriber.producerId(i) != log.producerId(seqno) || subscriber.producerSeqno(i) != log.producerSeqno(seqno))
            {
                violation("subscriber of node " + subscriber.node + ": seqno " + seqno + " delivered producer " +
                    subscriber.producerId(i) + "/" + subscriber.producerSeqno(i) + ", the log holds " +
                    log.producerId(seqno) + "/" + log.producerSeqno(seqno));
                return;
            }
            expectedSeqno++;
        }
    }

    private void violation(final String text)
    {
        violationCount++;
        if (violations.size() < MAX_REPORTED)
        {
            violations.add(text);
        }
    }
}
