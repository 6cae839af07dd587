package io.boomscooter.client;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.boomscooter.codecs.ingress.CommitNoticeDecoder;
import io.boomscooter.codecs.ingress.IngressRejectDecoder;
import io.boomscooter.codecs.ingress.MessageHeaderDecoder;
import io.boomscooter.codecs.ingress.MessageHeaderEncoder;
import io.boomscooter.codecs.ingress.ProducerConnectEncoder;
import io.boomscooter.codecs.ingress.SubmitAckDecoder;
import io.boomscooter.codecs.ingress.SubmitEntryEncoder;
import io.boomscooter.client.MessageCheck;
import io.boomscooter.client.ClusterStreams;
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
 * Each entry carries this producer's id and a producer seqno; the leader takes each producer's entries
 * in producer-seqno order only, drops repeats and rejects a gap. Entries stay in a retransmit buffer until
 * committed and are re-sent after a gap reject, a new leader epoch or a failover to another member, so
 * none is lost or duplicated; a full buffer back-pressures {@link #offer}.
 * <p>
 * Why one class of this length: the retransmit ring, acknowledgement bookkeeping and failover all act on
 * the same ring positions, and an application embeds one class.
 */
public final class ProducerClient implements AutoCloseable
{
    public static final long NOT_CONNECTED = Publication.NOT_CONNECTED;
    public static final long BACK_PRESSURED = Publication.BACK_PRESSURED;
    public static final long ADMIN_ACTION = Publication.ADMIN_ACTION;
    public static final long CLOSED = Publication.CLOSED;
    public static final long MAX_POSITION_EXCEEDED = Publication.MAX_POSITION_EXCEEDED;

    private static final long CONNECT_RETRY_NS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Entries waiting and no commit moved for this long: try the next member (see {@link #failoverTimeouts}). */
    public static final long SILENCE_FAILOVER_NS_DEFAULT = TimeUnit.MILLISECONDS.toNanos(500);
    /** A member that does not answer a connect (or whose publication lost its image) for this long is skipped. */
    public static final long CONNECT_FAILOVER_NS_DEFAULT = TimeUnit.MILLISECONDS.toNanos(1_000);
    public static final int RETRANSMIT_BUFFER_LENGTH_DEFAULT = 4 * 1024 * 1024;
    private static final int RECORD_HEADER_LENGTH = 8;
    private static final io.boomscooter.codecs.ingress.SubmitStatus[] STATUSES =
        io.boomscooter.codecs.ingress.SubmitStatus.values();
    private static final int PADDING = -1;
    private static final int PRODUCER_SEQNO_OFFSET =
        MessageHeaderEncoder.ENCODED_LENGTH + SubmitEntryEncoder.producerSeqnoEncodingOffset();

    private final Aeron aeron;
    private final int logId;
    private final long producerId;
    private final ProducerListener listener;
    private final ExclusivePublication[] nodes;
    private final Subscription responses;
    private final FragmentHandler responseHandler = new FragmentAssembler(this::onResponse);
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024));
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final SubmitEntryEncoder submitEncoder = new SubmitEntryEncoder();
    private final ProducerConnectEncoder connectEncoder = new ProducerConnectEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final SubmitAckDecoder ackDecoder = new SubmitAckDecoder();
    private final CommitNoticeDecoder commitDecoder = new CommitNoticeDecoder();
    private final IngressRejectDecoder rejectDecoder = new IngressRejectDecoder();
    private final MessageCheck check = new MessageCheck();
    private final io.boomscooter.codecs.ingress.AuthChallengeDecoder challengeDecoder =
        new io.boomscooter.codecs.ingress.AuthChallengeDecoder();
    private final io.boomscooter.codecs.ingress.AuthResponseEncoder authEncoder =
        new io.boomscooter.codecs.ingress.AuthResponseEncoder();
    private final byte[] nonce = new byte[io.boomscooter.client.auth.AuthProof.NONCE_LENGTH];
    private final byte[] mac = new byte[io.boomscooter.client.auth.AuthProof.MAC_LENGTH];
    private io.boomscooter.client.auth.ClientCredentials credentials;
    private io.boomscooter.client.auth.AuthProof authProof;
    private boolean toldUnauthenticated;
    private long silenceFailoverNs = SILENCE_FAILOVER_NS_DEFAULT;
    private long connectFailoverNs = CONNECT_FAILOVER_NS_DEFAULT;
    private int target;
    private boolean connected;
    private long lastConnectNs;
    private long connectStartNs;
    private long lastResponseNs;
    private long nextProducerSeqno = 1;
    private long lastAckedProducerSeqno;
    private long commitBefore;
    private long targetDownSinceNs;
    private long leaderEpoch;
    private final long[] ackPairProducerSeqno = new long[1024];
    private final long[] ackPairSeqno = new long[1024];
    private long ackPairHead;
    private long ackPairTail;
    private long commitSeqno;
    private String responseChannel;
    private final UnsafeBuffer ring;
    private final int ringMask;
    private long ringHead;
    private long ringTail;
    private long resendPosition = -1;
    private final int responseStreamId;

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
        this(aeron, nodeChannels, logId, producerId, listener, responseHost, RETRANSMIT_BUFFER_LENGTH_DEFAULT);
    }

    /**
     * How soon this producer gives up on the member it talks to. The silence timeout need not exceed the
     * cluster's election timeout: a member that knows no leader yet drops the connect, the connect is
     * re-sent every 50 ms, and the member forwards it once the election has made a leader. The defaults
     * (500 ms, 1 s) suit the 300 ms election timeout; shorter silence only adds re-sends under a slow commit
     * (deduplicated by the leader), never a loss.
     *
     * @param silenceNs entries waiting and no commit moved for this long: try the next member.
     * @param connectNs a member that does not answer a connect, or whose link is down, this long: next.
     * @return this.
     */
    /**
     * Proves this producer's principal when a node asks (its {@code AuthChallenge}); needed when the cluster
     * has authentication on (docs/authentication.md). Without it such a cluster answers nothing but challenges,
     * and the listener hears one UNAUTHENTICATED reject.
     *
     * @param credentials the principal and key, or null for none.
     * @return this.
     */
    public ProducerClient authenticate(final io.boomscooter.client.auth.ClientCredentials credentials)
    {
        this.credentials = credentials;
        this.authProof = null == credentials ? null : new io.boomscooter.client.auth.AuthProof();
        return this;
    }

    public ProducerClient failoverTimeouts(final long silenceNs, final long connectNs)
    {
        if (silenceNs <= 0 || connectNs <= 0)
        {
            throw new IllegalArgumentException("failover timeouts must be positive: " + silenceNs + ", " + connectNs);
        }
        this.silenceFailoverNs = silenceNs;
        this.connectFailoverNs = connectNs;
        return this;
    }

    /**
     * @param retransmitBufferLength bytes (a power of two) holding entries until they are acknowledged, so
     *                               they can be re-sent after a failover; a full buffer back-pressures offer.
     */
    public ProducerClient(final Aeron aeron, final List<String> nodeChannels, final int logId, final long producerId,
        final ProducerListener listener, final String responseHost, final int retransmitBufferLength)
    {
        this(aeron, nodeChannels, logId, producerId, listener, responseHost, retransmitBufferLength,
            ClusterStreams.DEFAULTS);
    }

    /**
     * @param streams the cluster's stream ids, when it sets its own ({@link ClusterStreams#from}).
     */
    public ProducerClient(final Aeron aeron, final List<String> nodeChannels, final int logId, final long producerId,
        final ProducerListener listener, final String responseHost, final int retransmitBufferLength,
        final ClusterStreams streams)
    {
        if (!org.agrona.BitUtil.isPowerOfTwo(retransmitBufferLength) || retransmitBufferLength < 64 * 1024)
        {
            throw new IllegalArgumentException("retransmit buffer length must be a power of two >= 65536: " +
                retransmitBufferLength);
        }
        this.ring = new UnsafeBuffer(ByteBuffer.allocateDirect(retransmitBufferLength));
        this.ringMask = retransmitBufferLength - 1;
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
            nodes[i] = aeron.addExclusivePublication(nodeChannels.get(i), streams.ingress());
        }
        this.responses = aeron.addSubscription("aeron:udp?endpoint=" + responseHost + ":0",
            streams.producerResponse());
        this.responseStreamId = streams.producerResponse();
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
        if (resendPosition >= 0)
        {
            return BACK_PRESSURED;
        }
        if (channelLength > 254)
        {
            throw new IllegalArgumentException("channel longer than 254 bytes: " + channelLength);
        }
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + SubmitEntryEncoder.BLOCK_LENGTH +
            1 + channelLength + 4 + keyLength + 4 + payloadLength;
        final int recordLength = org.agrona.BitUtil.align(RECORD_HEADER_LENGTH + length, 8);
        if (recordLength > ring.capacity() / 4)
        {
            throw new IllegalArgumentException("entry of " + length + " bytes exceeds a quarter of the retransmit buffer");
        }
        final int index = (int)(ringTail & ringMask);
        final int toEnd = ring.capacity() - index;
        final int padding = recordLength > toEnd ? toEnd : 0;
        if (ringTail + padding + recordLength - ringHead > ring.capacity())
        {
            return BACK_PRESSURED;
        }
        if (padding > 0)
        {
            ring.putInt(index, PADDING);
        }
        final int at = padding > 0 ? 0 : index;
        final long seqno = nextProducerSeqno;
        ring.putInt(at, length);
        encode(ring, at + RECORD_HEADER_LENGTH, seqno, timestampNs, channel, channelOffset, channelLength,
            key, keyOffset, keyLength, payload, payloadOffset, payloadLength);
        final long result = nodes[target].offer(ring, at + RECORD_HEADER_LENGTH, length);
        if (result > 0)
        {
            ringTail += padding + recordLength;
            nextProducerSeqno = seqno + 1;
            return seqno;
        }
        return result;
    }

    /**
     * @return bytes of entries sent but not yet acknowledged.
     */
    public long unacknowledgedBytes()
    {
        return ringTail - ringHead;
    }

    private void release(final long ackedProducerSeqno)
    {
        while (ringHead < ringTail)
        {
            final int index = (int)(ringHead & ringMask);
            final int length = ring.getInt(index);
            if (PADDING == length)
            {
                ringHead += ring.capacity() - index;
                continue;
            }
            if (ring.getLong(index + RECORD_HEADER_LENGTH + PRODUCER_SEQNO_OFFSET, ByteOrder.LITTLE_ENDIAN) >
                ackedProducerSeqno)
            {
                break;
            }
            ringHead += org.agrona.BitUtil.align(RECORD_HEADER_LENGTH + length, 8);
        }
        if (resendPosition >= 0 && resendPosition < ringHead)
        {
            resendPosition = ringHead < ringTail ? ringHead : -1;
        }
    }

    private void resendFrom(final long producerSeqno)
    {
        long position = ringHead;
        while (position < ringTail)
        {
            final int index = (int)(position & ringMask);
            final int length = ring.getInt(index);
            if (PADDING == length)
            {
                position += ring.capacity() - index;
                continue;
            }
            if (ring.getLong(index + RECORD_HEADER_LENGTH + PRODUCER_SEQNO_OFFSET, ByteOrder.LITTLE_ENDIAN) >=
                producerSeqno)
            {
                if (resendPosition < 0 || position < resendPosition)
                {
                    resendPosition = position;
                }
                return;
            }
            position += org.agrona.BitUtil.align(RECORD_HEADER_LENGTH + length, 8);
        }
    }

    private int resend()
    {
        int sent = 0;
        while (resendPosition >= 0 && sent < 64)
        {
            if (resendPosition >= ringTail)
            {
                resendPosition = -1;
                break;
            }
            final int index = (int)(resendPosition & ringMask);
            final int length = ring.getInt(index);
            if (PADDING == length)
            {
                resendPosition += ring.capacity() - index;
                continue;
            }
            if (nodes[target].offer(ring, index + RECORD_HEADER_LENGTH, length) < 0)
            {
                break;
            }
            resendPosition += org.agrona.BitUtil.align(RECORD_HEADER_LENGTH + length, 8);
            sent++;
        }
        return sent;
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
        // progress is a commit that moved while entries wait in the retransmit buffer: a deposed leader may
        // go on acking (and heartbeating) entries it can never commit, so acks alone do not count
        if (ringHead == ringTail || commitBefore != commitSeqno)
        {
            commitBefore = commitSeqno;
            lastResponseNs = nowNs;
        }
        if (connected)
        {
            if (nodes[target].isConnected())
            {
                targetDownSinceNs = 0;
            }
            else if (0 == targetDownSinceNs)
            {
                targetDownSinceNs = nowNs;
            }
        }
        if (connected && (nowNs - lastResponseNs > silenceFailoverNs ||
            (0 != targetDownSinceNs && nowNs - targetDownSinceNs > connectFailoverNs)))
        {
            // neither acks nor commits moved with entries waiting (the member we talk to may lead an epoch
            // that can no longer commit), or the member we send to is gone (the leader may still answer us,
            // but what we send never reaches it): try the next member and re-send what is not committed
            targetDownSinceNs = 0;
            connected = false;
            connectStartNs = 0;
            target = (target + 1) % nodes.length;
            lastResponseNs = nowNs;
        }
        if (connected && resendPosition >= 0)
        {
            work += resend();
        }
        if (!connected)
        {
            if (0 == connectStartNs)
            {
                connectStartNs = nowNs;
            }
            else if (nowNs - connectStartNs > connectFailoverNs)
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
            .producerId(producerId).responseStreamId(responseStreamId)
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
                    if (ackDecoder.logId() == logId && ackDecoder.producerId() == producerId &&
                        leaderEpoch(ackDecoder.epoch()))
                    {
                        onAnswer();
                        onAppended(ackDecoder.producerSeqno(), ackDecoder.seqno());
                        learnCommit(ackDecoder.commitSeqno());
                        listener.onAck(logId, ackDecoder.producerSeqno(), ackDecoder.seqno(), ackDecoder.commitSeqno(),
                            ackDecoder.timestampNs(), status(ackDecoder.statusRaw()), ackDecoder.epoch());
                    }
                }
                break;

            case CommitNoticeDecoder.TEMPLATE_ID:
                if (check.block(offset, CommitNoticeDecoder.BLOCK_LENGTH))
                {
                    commitDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                    if (commitDecoder.logId() == logId && leaderEpoch(commitDecoder.epoch()))
                    {
                        onAnswer();
                        learnCommit(commitDecoder.commitSeqno());
                    }
                }
                break;

            case io.boomscooter.codecs.ingress.AuthChallengeDecoder.TEMPLATE_ID:
                if (check.block(offset, io.boomscooter.codecs.ingress.AuthChallengeDecoder.BLOCK_LENGTH))
                {
                    challengeDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                    if (challengeDecoder.logId() == logId && challengeDecoder.producerId() == producerId)
                    {
                        onChallenge();
                    }
                }
                break;

            case IngressRejectDecoder.TEMPLATE_ID:
                if (check.block(offset, IngressRejectDecoder.BLOCK_LENGTH) && check.varUint8())
                {
                    rejectDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                    if (rejectDecoder.logId() == logId && rejectDecoder.producerId() == producerId)
                    {
                        final io.boomscooter.codecs.ingress.SubmitStatus status = status(rejectDecoder.statusRaw());
                        if (status == io.boomscooter.codecs.ingress.SubmitStatus.GAP)
                        {
                            resendFrom(rejectDecoder.expectedProducerSeqno());
                        }
                        listener.onReject(logId, rejectDecoder.producerSeqno(), rejectDecoder.expectedProducerSeqno(),
                            status);
                    }
                }
                break;

            default:
                break;
        }
    }

    /**
     * @return the status, or NULL_VAL for a value this version does not know (never an exception).
     */
    private static io.boomscooter.codecs.ingress.SubmitStatus status(final short raw)
    {
        for (final io.boomscooter.codecs.ingress.SubmitStatus status : STATUSES)
        {
            if (status.value() == raw)
            {
                return status;
            }
        }
        return io.boomscooter.codecs.ingress.SubmitStatus.NULL_VAL;
    }

    /**
     * The member is alive and wants a proof: answer it there (a handshake, so it may allocate).
     */
    private void onChallenge()
    {
        connectStartNs = System.nanoTime();
        if (null == credentials)
        {
            if (!toldUnauthenticated)
            {
                toldUnauthenticated = true;
                listener.onReject(logId, 0, 0, io.boomscooter.codecs.ingress.SubmitStatus.UNAUTHENTICATED);
            }
            return;
        }
        challengeDecoder.getNonce(nonce, 0, nonce.length);
        credentials.prove(authProof, io.boomscooter.client.auth.AuthProof.PRODUCER, nonce, 0, producerId, logId, 0,
            mac, 0);
        authEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder).logId(logId).producerId(producerId)
            .putMac(mac, 0, mac.length).principal(credentials.principal());
        nodes[target].offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + authEncoder.encodedLength());
    }

    private void onAnswer()
    {
        if (!connected)
        {
            connected = true;
            connectStartNs = 0;
            if (ringHead < ringTail)
            {
                // whatever was in flight to the previous member may be lost: the leader drops repeats
                resendPosition = ringHead;
            }
        }
    }

    /**
     * @return false for an answer from a leader of an older epoch, which is ignored. A newer epoch
     * voids the acks of older ones: their entries stay buffered until the new leader acks and commits them.
     */
    private boolean leaderEpoch(final long epoch)
    {
        if (epoch < leaderEpoch)
        {
            return false;
        }
        if (epoch > leaderEpoch)
        {
            leaderEpoch = epoch;
            ackPairHead = ackPairTail;
            lastAckedProducerSeqno = 0;
            if (ringHead < ringTail)
            {
                resendPosition = ringHead;
            }
        }
        return true;
    }

    /**
     * Entries up to producerSeqno are appended at seqnos up to seqno; they leave the retransmit buffer
     * once the commit seqno reaches seqno (an appended entry can still be lost with its leader).
     */
    private void onAppended(final long producerSeqno, final long seqno)
    {
        if (producerSeqno <= lastAckedProducerSeqno)
        {
            return;
        }
        lastAckedProducerSeqno = producerSeqno;
        if (ackPairTail - ackPairHead == ackPairProducerSeqno.length)
        {
            ackPairTail--; // full: the newest pair stands for the one it replaces, release is only later
        }
        final int slot = (int)(ackPairTail & (ackPairProducerSeqno.length - 1));
        ackPairProducerSeqno[slot] = producerSeqno;
        ackPairSeqno[slot] = seqno;
        ackPairTail++;
    }

    private void learnCommit(final long commit)
    {
        long releasable = 0;
        while (ackPairHead < ackPairTail)
        {
            final int slot = (int)(ackPairHead & (ackPairProducerSeqno.length - 1));
            if (ackPairSeqno[slot] > commit)
            {
                break;
            }
            releasable = ackPairProducerSeqno[slot];
            ackPairHead++;
        }
        if (releasable > 0)
        {
            release(releasable);
        }
        if (commit > commitSeqno)
        {
            commitSeqno = commit;
            listener.onCommit(logId, commit, leaderEpoch);
        }
    }

    public String toString()
    {
        return "ProducerClient{producerId=" + producerId + ", log=" + logId + ", target=" + target +
            ", connected=" + connected + ", targetConnected=" + nodes[target].isConnected() +
            ", nextProducerSeqno=" + nextProducerSeqno + ", lastAcked=" + lastAckedProducerSeqno +
            ", commit=" + commitSeqno + ", unacknowledgedBytes=" + unacknowledgedBytes() +
            ", resending=" + (resendPosition >= 0) + "}";
    }

    public void close()
    {
        CloseHelper.closeAll(responses);
        CloseHelper.closeAll(nodes);
    }
}
