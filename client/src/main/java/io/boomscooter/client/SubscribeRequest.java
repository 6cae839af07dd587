package io.boomscooter.client;

import io.boomscooter.client.auth.ClientCredentials;

/**
 * The handshake a {@link SubscriberClient} sends. Limits default to none, credit to 1024 entries.
 */
public final class SubscribeRequest
{
    public static final long NONE = -1;
    /** The subscriber protocol version this client speaks (docs/subscriber-protocol.md). */
    public static final int PROTOCOL_VERSION = 1;

    int logId = 1;
    long startSeqno = 1;
    long endSeqno = NONE;
    long maxCount = NONE;
    long maxBytes = NONE;
    long initialCredit = 1024;
    String channelPrefix = "";
    String credentials = "";
    boolean notify;
    long notifyIntervalMs;
    int protocolVersion = PROTOCOL_VERSION;
    ClientCredentials clientCredentials;

    public SubscribeRequest logId(final int logId)
    {
        this.logId = logId;
        return this;
    }

    public SubscribeRequest startSeqno(final long startSeqno)
    {
        this.startSeqno = startSeqno;
        return this;
    }

    /**
     * @param endSeqno last seqno to deliver, inclusive.
     * @return this.
     */
    public SubscribeRequest endSeqno(final long endSeqno)
    {
        this.endSeqno = endSeqno;
        return this;
    }

    public SubscribeRequest maxCount(final long maxCount)
    {
        this.maxCount = maxCount;
        return this;
    }

    /**
     * @param maxBytes payload bytes to deliver at most.
     * @return this.
     */
    public SubscribeRequest maxBytes(final long maxBytes)
    {
        this.maxBytes = maxBytes;
        return this;
    }

    public SubscribeRequest initialCredit(final long initialCredit)
    {
        this.initialCredit = initialCredit;
        return this;
    }

    public SubscribeRequest channelPrefix(final String channelPrefix)
    {
        this.channelPrefix = null == channelPrefix ? "" : channelPrefix;
        return this;
    }

    /**
     * @param credentials the node's shared secret ({@code boomscooter.subscriber.credentials}), carried in the
     *                    Subscribe; "" or null for none. Kept for nodes that still use it; prefer
     *                    {@link #authenticate(ClientCredentials)}.
     * @return this.
     */
    public SubscribeRequest credentials(final String credentials)
    {
        this.credentials = null == credentials ? "" : credentials;
        return this;
    }

    /**
     * @param credentials the principal and key the session proves itself with (challenge-response) before this
     *                    Subscribe goes out, when it has not yet; a client-level
     *                    {@link SubscriberClient#credentials(ClientCredentials)} does the same for every request.
     * @return this.
     */
    public SubscribeRequest authenticate(final ClientCredentials credentials)
    {
        this.clientCredentials = credentials;
        return this;
    }

    /**
     * @param intervalMs 0 to be told after every commit advance, else at most once per interval.
     * @return this: a notification-only subscription.
     */
    public SubscribeRequest notifyOnly(final long intervalMs)
    {
        this.notify = true;
        this.notifyIntervalMs = intervalMs;
        return this;
    }

    /**
     * For tests of version negotiation.
     */
    public SubscribeRequest protocolVersion(final int protocolVersion)
    {
        this.protocolVersion = protocolVersion;
        return this;
    }

    public int logId()
    {
        return logId;
    }
}
