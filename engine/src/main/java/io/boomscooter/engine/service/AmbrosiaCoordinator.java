package io.boomscooter.engine.service;

import io.boomscooter.driver.tcp.TcpDisconnectReason;
import io.boomscooter.driver.tcp.TcpFrameHandler;
import io.boomscooter.driver.tcp.TcpTransportPoller;
import io.boomscooter.engine.CounterTypes;
import io.boomscooter.engine.RejectedMessageException;
import io.boomscooter.engine.family.CommittedFrames;
import io.boomscooter.engine.family.FamilyContext;
import io.boomscooter.engine.family.FamilyLog;
import io.boomscooter.engine.log.FrameTypes;
import io.boomscooter.engine.log.LogEntryView;
import io.boomscooter.engine.log.LogReader;
import io.boomscooter.engine.log.TypedFrameHandler;
import io.boomscooter.engine.service.wire.AmbrosiaChecksum;
import io.boomscooter.engine.service.wire.AmbrosiaFramer;
import io.boomscooter.engine.service.wire.AmbrosiaMessageType;
import io.boomscooter.engine.service.wire.AmbrosiaMessageWriter;
import io.boomscooter.engine.service.wire.AmbrosiaRecord;
import io.boomscooter.engine.service.wire.AmbrosiaRpc;
import io.boomscooter.engine.service.wire.AmbrosiaCheckpointLength;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;

/**
 * An AMBROSIA reliability coordinator for one service written in any language (docs/services.md): the
 * service attaches over TCP and from then on this node's committed log is its log. The coordinator sends the
 * service its committed calls as AMBROSIA log records, logs the calls the service makes (numbered, held until
 * committed, appended here when leading or sent to the leader), and keeps the service's checkpoints in this
 * node's data directory.
 * <p>
 * The sequences of the protocol note: on attach, with a checkpoint, the checkpoint record (sequence id -2,
 * the blob after it), then every committed call after the checkpoint's seqno (the replay), then
 * TakeBecomingPrimaryCheckpoint; the service answers with a Checkpoint and normal processing begins. Without a
 * checkpoint the replay starts at the beginning of the log (empty on a first start), and the service answers
 * TakeBecomingPrimaryCheckpoint with its InitialMessage (logged as its first call to itself) and a checkpoint.
 * Later, a checkpoint request in the log, or the configured count or interval, sends TakeCheckpoint; calls are
 * held back until the checkpoint arrives, so it covers exactly the calls sent before the request.
 * <p>
 * Calls whose kind AMBROSIA knows (async 0, fork 1, impulse 2) become RPCs with the same kind byte; a result of
 * a Java service's async call is not deliverable to an AMBROSIA service and is counted. Malformed input from
 * the service closes its connection with the reason recorded and counted; other services are not affected.
 * One file because one state machine: attach, replay, checkpoint hand-shakes and the two connections share it.
 */
final class AmbrosiaCoordinator implements TypedFrameHandler
{
    private static final int DETACHED = 0;
    private static final int REPLAYING = 1;
    private static final int AWAIT_CHECKPOINT = 2;
    private static final int LIVE = 3;
    private static final int RECORD_CAPACITY = 2 * 1024 * 1024;
    private static final int MAX_CALL_MESSAGE = 1024 * 1024 + 64;
    private static final long DIAL_INTERVAL_NS = 200_000_000L;
    /** A service that does not answer a checkpoint request this long is detached (it can attach again). */
    static final long CHECKPOINT_ANSWER_TIMEOUT_NS = 60_000_000_000L;

    private final AmbrosiaSettings settings;
    private final ServiceSettings serviceSettings;
    private final String name;
    private final UnsafeBuffer nameBytes;
    private final int committerId;
    private final CheckpointStore store;
    private final ServiceCounters counters;
    private final AtomicCounter attached;
    private final ErrorHandler errorHandler;
    private final HeldOutputs held;
    private final AmbrosiaChecksum checksum = new AmbrosiaChecksum();
    private final ServiceCalls calls = new ServiceCalls();
    private final LogEntryView entry = new LogEntryView();
    private final AmbrosiaInbound inbound;
    private final UnsafeBuffer record = new UnsafeBuffer(ByteBuffer.allocateDirect(RECORD_CAPACITY));
    private final UnsafeBuffer control = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
    private final ExpandableDirectByteBuffer checkpointRecord = new ExpandableDirectByteBuffer(64 * 1024);
    private final ExpandableDirectByteBuffer checkpointBlob = new ExpandableDirectByteBuffer(64 * 1024);
    private final CheckpointStaging staging;
    private final InetSocketAddress serviceSendAddress;
    private TcpTransportPoller receivePoller;
    private TcpTransportPoller sendPoller;
    private CheckpointWriter writer;
    private CommittedFrames frames;
    private FamilyLog log;

    private int state = DETACHED;
    private long receiveConnection = -1;
    private long sendConnection = -1;
    private long dialConnection = -1;
    private long lastDialNs;
    private int recordLength;
    private boolean recordSealed;
    private long recordSequence;
    private int pendingControl = -1;
    private long deliveredSeqno;
    private long replayEnd;
    private long checkpointAtSeqno;
    private long checkpointSeqno = -1;
    private long checkpointOutputs;
    private int checkpointLength;
    private long callsDelivered;
    private long callsAtCheckpoint;
    private long lastCheckpointNs;
    private boolean checkpointRequested;
    private boolean stopPolling;
    private long checkpointRequestedNs;
    private long nowNs;

    AmbrosiaCoordinator(final AmbrosiaSettings settings, final ServiceSettings serviceSettings,
        final CheckpointStore store, final BiFunction<Integer, String, AtomicCounter> counterFactory,
        final ErrorHandler errorHandler)
    {
        this.settings = settings;
        this.serviceSettings = serviceSettings;
        this.name = settings.name();
        this.nameBytes = new UnsafeBuffer(name.getBytes(StandardCharsets.US_ASCII));
        this.store = store;
        this.counters = new ServiceCounters(counterFactory, name);
        this.attached = counterFactory.apply(CounterTypes.SERVICE_ATTACHED, "service " + name + " attached (AMBROSIA)");
        this.errorHandler = errorHandler;
        this.held = new HeldOutputs(name, counters, errorHandler);
        this.committerId = (int)(held.producerId() & 0x7FFF_FFFF);
        this.inbound = new AmbrosiaInbound(this, settings.checkpointLength());
        this.serviceSendAddress = settings.sendConnect() ?
            new InetSocketAddress(settings.host(), settings.sendPort()) : null;
        this.staging = new CheckpointStaging(store, counters.checkpointSeqno);
    }

    String name()
    {
        return name;
    }

    /**
     * @return the seqno of the newest checkpoint written to disk (0: none yet).
     */
    long writtenCheckpointSeqno()
    {
        return counters.checkpointSeqno.get();
    }

    long producerId()
    {
        return held.producerId();
    }

    /**
     * @return the seqno the host's reader must start at for this coordinator's outputs to be released.
     */
    long releaseFrom()
    {
        return Math.max(1, checkpointSeqno + 1);
    }

    /**
     * Loads the newest checkpoint, opens the reader and the two endpoints (blocking: at node start only).
     */
    void start(final FamilyLog log, final CheckpointWriter writer, final long nowNs)
    {
        this.writer = writer;
        this.log = log;
        this.lastCheckpointNs = nowNs;
        final byte[] newest = store.loadNewest(reason -> errorHandler.onError(
            new IllegalStateException("service " + name + ": skipped checkpoint " + reason)));
        if (null != newest)
        {
            final CheckpointFile file = new CheckpointFile();
            final UnsafeBuffer bytes = new UnsafeBuffer(newest);
            file.wrap(bytes, 0, newest.length, name);
            checkpointSeqno = file.seqno();
            checkpointOutputs = file.outputs();
            callsDelivered = file.callsHandled();
            checkpointLength = file.stateLength();
            checkpointBlob.putBytes(0, bytes, file.stateOffset(), file.stateLength());
            counters.checkpointSeqno.setRelease(checkpointSeqno);
        }
        held.resetTo(checkpointOutputs);
        frames = log.openCommitted(Math.max(1, checkpointSeqno + 1));
        final int maxFrame = settings.maxCheckpointBytes() + 64 * 1024;
        receivePoller = new TcpTransportPoller(new TcpTransportPoller.Context()
            .host(settings.host()).port(settings.receivePort())
            .framer(new AmbrosiaFramer(settings.checkpointLength(), maxFrame))
            .maxMessageLength(maxFrame).receiveBufferLength(maxFrame).maxConnections(2)
            .frameHandler(new ReceiveHandler()).errorHandler(errorHandler));
        sendPoller = new TcpTransportPoller(new TcpTransportPoller.Context()
            .host(settings.host()).port(settings.sendPort()).listen(!settings.sendConnect())
            .framer(new AmbrosiaFramer(settings.checkpointLength(), maxFrame))
            .maxMessageLength(maxFrame).sendBufferLength(maxFrame + 2 * RECORD_CAPACITY).maxConnections(2)
            .frameHandler(new SendHandler()).errorHandler(errorHandler));
    }

    /**
     * @return the port the coordinator receives the service's messages on (for an ephemeral 0 in settings).
     */
    int receivePort()
    {
        return receivePoller.port();
    }

    int sendPort()
    {
        return settings.sendConnect() ? settings.sendPort() : sendPoller.port();
    }

    boolean isAttached()
    {
        return state != DETACHED;
    }

    void onOutputCommitted(final long number)
    {
        held.release(number);
    }

    int doWork(final long nowNs, final FamilyLog log, final FamilyContext context, final int leaderId)
    {
        this.nowNs = nowNs;
        int work = receivePoller.doWork() + sendPoller.doWork();
        if (settings.sendConnect() && sendConnection < 0 && dialConnection < 0 && receiveConnection >= 0 &&
            nowNs - lastDialNs > DIAL_INTERVAL_NS)
        {
            lastDialNs = nowNs;
            dialConnection = sendPoller.connect(serviceSendAddress);
            work++;
        }
        if (state == AWAIT_CHECKPOINT && nowNs - checkpointRequestedNs > CHECKPOINT_ANSWER_TIMEOUT_NS)
        {
            closeConnections("no checkpoint within " + CHECKPOINT_ANSWER_TIMEOUT_NS / 1_000_000_000L +
                " s of asking for one");
            work++;
        }
        if (state != DETACHED)
        {
            work += deliver(log);
        }
        work += log.isLeader() ? held.appendTo(log) : held.forward(context, leaderId, log.logId(), nowNs);
        counters.pending.setRelease(held.count());
        counters.processedSeqno.setRelease(deliveredSeqno);
        pollCheckpointWrites();
        return work;
    }

    private int deliver(final FamilyLog log)
    {
        if (!flushPending())
        {
            return 0;
        }
        int work = 0;
        if (state == REPLAYING || state == LIVE)
        {
            stopPolling = false;
            for (int i = 0; i < 256 && !stopPolling && RECORD_CAPACITY - recordLength >= MAX_CALL_MESSAGE; i++)
            {
                final int read = frames.poll(this, 1);
                if (read <= 0)
                {
                    if (read < 0)
                    {
                        detach("the committed log cannot be read at seqno " + frames.nextSeqno() +
                            (read == LogReader.TRIMMED ? " (trimmed)" : " (corrupt)"));
                        return work + 1;
                    }
                    break;
                }
                work++;
            }
            if (!flushRecord())
            {
                return work;
            }
        }
        if (state == REPLAYING && deliveredSeqno >= replayEnd)
        {
            requestCheckpoint(AmbrosiaMessageType.TAKE_BECOMING_PRIMARY_CHECKPOINT);
            work++;
        }
        else if (state == LIVE && (checkpointRequested || isCheckpointDue()))
        {
            requestCheckpoint(AmbrosiaMessageType.TAKE_CHECKPOINT);
            work++;
        }
        return work;
    }

    private boolean isCheckpointDue()
    {
        final long handled = callsDelivered - callsAtCheckpoint;
        return handled > 0 && ((serviceSettings.checkpointEveryCalls() > 0 &&
            handled >= serviceSettings.checkpointEveryCalls()) ||
            (serviceSettings.checkpointIntervalNs() > 0 && nowNs - lastCheckpointNs >= serviceSettings.checkpointIntervalNs()));
    }

    private void requestCheckpoint(final int type)
    {
        checkpointRequestedNs = nowNs;
        checkpointAtSeqno = deliveredSeqno;
        state = AWAIT_CHECKPOINT;
        pendingControl = type;
        flushPending();
    }

    /**
     * Sends what could not be sent before: a sealed record, then a control record.
     *
     * @return true when nothing is waiting.
     */
    private boolean flushPending()
    {
        if (recordSealed && !flushRecord())
        {
            return false;
        }
        if (pendingControl >= 0)
        {
            final int length = AmbrosiaMessageWriter.writeNoData(control, AmbrosiaRecord.HEADER_LENGTH,
                control.capacity(), pendingControl);
            final int total = AmbrosiaRecord.encodeHeader(control, 0, committerId,
                AmbrosiaRecord.HEADER_LENGTH + length, AmbrosiaRecord.CONTROL_SEQUENCE_ID, checksum);
            if (sendPoller.send(sendConnection, control, 0, total) < 0)
            {
                return false;
            }
            pendingControl = -1;
        }
        return true;
    }

    /**
     * Seals the open record (header and check bytes) and sends it.
     *
     * @return true when nothing is left unsent.
     */
    private boolean flushRecord()
    {
        if (recordLength <= AmbrosiaRecord.HEADER_LENGTH)
        {
            recordLength = 0;
            return true;
        }
        if (!recordSealed)
        {
            AmbrosiaRecord.encodeHeader(record, 0, committerId, recordLength, ++recordSequence, checksum);
            recordSealed = true;
        }
        if (sendPoller.send(sendConnection, record, 0, recordLength) < 0)
        {
            return false; // the service reads slowly: try again next duty cycle, read no more calls meanwhile
        }
        recordSealed = false;
        recordLength = 0;
        return true;
    }

    /**
     * A committed frame, in order, while a service is attached: calls to it go into the open record.
     */
    public void onFrame(final int type, final DirectBuffer buffer, final int frameOffset, final int frameLength,
        final long seqno, final long epoch, final long timestampNs)
    {
        deliveredSeqno = seqno;
        if (FrameTypes.ENTRY != type || !entry.wrap(buffer, frameOffset, frameLength) ||
            !ServiceCalls.isChannelOf(buffer, entry.channelOffset(), entry.channelLength(), nameBytes))
        {
            return;
        }
        if (!calls.wrap(buffer, entry.payloadOffset(), entry.payloadLength()))
        {
            counters.malformed.increment();
            errorHandler.onError(new RejectedMessageException("service " + name + ": a call was refused: " +
                calls.reason()));
            return;
        }
        switch (calls.kind())
        {
            case CallKind.CHECKPOINT:
                checkpointRequested = true;
                stopPolling = true; // the checkpoint covers exactly the calls before this point
                return;
            case CallKind.RESULT:
                counters.malformed.increment();
                errorHandler.onError(new RejectedMessageException("service " + name +
                    ": a result of an async call is not deliverable to an AMBROSIA service"));
                return;
            default:
                break;
        }
        if (0 == recordLength)
        {
            recordLength = AmbrosiaRecord.HEADER_LENGTH;
        }
        final int written = AmbrosiaRpc.writeIncomingMessage(record, recordLength, RECORD_CAPACITY, calls.methodId(),
            calls.kind(), buffer, calls.argsOffset(), calls.argsLength());
        if (written < 0)
        {
            counters.malformed.increment();
            errorHandler.onError(new RejectedMessageException("service " + name + ": a call of " +
                calls.argsLength() + " bytes does not fit an AMBROSIA record"));
            return;
        }
        recordLength += written;
        callsDelivered++;
        counters.calls.increment();
    }

    // ---------------------------------------------------------------- attach and detach

    private void maybeAttach()
    {
        if (state != DETACHED || receiveConnection < 0 || sendConnection < 0)
        {
            return;
        }
        held.resetTo(checkpointOutputs);
        recordLength = 0;
        recordSealed = false;
        recordSequence = 0;
        pendingControl = -1;
        checkpointRequested = false;
        deliveredSeqno = Math.max(0, checkpointSeqno);
        if (checkpointSeqno >= 0)
        {
            final int messageLength = AmbrosiaCheckpointLength.writeMessage(checkpointRecord,
                AmbrosiaRecord.HEADER_LENGTH, checkpointRecord.capacity(), settings.checkpointLength(), checkpointLength);
            if (messageLength < 0)
            {
                closeConnections("cannot encode the checkpoint message: " +
                    io.boomscooter.engine.service.wire.AmbrosiaWireStatus.reason(messageLength));
                return;
            }
            AmbrosiaRecord.writeCheckpointHeader(checkpointRecord, 0, committerId,
                AmbrosiaRecord.HEADER_LENGTH + messageLength);
            final int blobAt = AmbrosiaRecord.HEADER_LENGTH + messageLength;
            checkpointRecord.putBytes(blobAt, checkpointBlob, 0, checkpointLength);
            if (sendPoller.send(sendConnection, checkpointRecord, 0, blobAt + checkpointLength) < 0)
            {
                closeConnections("the checkpoint does not fit the send buffer");
                return;
            }
        }
        final int seek = frames.seek(deliveredSeqno + 1);
        if (seek == LogReader.SEEK_TRIMMED || seek == LogReader.SEEK_CORRUPT)
        {
            closeConnections("the log after seqno " + deliveredSeqno + " cannot be replayed (" +
                (seek == LogReader.SEEK_TRIMMED ? "trimmed" : "corrupt") + ")");
            return;
        }
        replayEnd = log.commitSeqno();
        state = REPLAYING;
        attached.setRelease(1);
    }

    private void detach(final String reason)
    {
        closeConnections(reason);
    }

    private void closeConnections(final String reason)
    {
        if (null != reason)
        {
            errorHandler.onError(new IllegalStateException("service " + name + " detached: " + reason));
        }
        if (receiveConnection >= 0)
        {
            receivePoller.close(receiveConnection);
        }
        if (sendConnection >= 0)
        {
            sendPoller.close(sendConnection);
        }
        receiveConnection = -1;
        sendConnection = -1;
        dialConnection = -1;
        state = DETACHED;
        recordLength = 0;
        recordSealed = false;
        pendingControl = -1;
        attached.setRelease(0);
    }

    // ---------------------------------------------------------------- from the service

    /**
     * A malformed message from the service: refused with the reason, counted; the service is detached.
     */
    void refuse(final String reason)
    {
        if (state == DETACHED && receiveConnection < 0)
        {
            return; // already refused
        }
        counters.malformed.increment();
        closeConnections("refused a message: " + reason);
    }

    /**
     * An outgoing call: destination bytes (length 0: the service itself), kind, method, arguments.
     */
    void onOutgoingCall(final DirectBuffer buffer, final int destOffset, final int destLength, final int kind,
        final int methodId, final int argsOffset, final int argsLength)
    {
        if (state == DETACHED)
        {
            refuse("a call before the coordinator attached the service (it sends TakeBecomingPrimaryCheckpoint first)");
            return;
        }
        if (destLength > ServiceCalls.MAX_NAME_LENGTH)
        {
            refuse("destination name longer than " + ServiceCalls.MAX_NAME_LENGTH + " bytes");
            return;
        }
        for (int i = 0; i < destLength; i++)
        {
            final byte b = buffer.getByte(destOffset + i);
            if (!((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '.' || b == '_' ||
                b == '-'))
            {
                refuse("destination is not a service name ([A-Za-z0-9._-])");
                return;
            }
        }
        if (0 == destLength)
        {
            held.add(kind, nameBytes, 0, nameBytes.capacity(), null, methodId, 0, nameBytes, nameBytes.capacity(),
                buffer, argsOffset, argsLength);
        }
        else
        {
            held.add(kind, buffer, destOffset, destLength, null, methodId, 0, nameBytes, nameBytes.capacity(), buffer,
                argsOffset, argsLength);
        }
    }

    /**
     * The service's checkpoint: it covers the calls sent before the request, and the outputs received so far.
     */
    void onCheckpoint(final DirectBuffer buffer, final int blobOffset, final int blobLength)
    {
        if (state == DETACHED)
        {
            refuse("a checkpoint before the coordinator attached the service");
            return;
        }
        checkpointSeqno = state == AWAIT_CHECKPOINT ? checkpointAtSeqno : deliveredSeqno;
        checkpointOutputs = held.made();
        checkpointLength = blobLength;
        checkpointBlob.putBytes(0, buffer, blobOffset, blobLength);
        checkpointRequested = false;
        callsAtCheckpoint = callsDelivered;
        lastCheckpointNs = nowNs;
        if (state == AWAIT_CHECKPOINT)
        {
            state = LIVE;
        }
        writeCheckpoint();
    }

    private void writeCheckpoint()
    {
        final org.agrona.MutableDirectBuffer out = staging.claim();
        if (null == out)
        {
            errorHandler.onError(new IllegalStateException("service " + name +
                ": checkpoint at seqno " + checkpointSeqno + " kept in memory only: the writer is behind"));
            return;
        }
        CheckpointFile.putHeader(out, checkpointSeqno, checkpointOutputs, 0, callsDelivered, nameBytes.capacity(), 0,
            checkpointLength);
        int at = CheckpointFile.HEADER_LENGTH;
        out.putBytes(at, nameBytes, 0, nameBytes.capacity());
        at += nameBytes.capacity();
        out.putBytes(at, checkpointBlob, 0, checkpointLength);
        at += checkpointLength;
        if (staging.submit(writer, at, checkpointSeqno))
        {
            counters.checkpoints.increment();
        }
    }

    private void pollCheckpointWrites()
    {
        staging.pollWritten();
    }

    void close()
    {
        CloseHelper.quietCloseAll(receivePoller, sendPoller, frames);
    }

    // ---------------------------------------------------------------- connections

    private final class ReceiveHandler implements TcpFrameHandler
    {
        public void onConnected(final long connectionId, final InetSocketAddress remoteAddress)
        {
            if (receiveConnection >= 0)
            {
                receivePoller.close(connectionId); // one service at a time
                return;
            }
            receiveConnection = connectionId;
            maybeAttach();
        }

        public void onFrame(final long connectionId, final DirectBuffer buffer, final int offset, final int length)
        {
            if (connectionId == receiveConnection)
            {
                inbound.onFrame(buffer, offset, length);
            }
        }

        public void onDisconnected(final long connectionId, final TcpDisconnectReason reason)
        {
            onDisconnected(connectionId, reason, null);
        }

        public void onDisconnected(final long connectionId, final TcpDisconnectReason reason, final String detail)
        {
            if (connectionId == receiveConnection)
            {
                receiveConnection = -1;
                final boolean malformed = reason == TcpDisconnectReason.MALFORMED_FRAME ||
                    reason == TcpDisconnectReason.INVALID_FRAME_LENGTH;
                if (malformed)
                {
                    counters.malformed.increment();
                }
                closeConnections(malformed ? "malformed: " + detail : null);
            }
        }
    }

    private final class SendHandler implements TcpFrameHandler
    {
        public void onConnected(final long connectionId, final InetSocketAddress remoteAddress)
        {
            if (sendConnection >= 0)
            {
                sendPoller.close(connectionId);
                return;
            }
            sendConnection = connectionId;
            dialConnection = -1;
            maybeAttach();
        }

        public void onFrame(final long connectionId, final DirectBuffer buffer, final int offset, final int length)
        {
            // nothing is expected from the service on this connection
        }

        public void onDisconnected(final long connectionId, final TcpDisconnectReason reason)
        {
            if (connectionId == dialConnection)
            {
                dialConnection = -1; // the service is not listening yet: dial again later
            }
            if (connectionId == sendConnection)
            {
                sendConnection = -1;
                closeConnections(null);
            }
        }
    }
}
