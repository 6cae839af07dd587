package io.boomscooter.client;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.boomscooter.client.auth.ClientCredentials;
import io.boomscooter.codecs.notification.LogProgressDecoder;
import io.boomscooter.codecs.notification.SegmentCreatedDecoder;
import io.boomscooter.codecs.subscriber.AuthChallengeDecoder;
import io.boomscooter.codecs.subscriber.AuthResultDecoder;
import io.boomscooter.codecs.subscriber.AuthStatus;
import io.boomscooter.codecs.subscriber.CompleteDecoder;
import io.boomscooter.codecs.subscriber.CompleteReason;
import io.boomscooter.codecs.subscriber.DropReason;
import io.boomscooter.codecs.subscriber.DroppedDecoder;
import io.boomscooter.codecs.subscriber.EntryDecoder;
import io.boomscooter.codecs.subscriber.LogSwitchDecoder;
import io.boomscooter.codecs.subscriber.MessageHeaderDecoder;
import io.boomscooter.codecs.subscriber.MessageHeaderEncoder;
import io.boomscooter.codecs.subscriber.RefillEncoder;
import io.boomscooter.codecs.subscriber.SubscribeEncoder;
import io.boomscooter.codecs.subscriber.SubscribeMode;
import io.boomscooter.codecs.subscriber.SubscribeResponseDecoder;
import io.boomscooter.codecs.subscriber.SubscribeStatus;
import io.boomscooter.codecs.subscriber.UnsubscribeEncoder;
import io.boomscooter.driver.tcp.TcpClient;
import io.boomscooter.client.MessageCheck;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Client side of the subscriber protocol over TCP or Aeron, for applications, the CLI and tests.
 * It sends requests, decodes (bounds-checked) what the node sends and calls a {@link SubscriberListener};
 * with {@link #autoRefill(long)} it keeps the node's credit topped up as entries are consumed. Polling
 * allocates nothing per entry. Not thread safe.
 * <p>
 * With {@link #credentials(ClientCredentials)} (or {@link SubscribeRequest#authenticate(ClientCredentials)}) the
 * session proves its principal to the node (challenge-response, docs/subscriber-protocol.md "Authentication")
 * before its first Subscribe; {@link #authenticate(ClientCredentials)} does it at once. The handshake waits for
 * the node (up to 10 s) and throws {@link SubscriberAuthException} with the node's reason when it is refused.
 * <p>
 * Why one class of this length: it decodes every subscriber message with bounds checks and holds both
 * transports (TCP and Aeron) as small nested classes, so an application links one type.
 */
public final class SubscriberClient implements AutoCloseable
{
    private static final long SEND_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    private static final long HANDSHAKE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    private static final SubscriberListener IGNORE = new SubscriberListener()
    {
    };

    private final Transport transport;
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(new byte[2048]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final SubscribeEncoder subscribeEncoder = new SubscribeEncoder();
    private final RefillEncoder refillEncoder = new RefillEncoder();
    private final UnsubscribeEncoder unsubscribeEncoder = new UnsubscribeEncoder();
    private final MessageCheck check = new MessageCheck();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final io.boomscooter.codecs.notification.MessageHeaderDecoder notificationHeader =
        new io.boomscooter.codecs.notification.MessageHeaderDecoder();
    private final SubscribeResponseDecoder responseDecoder = new SubscribeResponseDecoder();
    private final EntryDecoder entryDecoder = new EntryDecoder();
    private final LogSwitchDecoder logSwitchDecoder = new LogSwitchDecoder();
    private final CompleteDecoder completeDecoder = new CompleteDecoder();
    private final DroppedDecoder droppedDecoder = new DroppedDecoder();
    private final LogProgressDecoder progressDecoder = new LogProgressDecoder();
    private final SegmentCreatedDecoder segmentCreatedDecoder = new SegmentCreatedDecoder();
    private final Int2ObjectHashMap<long[]> consumedSinceRefill = new Int2ObjectHashMap<>();
    private final MessageSink sink = this::onMessage;
    private final SubscriberHandshake handshake = new SubscriberHandshake();
    private SubscriberListener listener = IGNORE;
    private ClientCredentials credentials;
    private boolean authenticated;
    private boolean challenged;
    private long autoRefillWindow;
    private long correlationIds = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
    private boolean disconnected;
    private String protocolError;

    private SubscriberClient(final Transport transport)
    {
        this.transport = transport;
    }

    /**
     * Connects to a node's subscriber TCP port.
     */
    public static SubscriberClient tcp(final String host, final int port)
    {
        return new SubscriberClient(new TcpTransport(TcpClient.connect(host, port)));
    }

    /**
     * @param connection an open connection to a node's subscriber TCP port; owned from now on.
     */
    public static SubscriberClient over(final TcpClient connection)
    {
        return new SubscriberClient(new TcpTransport(connection));
    }

    /**
     * @param aeron           a connected client.
     * @param requestChannel  the node's {@code boomscooter.subscriber.aeron.channel}.
     * @param requestStreamId the node's {@code boomscooter.subscriber.aeron.stream}.
     * @param responseChannel where the node should publish to this client, e.g. {@code aeron:udp?endpoint=me:0}
     *                        is not allowed: give a concrete endpoint, or {@code aeron:ipc} on the same host.
     * @param responseStreamId stream of the responses.
     */
    public static SubscriberClient aeron(final Aeron aeron, final String requestChannel, final int requestStreamId,
        final String responseChannel, final int responseStreamId)
    {
        return new SubscriberClient(new AeronTransport(aeron, requestChannel, requestStreamId, responseChannel,
            responseStreamId));
    }

    /**
     * @param window credit kept outstanding per log: a Refill of window/2 goes out each time the
     *               client has consumed window/2 entries of a log. 0 turns it off.
     * @return this.
     */
    public SubscriberClient autoRefill(final long window)
    {
        this.autoRefillWindow = window;
        return this;
    }

    /**
     * @param credentials the principal and key this session proves itself with before its first Subscribe, or
     *                    null for none (a node that does not authenticate subscribers accepts either).
     * @return this.
     */
    public SubscriberClient credentials(final ClientCredentials credentials)
    {
        this.credentials = credentials;
        return this;
    }

    /**
     * @return true once the node accepted this session's proof (or said it does not authenticate subscribers).
     */
    public boolean isAuthenticated()
    {
        return authenticated;
    }

    /**
     * Runs the handshake now: AuthRequest, the node's AuthChallenge, AuthProof, the node's AuthResult, waiting up
     * to 10 s. Messages of other kinds that arrive meanwhile go to the listener of the last {@link #poll}.
     *
     * @throws SubscriberAuthException when the node refuses (its status and reason), closes the connection or does
     *                                 not answer in time.
     */
    public void authenticate(final ClientCredentials credentials)
    {
        if (authenticated)
        {
            return;
        }
        final long correlationId = ++correlationIds;
        handshake.begin(correlationId);
        challenged = false;
        try
        {
            send(handshake.encodeRequest(sendBuffer, correlationId, transport.responseChannel(),
                transport.responseStreamId()));
            final long deadlineNs = System.nanoTime() + HANDSHAKE_TIMEOUT_NS;
            while (null == handshake.outcome())
            {
                final int polled = transport.poll(sink);
                if (null != protocolError)
                {
                    throw new IllegalStateException(protocolError);
                }
                if (challenged)
                {
                    challenged = false;
                    send(handshake.encodeProof(sendBuffer, credentials, transport.kind()));
                }
                else if (null != handshake.outcome())
                {
                    break;
                }
                else if (polled < 0)
                {
                    disconnected = true;
                    throw new SubscriberAuthException(AuthStatus.NULL_VAL,
                        "the node closed the connection during authentication");
                }
                else if (System.nanoTime() - deadlineNs > 0)
                {
                    throw new SubscriberAuthException(AuthStatus.NULL_VAL, "no answer to authentication within " +
                        TimeUnit.NANOSECONDS.toSeconds(HANDSHAKE_TIMEOUT_NS) + " s");
                }
                else if (0 == polled)
                {
                    Thread.yield();
                }
            }
        }
        finally
        {
            handshake.end();
        }
        if (AuthStatus.OK != handshake.outcome())
        {
            throw new SubscriberAuthException(handshake.outcome(), "authentication refused: " + handshake.outcome() +
                ": " + handshake.outcomeMessage());
        }
        authenticated = true;
    }

    /**
     * Sends a Subscribe (waiting up to 10 s for the transport), after the handshake when this session has
     * credentials to prove and has not yet.
     *
     * @return the correlation id it carries.
     * @throws SubscriberAuthException when the handshake is refused.
     */
    public long subscribe(final SubscribeRequest request)
    {
        final ClientCredentials proving = null != request.clientCredentials ? request.clientCredentials : credentials;
        if (null != proving && !authenticated)
        {
            authenticate(proving);
        }
        final long correlationId = ++correlationIds;
        subscribeEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .protocolVersion(request.protocolVersion)
            .correlationId(correlationId)
            .logId(request.logId)
            .mode(request.notify ? SubscribeMode.NOTIFY : SubscribeMode.FULL)
            .startSeqno(request.startSeqno)
            .endSeqno(request.endSeqno)
            .maxCount(request.maxCount)
            .maxBytes(request.maxBytes)
            .initialCredit(request.initialCredit)
            .notifyIntervalMs(request.notifyIntervalMs)
            .responseStreamId(transport.responseStreamId())
            .channelPrefix(request.channelPrefix)
            .credentials(request.credentials)
            .responseChannel(transport.responseChannel());
        if (autoRefillWindow > 0 && !request.notify)
        {
            consumedSinceRefill.put(request.logId, new long[1]);
        }
        send(MessageHeaderEncoder.ENCODED_LENGTH + subscribeEncoder.encodedLength());
        return correlationId;
    }

    /**
     * Adds credit (in entries) to this session's subscription of a log.
     */
    public void refill(final int logId, final long credit)
    {
        refillEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .correlationId(correlationIds).logId(logId).credit(credit);
        send(MessageHeaderEncoder.ENCODED_LENGTH + refillEncoder.encodedLength());
    }

    /**
     * Ends this session's subscription of a log; the node answers with Complete(UNSUBSCRIBED).
     */
    public void unsubscribe(final int logId)
    {
        unsubscribeEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder).correlationId(correlationIds).logId(logId);
        send(MessageHeaderEncoder.ENCODED_LENGTH + unsubscribeEncoder.encodedLength());
    }

    /**
     * Reads what has arrived and delivers it.
     *
     * @return messages delivered; -1 once the node has closed the session and nothing is left.
     * @throws IllegalStateException when the node sends something malformed.
     */
    public int poll(final SubscriberListener listener)
    {
        this.listener = listener;
        final int polled = transport.poll(sink);
        if (null != protocolError)
        {
            throw new IllegalStateException(protocolError);
        }
        if (polled < 0 && !disconnected)
        {
            disconnected = true;
            listener.onDisconnected();
        }
        return polled;
    }

    /**
     * @return true once the node closed the connection (TCP only; an Aeron session has no end of stream).
     */
    public boolean isDisconnected()
    {
        return disconnected;
    }

    public void close()
    {
        transport.close();
    }

    private void send(final int length)
    {
        final long deadlineNs = System.nanoTime() + SEND_TIMEOUT_NS;
        while (!transport.offer(sendBuffer, 0, length))
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("cannot send to the node: not connected or not reading");
            }
            Thread.yield();
        }
    }

    private void onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            protocolError = "message shorter than a header";
            return;
        }
        final int schemaId = buffer.getShort(offset + 4, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (schemaId == LogProgressDecoder.SCHEMA_ID)
        {
            onNotification(buffer, offset, length);
            return;
        }
        final int templateId = check.header(buffer, offset, length, MessageHeaderDecoder.SCHEMA_ID,
            MessageHeaderDecoder.SCHEMA_VERSION);
        header.wrap(buffer, offset);
        switch (templateId)
        {
            case EntryDecoder.TEMPLATE_ID:
                if (check.block(offset, EntryDecoder.BLOCK_LENGTH) && check.varUint8() && check.varUint32() &&
                    check.varUint32())
                {
                    onEntry(buffer, offset);
                    return;
                }
                break;
            case AuthChallengeDecoder.TEMPLATE_ID:
            case AuthResultDecoder.TEMPLATE_ID:
                onAuthMessage(buffer, offset, length);
                return;
            case SubscribeResponseDecoder.TEMPLATE_ID:
                if (check.block(offset, SubscribeResponseDecoder.BLOCK_LENGTH) && check.varUint8())
                {
                    final SubscribeResponseDecoder d = responseDecoder.wrapAndApplyHeader(buffer, offset, header);
                    final SubscribeStatus status = status(d.statusRaw());
                    final String message = d.message(); // reads the var field: once
                    if (handshake.onRefusal(d.correlationId(), status, message))
                    {
                        return;
                    }
                    listener.onSubscribeResponse(d.correlationId(), d.logId(), status, d.earliestSeqno(),
                        d.commitSeqno(), message);
                    return;
                }
                break;
            case LogSwitchDecoder.TEMPLATE_ID:
                if (check.block(offset, LogSwitchDecoder.BLOCK_LENGTH))
                {
                    listener.onLogSwitch(logSwitchDecoder.wrapAndApplyHeader(buffer, offset, header).logId());
                    return;
                }
                break;
            case CompleteDecoder.TEMPLATE_ID:
                if (check.block(offset, CompleteDecoder.BLOCK_LENGTH))
                {
                    final CompleteDecoder d = completeDecoder.wrapAndApplyHeader(buffer, offset, header);
                    consumedSinceRefill.remove(d.logId());
                    listener.onComplete(d.correlationId(), d.logId(), d.lastSeqno(), d.delivered(),
                        completeReason(d.reasonRaw()));
                    return;
                }
                break;
            case DroppedDecoder.TEMPLATE_ID:
                if (check.block(offset, DroppedDecoder.BLOCK_LENGTH) && check.varUint8())
                {
                    final DroppedDecoder d = droppedDecoder.wrapAndApplyHeader(buffer, offset, header);
                    consumedSinceRefill.remove(d.logId());
                    listener.onDropped(d.correlationId(), d.logId(), dropReason(d.reasonRaw()), d.lastSeqno(),
                        d.message());
                    return;
                }
                break;
            default:
                break;
        }
        protocolError = "malformed message from the node: template " + templateId + ": " + check.reason();
    }

    private void onAuthMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        switch (handshake.onMessage(buffer, offset, length, transport.sessionBinding()))
        {
            case SubscriberHandshake.MALFORMED:
                protocolError = "malformed authentication message from the node: " + handshake.reason();
                break;
            case SubscriberHandshake.CHALLENGED:
                challenged = true; // answered by authenticate, outside this callback
                break;
            case SubscriberHandshake.UNSOLICITED:
                authenticated &= AuthStatus.OK == handshake.status;
                listener.onAuthResult(handshake.status, handshake.message);
                break;
            default:
                break;
        }
    }

    // Enums from the node are read raw: a value this version does not know (a newer node) is NULL_VAL,
    // never an exception from the generated lookup inside poll.
    private static SubscribeStatus status(final short raw)
    {
        return MessageCheck.isKnownEnum(raw, SubscribeStatus.values().length - 1) ?
            SubscribeStatus.get(raw) : SubscribeStatus.NULL_VAL;
    }

    private static CompleteReason completeReason(final short raw)
    {
        return MessageCheck.isKnownEnum(raw, CompleteReason.values().length - 1) ?
            CompleteReason.get(raw) : CompleteReason.NULL_VAL;
    }

    private static DropReason dropReason(final short raw)
    {
        return MessageCheck.isKnownEnum(raw, DropReason.values().length - 1) ?
            DropReason.get(raw) : DropReason.NULL_VAL;
    }

    private void onEntry(final DirectBuffer buffer, final int offset)
    {
        final EntryDecoder d = entryDecoder.wrapAndApplyHeader(buffer, offset, header);
        final int logId = d.logId();
        final long seqno = d.seqno();
        final long timestampNs = d.timestampNs();
        final long producerId = d.producerId();
        final long producerSeqno = d.producerSeqno();
        final int channelLength = d.channelLength();
        final int channelOffset = d.limit() + EntryDecoder.channelHeaderLength();
        d.skipChannel();
        final int keyLength = d.keyLength();
        final int keyOffset = d.limit() + EntryDecoder.keyHeaderLength();
        d.skipKey();
        final int payloadLength = d.payloadLength();
        final int payloadOffset = d.limit() + EntryDecoder.payloadHeaderLength();
        listener.onEntry(logId, seqno, timestampNs, producerId, producerSeqno, buffer, channelOffset, channelLength,
            keyOffset, keyLength, payloadOffset, payloadLength);
        if (autoRefillWindow > 0)
        {
            final long[] consumed = consumedSinceRefill.get(logId);
            if (null != consumed && ++consumed[0] >= autoRefillWindow / 2)
            {
                refill(logId, consumed[0]);
                consumed[0] = 0;
            }
        }
    }

    private void onNotification(final DirectBuffer buffer, final int offset, final int length)
    {
        final int templateId = check.header(buffer, offset, length, LogProgressDecoder.SCHEMA_ID,
            LogProgressDecoder.SCHEMA_VERSION);
        notificationHeader.wrap(buffer, offset);
        if (LogProgressDecoder.TEMPLATE_ID == templateId && check.block(offset, LogProgressDecoder.BLOCK_LENGTH) &&
            check.varUint8())
        {
            final LogProgressDecoder d = progressDecoder.wrapAndApplyHeader(buffer, offset, notificationHeader);
            listener.onLogProgress(d.logId(), d.segmentBaseSeqno(), d.writtenSize(), d.commitSeqno(), buffer,
                d.limit() + LogProgressDecoder.segmentFileHeaderLength(), d.segmentFileLength());
        }
        else if (SegmentCreatedDecoder.TEMPLATE_ID == templateId &&
            check.block(offset, SegmentCreatedDecoder.BLOCK_LENGTH) && check.varUint8())
        {
            final SegmentCreatedDecoder d = segmentCreatedDecoder.wrapAndApplyHeader(buffer, offset, notificationHeader);
            listener.onSegmentCreated(d.logId(), d.segmentBaseSeqno(), d.segmentLength(), buffer,
                d.limit() + SegmentCreatedDecoder.segmentFileHeaderLength(), d.segmentFileLength());
        }
        else
        {
            protocolError = "malformed notification from the node: " + check.reason();
        }
    }

    @FunctionalInterface
    private interface MessageSink
    {
        void onMessage(DirectBuffer buffer, int offset, int length);
    }

    private interface Transport extends AutoCloseable
    {
        boolean offer(DirectBuffer buffer, int offset, int length);

        int poll(MessageSink sink);

        String responseChannel();

        int responseStreamId();

        /**
         * @return the session id an authentication proof binds (the Aeron publication's), or
         *         {@link SubscriberHandshake#NO_BINDING} to take the node's (a TCP connection id).
         */
        long sessionBinding();

        long kind();

        void close();
    }

    private static final class TcpTransport implements Transport
    {
        private final TcpClient client;
        private MessageSink sink;
        private final TcpClient.FrameHandler handler = (buffer, offset, length) -> sink.onMessage(buffer, offset, length);

        TcpTransport(final TcpClient client)
        {
            this.client = client;
        }

        public boolean offer(final DirectBuffer buffer, final int offset, final int length)
        {
            return client.offer(buffer, offset, length);
        }

        public int poll(final MessageSink sink)
        {
            this.sink = sink;
            client.flush();
            try
            {
                return client.poll(handler);
            }
            catch (final java.io.UncheckedIOException ex)
            {
                return -1; // a reset: the node is gone
            }
        }

        public String responseChannel()
        {
            return "";
        }

        public int responseStreamId()
        {
            return 0;
        }

        public long sessionBinding()
        {
            return SubscriberHandshake.NO_BINDING;
        }

        public long kind()
        {
            return SubscriberHandshake.TRANSPORT_TCP;
        }

        public void close()
        {
            client.close();
        }
    }

    private static final class AeronTransport implements Transport
    {
        private final Publication requests;
        private final Subscription responses;
        private final String responseChannel;
        private final int responseStreamId;
        private MessageSink sink;
        private final FragmentHandler handler =
            new FragmentAssembler((buffer, offset, length, header) -> sink.onMessage(buffer, offset, length));

        AeronTransport(final Aeron aeron, final String requestChannel, final int requestStreamId,
            final String responseChannel, final int responseStreamId)
        {
            this.responseChannel = responseChannel;
            this.responseStreamId = responseStreamId;
            responses = aeron.addSubscription(responseChannel, responseStreamId);
            requests = aeron.addExclusivePublication(requestChannel, requestStreamId);
        }

        public boolean offer(final DirectBuffer buffer, final int offset, final int length)
        {
            return requests.offer(buffer, offset, length) > 0;
        }

        public int poll(final MessageSink sink)
        {
            this.sink = sink;
            return responses.poll(handler, 256);
        }

        public String responseChannel()
        {
            return responseChannel;
        }

        public int responseStreamId()
        {
            return responseStreamId;
        }

        public long sessionBinding()
        {
            return requests.sessionId();
        }

        public long kind()
        {
            return SubscriberHandshake.TRANSPORT_AERON;
        }

        public void close()
        {
            CloseHelper.quietCloseAll(requests, responses);
        }
    }
}
