package io.boomscooter.engine.service;

import io.boomscooter.engine.family.FamilyLog;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

/**
 * One hosted service on one node: feeds it its committed calls, numbers and holds the calls it makes until
 * the log has them (appending them while this node leads), and takes its checkpoints. Implements the
 * {@link ServiceContext} the service sees. Runs on the cluster agent thread.
 */
final class ServiceSlot implements ServiceContext
{
    private final String name;
    private final UnsafeBuffer nameBytes;
    private final long producerId;
    private final Service service;
    private final ServiceSettings settings;
    private final CheckpointStore store;
    private final ServiceCounters counters;
    private final ErrorHandler errorHandler;
    private final ServiceCalls decoder = new ServiceCalls();
    private final ServiceCall call;
    private final HeldOutputs held;
    private final UnsafeBuffer empty = new UnsafeBuffer(new byte[0]);

    private final CheckpointStaging staging;
    private final ExpandableArrayBuffer state = new ExpandableArrayBuffer(4096);
    private CheckpointWriter writer;

    private long processedSeqno;
    private long callsMade;
    private long callsHandled;
    private long callsAtCheckpoint;
    private long lastCheckpointNs;
    private boolean checkpointRequested;
    private long currentSeqno;
    private long currentTimestampNs;

    ServiceSlot(final String name, final Service service, final ServiceSettings settings,
        final CheckpointStore store, final ServiceCounters counters, final ErrorHandler errorHandler)
    {
        this.name = name;
        this.nameBytes = new UnsafeBuffer(name.getBytes(StandardCharsets.US_ASCII));
        this.producerId = ServiceCalls.producerId(name);
        this.service = service;
        this.settings = settings;
        this.store = store;
        this.counters = counters;
        this.errorHandler = errorHandler;
        this.call = new ServiceCall(decoder, this);
        this.held = new HeldOutputs(name, counters, errorHandler);
        this.staging = new CheckpointStaging(store, counters.checkpointSeqno);
    }

    public String name()
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
        return producerId;
    }

    long processedSeqno()
    {
        return processedSeqno;
    }

    long outputs()
    {
        return held.made();
    }

    /**
     * @return the held outputs (for an offline what-if run, which compares and releases them itself).
     */
    OutputQueue outputQueue()
    {
        return held.queue();
    }

    /**
     * @return true when the channel bytes are {@code svc/<this name>}.
     */
    boolean isChannel(final DirectBuffer buffer, final int offset, final int length)
    {
        return ServiceCalls.isChannelOf(buffer, offset, length, nameBytes);
    }

    /**
     * Restores from a checkpoint (null: first start) and starts the service.
     */
    void start(final CheckpointWriter writer, final byte[] checkpoint, final long nowNs)
    {
        this.writer = writer;
        lastCheckpointNs = nowNs;
        if (null == checkpoint)
        {
            service.onStart(this, null, 0, 0);
            return;
        }
        final CheckpointFile file = new CheckpointFile();
        final UnsafeBuffer bytes = new UnsafeBuffer(checkpoint);
        if (!file.wrap(bytes, 0, checkpoint.length, name))
        {
            throw new IllegalStateException("service " + name + ": checkpoint " + file.reason());
        }
        final String problem = held.restore(file.outputs(), bytes, file.pendingOffset(), file.pendingLength());
        if (null != problem)
        {
            throw new IllegalStateException("service " + name + ": checkpoint " + problem);
        }
        processedSeqno = file.seqno();
        callsMade = file.callsMade();
        callsHandled = file.callsHandled();
        callsAtCheckpoint = callsHandled;
        counters.checkpointSeqno.setRelease(processedSeqno);
        service.onStart(this, bytes, file.stateOffset(), file.stateLength());
    }

    /**
     * A committed frame the host read; the slot now includes everything up to it.
     */
    void advance(final long seqno)
    {
        if (seqno > processedSeqno)
        {
            processedSeqno = seqno;
        }
    }

    /**
     * One of this service's own outputs is in the committed log: it need not be held any longer.
     */
    void onOutputCommitted(final long outputSeq)
    {
        held.release(outputSeq);
    }

    /**
     * A committed call to this service, at a seqno past the checkpoint it started from.
     *
     * @return false when the payload is malformed (counted; the host records why).
     */
    boolean onCall(final DirectBuffer buffer, final int offset, final int length, final long seqno,
        final long timestampNs)
    {
        if (!decoder.wrap(buffer, offset, length))
        {
            counters.malformed.increment();
            return false;
        }
        currentSeqno = seqno;
        currentTimestampNs = timestampNs;
        call.reset(seqno);
        switch (decoder.kind())
        {
            case CallKind.RESULT:
                service.onResult(call);
                break;
            case CallKind.CHECKPOINT:
                checkpointRequested = true;
                break;
            default:
                service.onCall(call);
                if (decoder.kind() == CallKind.ASYNC && !call.replied)
                {
                    call.reply(empty, 0, 0);
                }
                break;
        }
        callsHandled++;
        counters.calls.increment();
        currentSeqno = 0;
        return true;
    }

    String malformedReason()
    {
        return decoder.reason();
    }

    void reply(final ServiceCall answered, final DirectBuffer result, final int offset, final int length)
    {
        if (answered.callerLength() == 0 || answered.callId() == 0)
        {
            return; // from outside, or from a service that expects no result (an AMBROSIA async call)
        }
        held.add(CallKind.RESULT, answered.buffer(), answered.callerOffset(), answered.callerLength(), null,
            answered.methodId(), answered.callId(), nameBytes, nameBytes.capacity(), result, offset, length);
    }

    public void send(final CharSequence destination, final int methodId, final DirectBuffer args, final int offset,
        final int length)
    {
        held.add(CallKind.FORK, null, 0, 0, destination, methodId, 0, nameBytes, nameBytes.capacity(), args, offset,
            length);
    }

    public long call(final CharSequence destination, final int methodId, final DirectBuffer args, final int offset,
        final int length)
    {
        final long callId = ++callsMade;
        held.add(CallKind.ASYNC, null, 0, 0, destination, methodId, callId, nameBytes, nameBytes.capacity(), args,
            offset, length);
        return callId;
    }

    public void requestCheckpoint()
    {
        checkpointRequested = true;
    }

    public long seqno()
    {
        return currentSeqno;
    }

    public long timestampNs()
    {
        return currentTimestampNs;
    }

    /**
     * While this node leads: appends the held outputs the log does not have yet, in order.
     *
     * @return entries appended.
     */
    int appendPending(final FamilyLog log)
    {
        return held.appendTo(log);
    }

    boolean isCheckpointDue(final long nowNs)
    {
        if (checkpointRequested)
        {
            return true;
        }
        final long calls = callsHandled - callsAtCheckpoint;
        return calls > 0 && ((settings.checkpointEveryCalls() > 0 && calls >= settings.checkpointEveryCalls()) ||
            (settings.checkpointIntervalNs() > 0 && nowNs - lastCheckpointNs >= settings.checkpointIntervalNs()));
    }

    /**
     * Serialises the state at the current position and hands it to the writer thread.
     *
     * @return true when a checkpoint was handed over; false when both buffers are still being written.
     */
    boolean checkpoint(final long nowNs)
    {
        final MutableDirectBuffer out = staging.claim();
        if (null == out)
        {
            return false;
        }
        final int stateLength = service.onCheckpoint(state);
        final int nameLength = nameBytes.capacity();
        final int pendingLength = held.queue().liveLength();
        CheckpointFile.putHeader(out, processedSeqno, held.made(), callsMade, callsHandled, nameLength, pendingLength,
            stateLength);
        int at = CheckpointFile.HEADER_LENGTH;
        out.putBytes(at, nameBytes, 0, nameLength);
        at += nameLength;
        held.queue().copyTo(out, at);
        at += pendingLength;
        out.putBytes(at, state, 0, stateLength);
        at += stateLength;
        if (!staging.submit(writer, at, processedSeqno))
        {
            return false;
        }
        checkpointRequested = false;
        callsAtCheckpoint = callsHandled;
        lastCheckpointNs = nowNs;
        counters.checkpoints.increment();
        return true;
    }

    /**
     * Refreshes the counters that mirror state (cheap; once per duty cycle).
     */
    void updateCounters()
    {
        counters.processedSeqno.setRelease(processedSeqno);
        counters.pending.setRelease(held.count());
        staging.pollWritten();
    }
}
