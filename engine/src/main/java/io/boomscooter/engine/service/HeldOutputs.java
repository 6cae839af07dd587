package io.boomscooter.engine.service;

import io.boomscooter.engine.family.FamilyContext;
import io.boomscooter.engine.family.FamilyLog;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * The calls a service made that the log may not hold yet, numbered 1, 2, 3... as the service made them, and
 * how they reach the log: appended by this node when it leads ({@link #appendTo}, only the next number after
 * the producer's newest entry, so nothing twice and nothing skipped), or sent to the leader
 * ({@link #forward}, for a service attached to this node only). Released when read committed.
 */
final class HeldOutputs
{
    private static final long REFORWARD_NS = 200_000_000L;

    private final String name;
    private final long producerId;
    private final ServiceCounters counters;
    private final ErrorHandler errorHandler;
    private final OutputQueue queue = new OutputQueue();
    private final UnsafeBuffer forwardBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024 + 64));
    private long made;
    private long forwardedUpTo;
    private long lastReleased;
    private long lastForwardNs;
    private long releasedAtLastForward;
    private boolean gapReported;

    HeldOutputs(final String name, final ServiceCounters counters, final ErrorHandler errorHandler)
    {
        this.name = name;
        this.producerId = ServiceCalls.producerId(name);
        this.counters = counters;
        this.errorHandler = errorHandler;
    }

    long producerId()
    {
        return producerId;
    }

    /**
     * @return outputs made so far (the last one's number).
     */
    long made()
    {
        return made;
    }

    OutputQueue queue()
    {
        return queue;
    }

    int count()
    {
        return queue.count();
    }

    /**
     * Restores after a checkpoint: the numbering goes on from {@code made}; the queue from the checkpoint.
     */
    String restore(final long made, final DirectBuffer held, final int offset, final int length)
    {
        this.made = made;
        this.forwardedUpTo = 0;
        return queue.restore(held, offset, length);
    }

    /**
     * Forgets what is held and numbers on from {@code made}: a remote service that attaches again makes its
     * outputs after its checkpoint again.
     */
    void resetTo(final long made)
    {
        queue.release(Long.MAX_VALUE);
        this.made = made;
        this.forwardedUpTo = made;
    }

    /**
     * Holds a call to a service; the destination is either {@code destination} or the bytes given.
     */
    void add(final int kind, final DirectBuffer destBuffer, final int destOffset, final int destLength,
        final CharSequence destination, final int methodId, final long callId, final DirectBuffer source,
        final int sourceLength, final DirectBuffer args, final int argsOffset, final int argsLength)
    {
        final int prefix = ServiceCalls.CHANNEL_PREFIX.length();
        final int channelLength = prefix + (null != destination ? destination.length() : destLength);
        final int channelOffset = queue.begin(++made, channelLength);
        final MutableDirectBuffer out = queue.buffer();
        if (null != destination)
        {
            ServiceCalls.putChannel(out, channelOffset, destination);
        }
        else
        {
            ServiceCalls.putChannel(out, channelOffset, "");
            out.putBytes(channelOffset + prefix, destBuffer, destOffset, destLength);
        }
        final int payloadOffset = channelOffset + channelLength;
        final int argsAt = ServiceCalls.putHeader(out, payloadOffset, kind, methodId, callId, source, 0, sourceLength);
        if (argsLength > 0)
        {
            out.putBytes(argsAt, args, argsOffset, argsLength);
        }
        queue.end(argsAt + argsLength - payloadOffset);
    }

    void release(final long number)
    {
        if (number > lastReleased)
        {
            lastReleased = number;
        }
        queue.release(number);
    }

    /**
     * While this node leads: appends the held outputs the log does not have yet, in order.
     *
     * @return entries appended.
     */
    int appendTo(final FamilyLog log)
    {
        if (queue.isEmpty())
        {
            return 0;
        }
        long expected = log.lastProducerSeqno(producerId) + 1;
        int at = queue.find(expected);
        if (at < 0)
        {
            if (queue.firstSeq() > expected && !gapReported)
            {
                // cannot happen while the log keeps what it committed: say so once rather than stall silently
                gapReported = true;
                errorHandler.onError(new IllegalStateException("service " + name + ": the log lacks outputs " +
                    expected + ".." + (queue.firstSeq() - 1) + " that this node released"));
            }
            return 0;
        }
        int appended = 0;
        while (at >= 0 && appended < 256)
        {
            final long result = log.appendEntry(producerId, expected, queue.buffer(), queue.channelOffset(at),
                queue.channelLength(at), queue.payloadOffset(at), queue.payloadLength(at));
            if (result < 0 && result != FamilyLog.DUPLICATE)
            {
                break; // not leading any more, or the log cannot take it now: the next duty cycle retries
            }
            if (result >= 0)
            {
                appended++;
                counters.appended.increment();
            }
            expected++;
            at = queue.next(at);
        }
        return appended;
    }

    /**
     * Sends held outputs to the leader: each new one once, and all of them again when nothing was released for
     * a while (a message lost with a leader change); the leader drops what it already has.
     *
     * @return messages sent.
     */
    int forward(final FamilyContext context, final int leaderId, final int logId, final long nowNs)
    {
        if (queue.isEmpty() || leaderId < 0)
        {
            return 0;
        }
        long from = forwardedUpTo + 1;
        if (nowNs - lastForwardNs > REFORWARD_NS && lastReleased == releasedAtLastForward)
        {
            from = queue.firstSeq();
        }
        int at = queue.find(Math.max(from, queue.firstSeq()));
        int sent = 0;
        while (at >= 0 && sent < 64)
        {
            final int channelLength = queue.channelLength(at);
            final int payloadLength = queue.payloadLength(at);
            if (OutputForwarding.HEADER_LENGTH + channelLength + payloadLength > forwardBuffer.capacity())
            {
                errorHandler.onError(new IllegalStateException("service " + name + ": output " + queue.seq(at) +
                    " of " + payloadLength + " bytes is too large to forward to the leader"));
                break;
            }
            final int length = OutputForwarding.encode(forwardBuffer, logId, producerId, queue.seq(at),
                queue.buffer(), queue.channelOffset(at), channelLength, queue.payloadOffset(at), payloadLength);
            if (context.offer(leaderId, context.streams().control(), forwardBuffer, 0, length) < 0)
            {
                break;
            }
            forwardedUpTo = Math.max(forwardedUpTo, queue.seq(at));
            counters.appended.increment();
            sent++;
            at = queue.next(at);
        }
        if (sent > 0)
        {
            lastForwardNs = nowNs;
            releasedAtLastForward = lastReleased;
        }
        return sent;
    }
}
