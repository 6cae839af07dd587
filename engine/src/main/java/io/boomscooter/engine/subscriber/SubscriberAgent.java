package io.boomscooter.engine.subscriber;

import io.boomscooter.client.SubscribeRequest;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.boomscooter.codecs.subscriber.AuthProofDecoder;
import io.boomscooter.codecs.subscriber.AuthRequestDecoder;
import io.boomscooter.codecs.subscriber.EntryEncoder;
import io.boomscooter.codecs.subscriber.LogSwitchEncoder;
import io.boomscooter.codecs.subscriber.MessageHeaderEncoder;
import io.boomscooter.codecs.subscriber.RefillDecoder;
import io.boomscooter.codecs.subscriber.SubscribeDecoder;
import io.boomscooter.codecs.subscriber.SubscribeMode;
import io.boomscooter.codecs.subscriber.SubscribeStatus;
import io.boomscooter.codecs.subscriber.UnsubscribeDecoder;
import io.boomscooter.codecs.subscriber.CompleteReason;
import io.boomscooter.driver.tcp.TcpBufferClaim;
import io.boomscooter.driver.tcp.TcpDisconnectReason;
import io.boomscooter.driver.tcp.TcpFrameHandler;
import io.boomscooter.driver.tcp.TcpTransportPoller;
import io.boomscooter.client.MessageCheck;
import io.boomscooter.engine.log.LogException;
import io.boomscooter.engine.log.LogReader;
import io.boomscooter.engine.session.AeronOutbound;
import io.boomscooter.engine.session.SessionList;
import io.boomscooter.engine.session.TcpOutbound;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The subscriber fan-out of a node: serves full and notification-only subscribers of every log it is
 * given, over TCP (its own {@link TcpTransportPoller}, polled in this duty cycle) and Aeron (a request
 * subscription, and one exclusive publication back to each subscriber). Sessions are ticked through a
 * {@link SessionList}, each with a budget of entries per duty cycle, so one busy subscriber cannot starve
 * the others; a subscriber that pushes back only stops itself. Aeron publications and the request
 * subscription are registered asynchronously and polled, never awaited in the duty cycle. When the node
 * stops, open subscriptions are told SHUTDOWN before their connections close. Nothing here touches the leader's path: entries are
 * read from the segment files, bounded by each log's commit seqno.
 * <p>
 * Zero allocation per entry: entries are encoded straight from the mapped frame into the transport's
 * buffer; allocation happens only when a session or subscription starts.
 * <p>
 * (Over 400 lines: request validation and the fan-out's Context live here with the dispatch they configure.)
 * Why one class of this length: request decoding, validation with a reason for every refusal, and the
 * two transports' registration all act on the agent's session table; sessions themselves are apart, and so
 * is authentication ({@link SubscriberAuthenticator}: with the node's credentials file no request of a session
 * is acted on before it proved its principal).
 */
public final class SubscriberAgent implements Agent, TcpFrameHandler
{
    /** The protocol version this node speaks, carried in Subscribe.protocolVersion. */
    public static final int PROTOCOL_VERSION = io.boomscooter.client.SubscribeRequest.PROTOCOL_VERSION;

    private static final int AERON_FRAGMENT_LIMIT = 16;
    /** The longest string field (channelPrefix, credentials, responseChannel) the protocol allows. */
    static final int MAX_STRING_LENGTH = 254;
    static final String SHUTDOWN_REASON = "node shutting down";
    private static final long SHUTDOWN_FLUSH_NS = TimeUnit.SECONDS.toNanos(2);

    private final Context ctx;
    private final SubscriberCounters counters;
    private final ErrorHandler errorHandler;
    private final NanoClock nanoClock;
    private final Int2ObjectHashMap<LogSource> sources = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<LogTail> tails = new Int2ObjectHashMap<>();
    private final List<LogTail> tailList = new ArrayList<>();
    private final Long2ObjectHashMap<SubscriberSession> tcpSessions = new Long2ObjectHashMap<>();
    private final Int2ObjectHashMap<SubscriberSession> aeronSessions = new Int2ObjectHashMap<>();
    private final SessionList<SubscriberSession> sessions = new SessionList<>();
    private final SubscriberRequestAdapter adapter = new SubscriberRequestAdapter();
    private final TcpTransportPoller poller;
    private final TcpBufferClaim tcpClaim = new TcpBufferClaim();
    private final BufferClaim aeronClaim = new BufferClaim();
    private final FragmentHandler aeronRequestHandler = this::onAeronRequest;
    private final SubscriberAuthenticator authenticator;
    private Subscription aeronRequests;
    private long aeronRequestsRegistrationId = Aeron.NULL_VALUE;
    private long nowNs;
    private int subscriptionCount;

    final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    final EntryEncoder entryEncoder = new EntryEncoder();
    final LogSwitchEncoder logSwitchEncoder = new LogSwitchEncoder();
    final SubscriberProxy proxy = new SubscriberProxy();
    final UnsafeBuffer scratch;
    final UnsafeBuffer notificationScratch = new UnsafeBuffer(new byte[SubscriberProxy.MAX_NOTIFICATION_LENGTH + 64]);
    long entriesSent;
    private long drops;

    /**
     * Binds the TCP port at once (when TCP is enabled), so {@link #tcpPort()} is known on return.
     */
    public SubscriberAgent(final Context ctx)
    {
        this.ctx = ctx.conclude();
        counters = ctx.counters;
        errorHandler = ctx.errorHandler;
        nanoClock = ctx.nanoClock;
        for (final LogSource source : ctx.sources)
        {
            sources.put(source.logId(), source);
        }
        authenticator = new SubscriberAuthenticator(ctx.credentialsWatcher, ctx.credentials, proxy, counters,
            ctx.lagTimeoutNs);
        scratch = new UnsafeBuffer(new byte[ctx.maxMessageLength]);
        poller = null == ctx.tcpContext ? null : new TcpTransportPoller(ctx.tcpContext.frameHandler(this)
            .errorHandler(errorHandler));
    }

    /**
     * @return the TCP port subscribers connect to, or -1 without TCP.
     */
    public int tcpPort()
    {
        return null == poller ? -1 : poller.port();
    }

    public void onStart()
    {
        if (null != ctx.aeron && null != ctx.aeronRequestChannel)
        {
            aeronRequestsRegistrationId = ctx.aeron.asyncAddSubscription(
                ctx.aeronRequestChannel, ctx.aeronRequestStreamId);
        }
    }

    private int pollRequestSubscription()
    {
        // getSubscription throws the driver's RegistrationException if it refused: the agent cannot serve
        // Aeron subscribers at all then, so let it reach the error handler and stop this agent
        final Subscription subscription = ctx.aeron.getSubscription(aeronRequestsRegistrationId);
        if (null == subscription)
        {
            return 0;
        }
        aeronRequests = subscription;
        aeronRequestsRegistrationId = Aeron.NULL_VALUE;
        return 1;
    }

    public int doWork()
    {
        nowNs = nanoClock.nanoTime();
        int work = 0;
        if (null != poller)
        {
            work += poller.doWork();
        }
        if (null != aeronRequests)
        {
            work += aeronRequests.poll(aeronRequestHandler, AERON_FRAGMENT_LIMIT);
        }
        else if (Aeron.NULL_VALUE != aeronRequestsRegistrationId)
        {
            work += pollRequestSubscription();
        }
        for (int i = 0, n = tailList.size(); i < n; i++)
        {
            work += tailList.get(i).poll();
        }
        if (authenticator.credentialsChanged())
        {
            work += authenticator.recheck(sessions, nowNs);
        }
        work += sessions.doWork(nowNs);
        counters.entriesSent.setRelease(entriesSent);
        return work;
    }

    /**
     * Tells every open subscription SHUTDOWN, gives the TCP connections a bounded moment to take it (this
     * is the node stopping, not a duty cycle), then closes everything.
     */
    public void onClose()
    {
        sessions.abortAll(SHUTDOWN_REASON);
        if (null != poller)
        {
            final long deadlineNs = System.nanoTime() + SHUTDOWN_FLUSH_NS;
            while (poller.connectionCount() > 0 && System.nanoTime() - deadlineNs < 0)
            {
                if (0 == poller.doWork())
                {
                    Thread.onSpinWait();
                    Thread.yield();
                }
            }
        }
        CloseHelper.quietCloseAll(tailList);
        tailList.clear();
        tails.clear();
        CloseHelper.quietCloseAll(poller, aeronRequests);
    }

    public String roleName()
    {
        return "subscriber-fan-out";
    }

    // ---------------------------------------------------------------- TCP

    public void onConnected(final long connectionId, final InetSocketAddress remoteAddress)
    {
        final SubscriberSession session = new SubscriberSession(this, connectionId, false,
            new TcpOutbound(poller, tcpClaim, connectionId), ctx.maxLogsPerSession, ctx.sessionBudget, ctx.lagTimeoutNs,
            authenticator.newSession(nowNs));
        tcpSessions.put(connectionId, session);
        addSession(session);
    }

    public void onFrame(final long connectionId, final DirectBuffer buffer, final int offset, final int length)
    {
        final SubscriberSession session = tcpSessions.get(connectionId);
        if (null != session && !session.isClosing())
        {
            onRequest(session, buffer, offset, length);
        }
    }

    public void onDisconnected(final long connectionId, final TcpDisconnectReason reason)
    {
        final SubscriberSession session = tcpSessions.get(connectionId);
        if (null != session)
        {
            session.finish(false); // closed and dropped by the session list this cycle
        }
    }

    // ---------------------------------------------------------------- Aeron

    private void onAeronRequest(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final int sessionId = header.sessionId();
        SubscriberSession session = aeronSessions.get(sessionId);
        if (null == session)
        {
            // Without a session there is nowhere to answer: only a well-formed Subscribe or AuthRequest can open one.
            final int templateId = adapter.decode(buffer, offset, length);
            if ((SubscribeDecoder.TEMPLATE_ID != templateId && AuthRequestDecoder.TEMPLATE_ID != templateId) ||
                adapter.responseChannelLength <= 0)
            {
                counters.malformed.increment();
                return;
            }
            final String channel = buffer.getStringWithoutLengthUtf8(adapter.responseChannelOffset,
                adapter.responseChannelLength);
            final long registrationId;
            try
            {
                // asynchronous: the session's outbound polls for the publication; its answers wait in the
                // control queue until then
                registrationId = ctx.aeron.asyncAddExclusivePublication(channel, adapter.responseStreamId);
            }
            catch (final RuntimeException ex)
            {
                counters.malformed.increment();
                errorHandler.onError(ex);
                return;
            }
            session = new SubscriberSession(this, sessionId, true,
                AeronOutbound.pending(ctx.aeron, registrationId, aeronClaim, scratch), ctx.maxLogsPerSession,
                ctx.sessionBudget, ctx.lagTimeoutNs, authenticator.newSession(nowNs));
            aeronSessions.put(sessionId, session);
            addSession(session);
        }
        if (!session.isClosing())
        {
            onRequest(session, buffer, offset, length);
        }
    }

    // ---------------------------------------------------------------- requests

    private void onRequest(final SubscriberSession session, final DirectBuffer buffer, final int offset, final int length)
    {
        final int templateId = adapter.decode(buffer, offset, length);
        switch (templateId)
        {
            case SubscribeDecoder.TEMPLATE_ID:
                if (admitted(session, adapter.subscribe.correlationId(), adapter.subscribe.logId()))
                {
                    onSubscribe(session);
                }
                break;
            case RefillDecoder.TEMPLATE_ID:
                if (admitted(session, adapter.refill.correlationId(), adapter.refill.logId()))
                {
                    onRefill(session);
                }
                break;
            case UnsubscribeDecoder.TEMPLATE_ID:
                if (admitted(session, adapter.unsubscribe.correlationId(), adapter.unsubscribe.logId()))
                {
                    final LogSubscription subscription = session.find(adapter.unsubscribe.logId());
                    if (null != subscription)
                    {
                        subscription.complete(CompleteReason.UNSUBSCRIBED);
                    }
                }
                break;
            case AuthRequestDecoder.TEMPLATE_ID:
                authenticator.onAuthRequest(session, adapter.authRequest, nowNs);
                break;
            case AuthProofDecoder.TEMPLATE_ID:
                authenticator.onAuthProof(session, adapter, nowNs);
                break;
            case SubscriberRequestAdapter.BAD_SCHEMA_VERSION:
                reject(session, adapter.correlationIdOrNull(buffer, offset, length), -1, SubscribeStatus.BAD_VERSION,
                    "unsupported schema version");
                break;
            default:
                counters.malformed.increment();
                reject(session, adapter.correlationIdOrNull(buffer, offset, length), -1, SubscribeStatus.MALFORMED,
                    adapter.reason());
        }
    }

    /**
     * @return true when the session may make requests; else it is refused (BAD_CREDENTIALS), counted and closed.
     */
    private boolean admitted(final SubscriberSession session, final long correlationId, final int logId)
    {
        if (SubscriberAuthenticator.isAuthenticated(session))
        {
            return true;
        }
        counters.authFailures.increment();
        reject(session, correlationId, logId, SubscribeStatus.BAD_CREDENTIALS, SubscriberAuthenticator.NOT_AUTHENTICATED);
        return false;
    }

    private void onRefill(final SubscriberSession session)
    {
        final RefillDecoder refill = adapter.refill;
        final long credit = refill.credit();
        if (credit < 0)
        {
            counters.malformed.increment();
            reject(session, refill.correlationId(), refill.logId(), SubscribeStatus.MALFORMED, "negative credit");
            return;
        }
        final LogSubscription subscription = session.find(refill.logId());
        if (null != subscription)
        {
            subscription.addCredit(credit); // a refill racing a completion finds nothing and is ignored
        }
    }

    private void onSubscribe(final SubscriberSession session)
    {
        final SubscribeDecoder d = adapter.subscribe;
        final long correlationId = d.correlationId();
        final int logId = d.logId();
        if (PROTOCOL_VERSION != d.protocolVersion())
        {
            reject(session, correlationId, logId, SubscribeStatus.BAD_VERSION, "unsupported protocol version");
            return;
        }
        if (authenticator.hasSharedSecret() && !authenticator.sharedSecretMatches(adapter))
        {
            counters.authFailures.increment();
            reject(session, correlationId, logId, SubscribeStatus.BAD_CREDENTIALS, "bad credentials");
            return;
        }
        final LogSource source = sources.get(logId);
        if (null == source)
        {
            reject(session, correlationId, logId, SubscribeStatus.UNKNOWN_LOG, "unknown log id");
            return;
        }
        final String invalid = validate(d);
        if (null != invalid)
        {
            counters.malformed.increment();
            reject(session, correlationId, logId, SubscribeStatus.MALFORMED, invalid);
            return;
        }
        if (null != session.find(logId))
        {
            reject(session, correlationId, logId, SubscribeStatus.ALREADY_SUBSCRIBED, "already subscribed to this log");
            return;
        }
        if (session.isFull())
        {
            reject(session, correlationId, logId, SubscribeStatus.TOO_MANY, "too many logs on one session");
            return;
        }
        final boolean notify = d.mode() == SubscribeMode.NOTIFY;
        final LogSubscription subscription = new LogSubscription(session, source, correlationId, notify,
            d.startSeqno(), d.endSeqno(), d.maxCount(), d.maxBytes(), d.initialCredit(), adapter.buffer,
            adapter.prefixOffset, adapter.prefixLength, d.notifyIntervalMs());
        long earliest = 1;
        try
        {
            if (notify)
            {
                subscription.attach(tail(source));
            }
            else
            {
                final int result = subscription.open(LogReader.open(source.directory()));
                earliest = subscription.earliestSeqno();
                if (LogReader.SEEK_TRIMMED == result)
                {
                    subscription.close();
                    reject(session, correlationId, logId, SubscribeStatus.TRIMMED, earliest,
                        "start seqno deleted by retention; earliestSeqno is the first held");
                    return;
                }
                if (LogReader.SEEK_CORRUPT == result)
                {
                    subscription.close();
                    reject(session, correlationId, logId, SubscribeStatus.CORRUPT, earliest, "corrupt log on this node");
                    return;
                }
            }
        }
        catch (final LogException ex)
        {
            subscription.close();
            reject(session, correlationId, logId, SubscribeStatus.UNKNOWN_LOG, "log not available on this node yet");
            return;
        }
        proxy.response(session.control, correlationId, logId, SubscribeStatus.OK, earliest, source.commitSeqno(), "");
        session.add(subscription);
        subscriptionCount++;
        counters.subscriptions.setRelease(subscriptionCount);
    }

    private String validate(final SubscribeDecoder d)
    {
        // the raw value first: the generated lookup throws on a value it does not know
        if (!MessageCheck.isKnownEnum(d.modeRaw(), SubscribeMode.values().length - 1))
        {
            return "unknown mode";
        }
        if (adapter.prefixLength > MAX_STRING_LENGTH)
        {
            return "channelPrefix longer than 254 bytes";
        }
        if (adapter.credentialsLength > MAX_STRING_LENGTH)
        {
            return "credentials longer than 254 bytes";
        }
        if (adapter.responseChannelLength > MAX_STRING_LENGTH)
        {
            return "responseChannel longer than 254 bytes";
        }
        if (d.startSeqno() < 1)
        {
            return "startSeqno must be at least 1";
        }
        if (d.endSeqno() != LogSubscription.NONE && d.endSeqno() < d.startSeqno())
        {
            return "endSeqno below startSeqno";
        }
        if (d.maxCount() != LogSubscription.NONE && d.maxCount() < 1)
        {
            return "maxCount must be -1 (none) or at least 1";
        }
        if (d.maxBytes() != LogSubscription.NONE && d.maxBytes() < 0)
        {
            return "maxBytes must be -1 (none) or at least 0";
        }
        if (d.initialCredit() < 0)
        {
            return "initialCredit must not be negative";
        }
        if (d.notifyIntervalMs() < 0)
        {
            return "notifyIntervalMs must not be negative";
        }
        return null;
    }

    private void reject(final SubscriberSession session, final long correlationId, final int logId,
        final SubscribeStatus status, final String text)
    {
        reject(session, correlationId, logId, status, 0, text);
    }

    private void reject(final SubscriberSession session, final long correlationId, final int logId,
        final SubscribeStatus status, final long earliest, final String text)
    {
        final LogSource source = sources.get(logId);
        proxy.response(session.control, correlationId, logId, status, earliest,
            null == source ? 0 : source.commitSeqno(), text);
        session.closeAfterDrain(nowNs + ctx.lagTimeoutNs);
    }

    // ---------------------------------------------------------------- session life cycle

    private LogTail tail(final LogSource source)
    {
        LogTail tail = tails.get(source.logId());
        if (null == tail)
        {
            tail = new LogTail(source);
            tails.put(source.logId(), tail);
            tailList.add(tail);
        }
        tail.users++;
        return tail;
    }

    void release(final LogSubscription subscription)
    {
        final LogTail tail = subscription.tail();
        if (null != tail && --tail.users == 0)
        {
            tails.remove(tail.logId());
            tailList.remove(tail);
            tail.close();
        }
        subscription.close();
        subscriptionCount--;
        counters.subscriptions.setRelease(subscriptionCount);
    }

    private void addSession(final SubscriberSession session)
    {
        sessions.add(session);
        counters.sessions.increment();
    }

    /**
     * Called by a session's close: forget it, whichever way it ended.
     */
    void onSessionClosed(final SubscriberSession session)
    {
        counters.sessions.decrement();
        if (session.isAeron)
        {
            if (aeronSessions.get((int)session.key) == session)
            {
                aeronSessions.remove((int)session.key);
            }
        }
        else if (tcpSessions.get(session.key) == session)
        {
            tcpSessions.remove(session.key);
        }
    }

    /**
     * The driver refused a subscriber's response publication (e.g. an unusable response channel): there is
     * no way to answer it, so the reason goes to the error log and the session ends.
     */
    void onPublicationFailed(final SubscriberSession session, final RuntimeException cause)
    {
        counters.malformed.increment();
        errorHandler.onError(new IllegalStateException(
            "Aeron subscriber session " + session.key + ": response publication refused: " + cause.getMessage(), cause));
    }

    void onAuthExpired(final SubscriberSession session)
    {
        authenticator.onExpired(session, nowNs);
    }

    void onLagging(final SubscriberSession session)
    {
        // counted per dropped subscription in onDropped
    }

    void onDropped()
    {
        counters.drops.setRelease(++drops);
    }

    /**
     * @return sessions open now; for tests and tools.
     */
    public int sessionCount()
    {
        return sessions.size();
    }

    /**
     * Settings of a fan-out. Everything but the log sources has a default; TCP and Aeron are each on
     * when configured.
     */
    public static final class Context
    {
        private TcpTransportPoller.Context tcpContext;
        private Aeron aeron;
        private String aeronRequestChannel;
        private int aeronRequestStreamId = SubscriberConfiguration.AERON_STREAM_DEFAULT;
        private String credentials;
        private io.boomscooter.engine.auth.CredentialsWatcher credentialsWatcher;
        private long lagTimeoutNs = SubscriberConfiguration.LAG_TIMEOUT_MS_DEFAULT * 1_000_000L;
        private int sessionBudget = SubscriberConfiguration.SESSION_BUDGET_DEFAULT;
        private int maxLogsPerSession = SubscriberConfiguration.MAX_LOGS_PER_SESSION_DEFAULT;
        private int maxMessageLength = SubscriberConfiguration.AERON_MAX_MESSAGE_LENGTH_DEFAULT;
        private final List<LogSource> sources = new ArrayList<>();
        private SubscriberCounters counters;
        private ErrorHandler errorHandler;
        private NanoClock nanoClock;

        Context conclude()
        {
            if (null == tcpContext && null == aeronRequestChannel)
            {
                throw new IllegalStateException("neither TCP nor Aeron is configured for subscribers");
            }
            if (null != aeronRequestChannel && null == aeron)
            {
                throw new IllegalStateException("an Aeron request channel needs an Aeron client");
            }
            if (lagTimeoutNs <= 0 || sessionBudget < 1 || maxLogsPerSession < 1)
            {
                throw new IllegalArgumentException("lag timeout, session budget and max logs per session must be positive");
            }
            if (null == counters)
            {
                counters = SubscriberCounters.inProcess();
            }
            if (null == errorHandler)
            {
                errorHandler = Throwable::printStackTrace;
            }
            if (null == nanoClock)
            {
                nanoClock = SystemNanoClock.INSTANCE;
            }
            return this;
        }

        /**
         * @param tcpContext TCP server settings (host, port, buffers); the frame handler is set by the agent.
         * @return this.
         */
        public Context tcp(final TcpTransportPoller.Context tcpContext)
        {
            this.tcpContext = tcpContext;
            return this;
        }

        /**
         * @param aeron    client to subscribe and publish with.
         * @param channel  where subscribers send requests.
         * @param streamId stream of the requests.
         * @return this.
         */
        public Context aeron(final Aeron aeron, final String channel, final int streamId)
        {
            this.aeron = aeron;
            this.aeronRequestChannel = channel;
            this.aeronRequestStreamId = streamId;
            return this;
        }

        /**
         * @param credentials a shared secret every Subscribe must carry, or null for none. Kept for compatibility;
         *                    with a {@link #credentialsWatcher} it is checked as well, after the handshake.
         * @return this.
         */
        public Context credentials(final String credentials)
        {
            this.credentials = credentials;
            return this;
        }

        /**
         * @param watcher the node's credentials (boomscooter.auth.credentials), or null when authentication is off;
         *                with it every session must authenticate (challenge-response) before any request of it is
         *                acted on, and must do so within the lag timeout. Not closed by the agent.
         * @return this.
         */
        public Context credentialsWatcher(final io.boomscooter.engine.auth.CredentialsWatcher watcher)
        {
            this.credentialsWatcher = watcher;
            return this;
        }

        /**
         * @param lagTimeoutNs how long a subscriber may take no data (while there is data for it) before it is dropped.
         * @return this.
         */
        public Context lagTimeoutNs(final long lagTimeoutNs)
        {
            this.lagTimeoutNs = lagTimeoutNs;
            return this;
        }

        public Context sessionBudget(final int sessionBudget)
        {
            this.sessionBudget = sessionBudget;
            return this;
        }

        public Context maxLogsPerSession(final int maxLogsPerSession)
        {
            this.maxLogsPerSession = maxLogsPerSession;
            return this;
        }

        /**
         * @param maxMessageLength largest message sent on Aeron (longer entries are dropped with a reason).
         * @return this.
         */
        public Context maxMessageLength(final int maxMessageLength)
        {
            this.maxMessageLength = maxMessageLength;
            return this;
        }

        public Context logSource(final LogSource source)
        {
            sources.add(source);
            return this;
        }

        public Context counters(final SubscriberCounters counters)
        {
            this.counters = counters;
            return this;
        }

        public Context errorHandler(final ErrorHandler errorHandler)
        {
            this.errorHandler = errorHandler;
            return this;
        }

        public Context nanoClock(final NanoClock nanoClock)
        {
            this.nanoClock = nanoClock;
            return this;
        }
    }
}
