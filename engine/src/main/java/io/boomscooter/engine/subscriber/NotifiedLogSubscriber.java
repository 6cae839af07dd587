package io.boomscooter.engine.subscriber;

import io.boomscooter.client.SubscriberClient;
import io.boomscooter.client.SubscriberListener;
import io.boomscooter.client.SubscribeRequest;

import io.boomscooter.codecs.subscriber.SubscribeStatus;
import io.boomscooter.engine.log.LogEntryView;
import io.boomscooter.engine.log.LogFrameHandler;
import io.boomscooter.engine.log.LogReader;
import org.agrona.DirectBuffer;

import java.nio.file.Path;

/**
 * A subscriber on the node's host that reads committed entries straight from the mapped segment files:
 * the node only sends notifications (commit seqno, segment, written size) and this class reads the
 * entries with a {@link LogReader} up to the commit seqno it was told, so it never delivers an entry
 * before it is committed. Entries, notifications and the rest go to one {@link SubscriberListener}.
 */
public final class NotifiedLogSubscriber implements AutoCloseable
{
    private final SubscriberClient client;
    private final LogReader reader;
    private final int logId;
    private final long startSeqno;
    private final SubscriberListener relay = new Relay();
    private final LogFrameHandler frameHandler = this::onFrame;
    private SubscriberListener listener;
    private long commitSeqno;
    private boolean positioned;

    /**
     * @param client     connected to the node (TCP or Aeron).
     * @param logDir     the node's directory of the log, on this host.
     * @param logId      the log.
     * @param startSeqno first seqno to deliver.
     */
    public NotifiedLogSubscriber(final SubscriberClient client, final Path logDir, final int logId, final long startSeqno)
    {
        this.client = client;
        this.reader = LogReader.open(logDir);
        this.logId = logId;
        this.startSeqno = startSeqno;
    }

    /**
     * Sends the notification-only Subscribe, after the authentication handshake when the client was given
     * credentials ({@link SubscriberClient#credentials}) and has not authenticated yet.
     *
     * @param intervalMs 0 for a notification after every commit advance, else at most one per interval.
     * @param credentials the node's shared secret ({@code boomscooter.subscriber.credentials}), or "".
     */
    public long subscribe(final long intervalMs, final String credentials)
    {
        return client.subscribe(new SubscribeRequest().logId(logId).startSeqno(startSeqno).notifyOnly(intervalMs)
            .credentials(credentials));
    }

    /**
     * Reads notifications, then committed entries from the files.
     *
     * @param limit most entries to deliver.
     * @return work done, or -1 once the node closed the session.
     */
    public int poll(final SubscriberListener listener, final int limit)
    {
        this.listener = listener;
        final int polled = client.poll(relay);
        if (polled < 0)
        {
            return polled;
        }
        if (!positioned)
        {
            if (commitSeqno < startSeqno - 1 || LogReader.SEEK_OK != reader.seek(startSeqno))
            {
                return polled;
            }
            positioned = true;
        }
        final long behind = commitSeqno - reader.nextSeqno() + 1;
        if (behind <= 0)
        {
            return polled;
        }
        final int read = reader.poll(frameHandler, (int)Math.min(limit, behind));
        if (read < 0)
        {
            throw new IllegalStateException(LogReader.TRIMMED == read ? "log trimmed below the reader" :
                reader.corruptDescription());
        }
        return polled + read;
    }

    /**
     * @return the seqno the next entry will have.
     */
    public long nextSeqno()
    {
        return positioned ? reader.nextSeqno() : startSeqno;
    }

    private void onFrame(final DirectBuffer buffer, final int frameOffset, final int frameLength, final long seqno,
        final long epoch, final long timestampNs)
    {
        final LogEntryView view = reader.entryView();
        if (!view.wrap(buffer, frameOffset, frameLength))
        {
            throw new IllegalStateException("malformed entry " + seqno + ": " + view.error());
        }
        listener.onEntry(logId, seqno, timestampNs, view.producerId(), view.producerSeqno(), buffer,
            view.channelOffset(), view.channelLength(), view.keyOffset(), view.keyLength(), view.payloadOffset(),
            view.payloadLength());
    }

    public void close()
    {
        reader.close();
        client.close();
    }

    private final class Relay implements SubscriberListener
    {
        public void onSubscribeResponse(final long correlationId, final int logId, final SubscribeStatus status,
            final long earliestSeqno, final long commitSeqno, final String message)
        {
            listener.onSubscribeResponse(correlationId, logId, status, earliestSeqno, commitSeqno, message);
        }

        public void onLogProgress(final int logId, final long segmentBaseSeqno, final long writtenSize,
            final long commitSeqno, final DirectBuffer fileName, final int fileNameOffset, final int fileNameLength)
        {
            if (logId == NotifiedLogSubscriber.this.logId && commitSeqno > NotifiedLogSubscriber.this.commitSeqno)
            {
                NotifiedLogSubscriber.this.commitSeqno = commitSeqno;
            }
            listener.onLogProgress(logId, segmentBaseSeqno, writtenSize, commitSeqno, fileName, fileNameOffset,
                fileNameLength);
        }

        public void onSegmentCreated(final int logId, final long segmentBaseSeqno, final long segmentLength,
            final DirectBuffer fileName, final int fileNameOffset, final int fileNameLength)
        {
            listener.onSegmentCreated(logId, segmentBaseSeqno, segmentLength, fileName, fileNameOffset, fileNameLength);
        }

        public void onDropped(final long correlationId, final int logId,
            final io.boomscooter.codecs.subscriber.DropReason reason, final long lastSeqno, final String message)
        {
            listener.onDropped(correlationId, logId, reason, lastSeqno, message);
        }

        public void onAuthResult(final io.boomscooter.codecs.subscriber.AuthStatus status, final String message)
        {
            listener.onAuthResult(status, message);
        }

        public void onDisconnected()
        {
            listener.onDisconnected();
        }
    }
}
