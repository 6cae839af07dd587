package io.boomscooter.engine.cluster;

import io.boomscooter.engine.log.LogFormat;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;

import java.nio.ByteOrder;

/**
 * For each producer of a log, the producer seqno and the log seqno of its newest entry. Every node keeps
 * it as it appends (leaders from ingress, replicas from replicated frames), so a newly promoted leader
 * deduplicates re-sends at once. Primitive maps: no allocation per entry once a producer is known.
 */
final class ProducerTable
{
    static final int PRODUCER_ID_OFFSET = LogFormat.FRAME_HEADER_LENGTH + LogFormat.ENTRY_PRODUCER_ID_OFFSET;
    static final int PRODUCER_SEQNO_OFFSET = LogFormat.FRAME_HEADER_LENGTH + LogFormat.ENTRY_PRODUCER_SEQNO_OFFSET;

    private final Long2LongHashMap lastProducerSeqno = new Long2LongHashMap(0);
    private final Long2LongHashMap lastSeqno = new Long2LongHashMap(0);

    /**
     * @return the producer seqno of the producer's newest entry, 0 when it has none.
     */
    long lastProducerSeqno(final long producerId)
    {
        return lastProducerSeqno.get(producerId);
    }

    /**
     * @return the log seqno of the producer's newest entry, 0 when it has none.
     */
    long lastSeqno(final long producerId)
    {
        return lastSeqno.get(producerId);
    }

    void onAppend(final long producerId, final long producerSeqno, final long seqno)
    {
        lastProducerSeqno.put(producerId, producerSeqno);
        lastSeqno.put(producerId, seqno);
    }

    /**
     * Records the entry in a verified frame; frames of other types are ignored.
     */
    void onFrame(final DirectBuffer buffer, final int frameOffset, final long seqno)
    {
        if (LogFormat.TYPE_ENTRY != LogFormat.frameType(buffer, frameOffset))
        {
            return; // leader markers and family frames carry no producer
        }
        onAppend(buffer.getLong(frameOffset + PRODUCER_ID_OFFSET, ByteOrder.LITTLE_ENDIAN),
            buffer.getLong(frameOffset + PRODUCER_SEQNO_OFFSET, ByteOrder.LITTLE_ENDIAN), seqno);
    }

    void clear()
    {
        lastProducerSeqno.clear();
        lastSeqno.clear();
    }
}
