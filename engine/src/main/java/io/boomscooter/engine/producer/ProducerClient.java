package io.boomscooter.engine.producer;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.boomscooter.codecs.ingress.CommitNoticeDecoder;
import io.boomscooter.codecs.ingress.IngressRejectDecoder;
import io.boomscooter.codecs.ingress.MessageHeaderDecoder;
import io.boomscooter.codecs.ingress.MessageHeaderEncoder;
import io.boomscooter.codecs.ingress.ProducerConnectEncoder;
import io.boomscooter.codecs.ingress.SubmitAckDecoder;
import io.boomscooter.codecs.ingress.SubmitEntryEncoder;
import io.boomscooter.engine.MessageCheck;
import io.boomscooter.engine.cluster.ClusterStreams;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Embedded producer: submits entries to a cluster through any member (a replica forwards to the
 * leader) and learns acknowledgements and commits from {@link #poll()}. {@link #offer} returns the
 * producer seqno it used, or a negative Aeron-style result instead of throwing; it never allocates.
 * Each entry carries this producer's id and a producer seqno, so the leader drops a re-send.
 */
public final class ProducerClient implements AutoCloseable
{
    public static final long NOT_CONNECTED = Publication.NOT_CONNECTED;
    public static final long BACK_PRESSURED = Publication.BACK_PRESSURED;
    public static final long ADMIN_ACTION = Publication.ADMIN_ACTION;
    public static final long CLOSED = Publication.CLOSED;
    public static final long MAX_POSITION_EXCEEDED = Publication.MAX_POSITION_EXCEEDED;

    private static final long CONNECT_RETRY_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long SILENCE_FAILOVER_NS = TimeUnit.SECONDS.toNanos(2);
    private static final long CONNECT_FAILOVER_NS = TimeUnit.SECONDS.toNanos(1);

    private final Aeron aeron;
    private final int logId;
    private final long producerId;
    private final ProducerListener listener;
    private final ExclusivePublication[] nodes;
    private final Subscription responses;
    private final FragmentHandler responseHandler = new FragmentAssembler(this::onResponse);
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024));
    private final BufferClaim claim = new BufferClaim();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final SubmitEntryEncoder submitEncoder = new SubmitEntryEncoder();
    private final ProducerConnectEncoder connectEncoder = new ProducerConnectEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final SubmitAckDecoder ackDecoder = new SubmitAckDecoder();
    private final CommitNoticeDecoder commitDecoder = new CommitNoticeDecoder();
    private final IngressRejectDecoder rejectDecoder = new IngressRejectDecoder();
    private final MessageCheck check = new MessageCheck();
    private int target;
    private boolean connected;
    private long lastConnectNs;
    private long connectStartNs;
    private long lastResponseNs;
    private long nextProducerSeqno = 1;
    private long lastAckedProducerSeqno;
    private long commitSeqno;
    private String responseChannel;

    /**
     * @param aeron         client connected to a driver.
     * @param nodeChannels  Aeron channels of the cluster members to try, first preferred.
     * @param logId         log to produce to.
     * @param producerId    unique among the log's producers; reuse it to continue after a restart.
     * @param listener      told of acks and commits.
     * @param responseHost  host the nodes can reach this producer on (e.g. localhost).
     */
    public ProducerClient(final Aeron aeron, final List<String> nodeChannels, final int logId, final long producerId,
        final ProducerListener listener, final String responseHost)
    {
        if (nodeChannels.isEmpty())
        {
            throw new IllegalArgumentException("no cluster member to produce to");
        }
        this.aeron = aeron;
        this.logId = logId;
        this.producerId = producerId;
        this.listener = listener;
        this.nodes = new ExclusivePublication[nodeChannels.size()];
        for (int i = 0; i < nodes.length; i++)
        {
            nodes[i] = aeron.addExclusivePublication(nodeChannels.get(i), ClusterStreams.INGRESS);
        }
        this.responses = aeron.addSubscription("aeron:udp?endpoint=" + responseHost + ":0",
            ClusterStreams.PRODUCER_RESPONSE);
    }

    /**
     * @param seqno the producer seqno the next entry uses (solitary-producer logs: the next log seqno).
     */
    public void nextProducerSeqno(final long seqno)
    {
        nextProducerSeqno = seqno;
    }

    public long nextProducerSeqno()
    {
        return nextProducerSeqno;
    }

    public long producerId()
    {
        return producerId;
    }

    /**
     * @return true once a node has answered this producer.
     */
    public boolean isConnected()
    {
        return connected;
    }

    /**
     * @return the highest commit seqno heard.
     */
    public long commitSeqno()
    {
        return commitSeqno;
    }

    /**
     * Submits one entry.
     *
     * @return the producer seqno used (> 0), or NOT_CONNECTED, BACK_PRESSURED, ADMIN_ACTION, CLOSED.
     */
    public long offer(
        final DirectBuffer channel, final int channelOffset, final int channelLength,
        final DirectBuffer key, final int keyOffset, final int keyLength,
        final DirectBuffer payload, final int payloadOffset, final int payloadLength,
        final long timestampNs)
    {
        if (!connected)
        {
            return NOT_CONNECTED;
        }
        if (channelLength > 254)
        {
            throw new IllegalArgumentException("channel longer than 254 bytes: " + channelLength);
        }
        final ExclusivePublication publication = nodes[target];
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + SubmitEntryEncoder.BLOCK_LENGTH +
            1 + channelLength + 4 + keyLength + 4 + payloadLength;
        final long seqno = nextProducerSeqno;
        final long result;
        if (length <= publication.maxPayloadLength())
        {
            result = publication.tryClaim(length, claim);
            if (result > 0)
            {
                encode(claim.buffer(), claim.offset(), seqno, timestampNs, channel, channelOffset, channelLength,
                    key, keyOffset, keyLength, payload, payloadOffset, payloadLength);
                claim.commit();
            }
        }
        else
        {
            if (length > buffer.capacity())
            {
                throw new IllegalArgumentException("entry of " + length + " bytes exceeds " + buffer.capacity());
            }
            encode(buffer, 0, seqno, timestampNs, channel, channelOffset, channelLength, key, keyOffset, keyLength,
                payload, payloadOffset, payloadLength);
            result = publication.offer(buffer, 0, length);
        }
        if (result > 0)
        {
            nextProducerSeqno = seqno + 1;
            return seqno;
        }
        return result;
    }

    private void encode(final MutableDirectBuffer dst, final int offset, final long seqno, final long timestampNs,
        final DirectBuffer channel, final int channelOffset, final int channelLength,
        final DirectBuffer key, final int keyOffset, final int keyLength,
        final DirectBuffer payload, final int payloadOffset, final int payloadLength)
    {
        submitEncoder.wrapAndApplyHeader(dst, offset, headerEncoder)
            .logId(logId).producerId(producerId).producerSeqno(seqno).timestampNs(timestampNs);
        int at = submitEncoder.limit();
        dst.putByte(at, (byte)channelLength);
        dst.putBytes(at + 1, channel, channelOffset, channelLength);
        at += 1 + channelLength;
        dst.putInt(at, keyLength, ByteOrder.LITTLE_ENDIAN);
        dst.putBytes(at + 4, key, keyOffset, keyLength);
        at += 4 + keyLength;
        dst.putInt(at, payloadLength, ByteOrder.LITTLE_ENDIAN);
        dst.putBytes(at + 4, payload, payloadOffset, payloadLength);
    }

    /**
     * Drives the connection and delivers responses to the listener.
     *
     * @return work done.
     */
    public int poll()
    {
        final long nowNs = System.nanoTime();
        int work = responses.poll(responseHandler, 64);
        if (work > 0)
        {
            lastResponseNs = nowNs;
        }
        if (connected && nextProducerSeqno - 1 > lastAckedProducerSeqno && nowNs - lastResponseNs > SILENCE_FAILOVER_NS)
        {
            // the node went quiet with entries outstanding: try the next member
            connected = false;
            connectStartNs = 0;
            target = (target + 1) % nodes.length;
            lastResponseNs = nowNs;
        }
        if (!connected)
        {
            if (0 == connectStartNs)
            {
                connectStartNs = nowNs;
            }
            else if (nowNs - connectStartNs > CONNECT_FAILOVER_NS)
            {
                // this member does not answer (down, or its leader is): try the next
                target = (target + 1) % nodes.length;
                connectStartNs = nowNs;
            }
            if (nowNs - lastConnectNs >= CONNECT_RETRY_NS)
            {
                lastConnectNs = nowNs;
                work += sendConnect();
            }
        }
        return work;
    }

    private int sendConnect()
    {
        if (null == responseChannel)
        {
            responseChannel = responses.tryResolveChannelEndpointPort();
            if (null == responseChannel)
            {
                return 0;
            }
        }
        final byte[] channelBytes = responseChannel.getBytes(StandardCharsets.US_ASCII);
        connectEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .producerId(producerId).responseStreamId(ClusterStreams.PRODUCER_RESPONSE)
            .putResponseChannel(channelBytes, 0, channelBytes.length);
        nodes[target].offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + connectEncoder.encodedLength());
        return 1;
    }

    private void onResponse(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final int templateId = check.header(buffer, offset, length, MessageHeaderDecoder.SCHEMA_ID,
            MessageHeaderDecoder.SCHEMA_VERSION);
        if (templateId < 0)
        {
            return;
        }
        headerDecoder.wrap(buffer, offset);
        switch (templateId)
        {
            case SubmitAckDecoder.TEMPLATE_ID:
                if (check.block(offset, SubmitAckDecoder.BLOCK_LENGTH))
                {
                    ackDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                    if (ackDecoder.logId() == logId && ackDecoder.producerId() == producerId)
                    {
                        connected = true;
                        lastAckedProducerSeqno = Math.max(lastAckedProducerSeqno, ackDecoder.producerSeqno());
                        learnCommit(ackDecoder.commitSeqno());
                        listener.onAck(logId, ackDecoder.producerSeqno(), ackDecoder.seqno(), ackDecoder.commitSeqno(),
                            ackDecoder.timestampNs(), ackDecoder.status());
                    }
                }
                break;

            case CommitNoticeDecoder.TEMPLATE_ID:
                if (check.block(offset, CommitNoticeDecoder.BLOCK_LENGTH))
                {
                    commitDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                    if (commitDecoder.logId() == logId)
                    {
                        connected = true;
                        connectStartNs = 0;
                        learnCommit(commitDecoder.commitSeqno());
                    }
                }
                break;

            case IngressRejectDecoder.TEMPLATE_ID:
                if (check.block(offset, IngressRejectDecoder.BLOCK_LENGTH) && check.varUint8())
                {
                    rejectDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                    if (rejectDecoder.logId() == logId && rejectDecoder.producerId() == producerId)
                    {
                        listener.onReject(logId, rejectDecoder.producerSeqno(), rejectDecoder.expectedProducerSeqno(),
                            rejectDecoder.status());
                    }
                }
                break;

            default:
                break;
        }
    }

    private void learnCommit(final long commit)
    {
        if (commit > commitSeqno)
        {
            commitSeqno = commit;
            listener.onCommit(logId, commit);
        }
    }

    public void close()
    {
        CloseHelper.closeAll(responses);
        CloseHelper.closeAll(nodes);
    }
}
