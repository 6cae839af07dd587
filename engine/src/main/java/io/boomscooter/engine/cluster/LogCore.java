package io.boomscooter.engine.cluster;

import io.boomscooter.engine.RejectedMessageException;
import io.boomscooter.engine.log.LogReader;
import io.boomscooter.engine.log.LogWriter;
import org.agrona.ErrorHandler;

import java.nio.file.Path;

/**
 * What the role parts of one hosted log share: the segments, the epoch history and producer table
 * rebuilt from them, the commit seqno, counters and the cluster's publications. Each part (leader
 * replication, follower, producer ingress) reads it; only the part of the current role writes it.
 */
final class LogCore
{
    final int logId;
    final LogSettings settings;
    final ClusterConfig config;
    final int selfIndex;
    final int selfId;
    final ClusterTransport transport;
    final ErrorHandler errorHandler;
    final LogWriter writer;
    final EpochHistory epochs = new EpochHistory();
    final ProducerTable producerTable = new ProducerTable();
    final LogCounters counters;
    final ReplicationPublisher publisher = new ReplicationPublisher();
    private long commitSeqno;

    LogCore(final LogSettings settings, final ClusterConfig config, final LogWriter writer,
        final ClusterTransport transport, final LogCounters counters, final ErrorHandler errorHandler)
    {
        this.logId = settings.logId();
        this.settings = settings;
        this.config = config;
        this.selfIndex = config.memberIndex(config.nodeId());
        this.selfId = config.nodeId();
        this.writer = writer;
        this.transport = transport;
        this.counters = counters;
        this.errorHandler = errorHandler;
    }

    long commitSeqno()
    {
        return commitSeqno;
    }

    /**
     * Moves the commit seqno forward (never back) and publishes it.
     *
     * @return true when it moved.
     */
    boolean commit(final long seqno)
    {
        if (seqno > commitSeqno)
        {
            commitSeqno = seqno;
            counters.commitSeqno.setRelease(seqno);
            return true;
        }
        return false;
    }

    /**
     * The position this node counts as held for a quorum: with durability on, only what is durable.
     */
    long heldSeqno()
    {
        // equal to lastSeqno with durability NONE
        return writer.durableSeqno();
    }

    /**
     * Counts a refused message and records why; the reason is a constant.
     */
    void refuse(final String reason)
    {
        counters.rejected.increment();
        errorHandler.onError(new RejectedMessageException(reason));
    }

    /**
     * Rebuilds the epoch history and producer table from the segments (at start and after a truncation).
     */
    void rebuildFromLog()
    {
        producerTable.clear();
        epochs.clear();
        if (writer.lastSeqno() == 0)
        {
            return;
        }
        final Path logDir = writer.directory();
        try (LogReader reader = LogReader.open(logDir))
        {
            reader.seek(writer.firstSeqno());
            // every frame type: an epoch may begin with a leader marker
            while (reader.pollFrames((type, buffer, frameOffset, frameLength, seqno, epoch, timestampNs) ->
            {
                epochs.onAppend(epoch, seqno);
                producerTable.onFrame(buffer, frameOffset, seqno);
            }, 4096) > 0)
            {
                // scanning
            }
        }
    }
}
