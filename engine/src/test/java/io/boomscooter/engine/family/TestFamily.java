package io.boomscooter.engine.family;

import io.boomscooter.client.ClusterStreams;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A protocol family in test code, one instance per node: it records the role changes of each log and the
 * messages of its schema it receives, and on request (from the test thread, acted on in its duty cycle)
 * sends one message to every other member on each member stream.
 */
final class TestFamily implements ProtocolFamily
{
    static final int SCHEMA_ID = 4242;
    static final int TEMPLATE_ID = 1;
    static final int FRAME_TYPE = 0x1E0;

    final List<String> events = new CopyOnWriteArrayList<>();
    final List<String> messages = new CopyOnWriteArrayList<>();
    private final AtomicInteger sendRequests = new AtomicInteger();
    private final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
    private volatile FamilyContext context;
    private final UnsafeBuffer appendBody = new UnsafeBuffer(new byte[64]);
    private volatile int appendLength = -1;
    volatile long appendResult;
    private CommittedFrames committed;
    /** frames of {@link #FRAME_TYPE} read committed from the log: "seqno:body". */
    final List<String> committedFrames = new CopyOnWriteArrayList<>();

    public String name()
    {
        return "test";
    }

    public int schemaId()
    {
        return SCHEMA_ID;
    }

    FamilyContext context()
    {
        return context;
    }

    public void onStart(final FamilyContext context)
    {
        io.boomscooter.engine.log.FrameTypes.register(FRAME_TYPE, "test.family");
        committed = context.log(1).openCommitted(1);
        this.context = context;
    }

    /**
     * Asks the duty cycle to append one frame of {@link #FRAME_TYPE}; the result lands in {@link #appendResult}.
     */
    void requestAppend(final String body)
    {
        appendResult = 0;
        final byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        appendBody.putBytes(0, bytes);
        appendLength = bytes.length;
    }

    public void onClose()
    {
        org.agrona.CloseHelper.close(committed);
    }

    void requestSend()
    {
        sendRequests.incrementAndGet();
    }

    public int doWork(final long nowNs)
    {
        int work = committed.poll((type, buffer, frameOffset, frameLength, seqno, epoch, timestampNs) ->
        {
            if (FRAME_TYPE == type)
            {
                final int bodyOffset = frameOffset + io.boomscooter.engine.log.LogFormat.FRAME_HEADER_LENGTH;
                committedFrames.add(seqno + ":" + buffer.getStringWithoutLengthAscii(bodyOffset,
                    frameLength - io.boomscooter.engine.log.LogFormat.FRAME_HEADER_LENGTH));
            }
        }, 16);
        final int length = appendLength;
        if (length >= 0)
        {
            appendLength = -1;
            appendResult = context.log(1).appendFrame(FRAME_TYPE, appendBody, 0, length);
            work++;
        }
        if (sendRequests.get() == 0)
        {
            return work;
        }
        // header (block 8, template 1, schema 4242, version 1), then the sender's node id
        out.putShort(0, (short)8, ByteOrder.LITTLE_ENDIAN);
        out.putShort(2, (short)TEMPLATE_ID, ByteOrder.LITTLE_ENDIAN);
        out.putShort(4, (short)SCHEMA_ID, ByteOrder.LITTLE_ENDIAN);
        out.putShort(6, (short)1, ByteOrder.LITTLE_ENDIAN);
        out.putLong(8, context.nodeId(), ByteOrder.LITTLE_ENDIAN);
        boolean all = true;
        for (final int memberId : context.memberIds())
        {
            if (memberId == context.nodeId())
            {
                continue;
            }
            for (final int stream : new int[] {ClusterStreams.REPLICATION, ClusterStreams.CONTROL, ClusterStreams.INGRESS})
            {
                all &= context.offer(memberId, stream, out, 0, 16) > 0;
            }
        }
        if (all)
        {
            sendRequests.decrementAndGet();
        }
        return 1;
    }

    public void onMessage(final int streamId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length >= 16)
        {
            messages.add("from " + buffer.getLong(offset + 8, ByteOrder.LITTLE_ENDIAN) + " stream " + streamId);
        }
    }

    public void onNewTerm(final FamilyLog log, final long epoch, final int leaderId)
    {
        events.add("log " + log.logId() + " term " + epoch + " leader " + leaderId);
    }

    public void onBecameLeader(final FamilyLog log, final long epoch)
    {
        events.add("log " + log.logId() + " leader " + epoch);
    }

    public void onBecameFollower(final FamilyLog log, final long epoch, final int leaderId)
    {
        events.add("log " + log.logId() + " follower " + epoch + " of " + leaderId);
    }
}
