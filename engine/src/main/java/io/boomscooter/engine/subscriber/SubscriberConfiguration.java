package io.boomscooter.engine.subscriber;

import io.boomscooter.driver.tcp.TcpTransportPoller;
import io.boomscooter.engine.Configuration;

import java.util.Properties;

/**
 * Node settings of the subscriber fan-out (config file or system properties, a system property wins).
 * The fan-out runs when a TCP port or an Aeron channel is set.
 */
public final class SubscriberConfiguration
{
    public static final String TCP_HOST_PROP = "boomscooter.subscriber.tcp.host";
    public static final String TCP_PORT_PROP = "boomscooter.subscriber.tcp.port";
    public static final String AERON_CHANNEL_PROP = "boomscooter.subscriber.aeron.channel";
    public static final String AERON_STREAM_PROP = "boomscooter.subscriber.aeron.stream";
    public static final String CREDENTIALS_PROP = "boomscooter.subscriber.credentials";
    public static final String LAG_TIMEOUT_MS_PROP = "boomscooter.subscriber.lag.timeout.ms";
    public static final String SESSION_BUDGET_PROP = "boomscooter.subscriber.session.budget";
    public static final String MAX_LOGS_PER_SESSION_PROP = "boomscooter.subscriber.max.logs.per.session";
    public static final String CLOSE_FLUSH_TIMEOUT_MS_PROP = "boomscooter.subscriber.tcp.close.flush.timeout.ms";
    public static final String SEND_BUFFER_LENGTH_PROP = "boomscooter.subscriber.tcp.send.buffer.length";

    public static final String TCP_HOST_DEFAULT = "0.0.0.0";
    public static final int AERON_STREAM_DEFAULT = 4001;
    public static final long LAG_TIMEOUT_MS_DEFAULT = 10_000;
    public static final int SESSION_BUDGET_DEFAULT = 256;
    public static final int MAX_LOGS_PER_SESSION_DEFAULT = 16;
    public static final int AERON_MAX_MESSAGE_LENGTH_DEFAULT = 65536;
    /** Long enough for a subscriber that was only slow to read the queued entries and the Dropped reason. */
    public static final int CLOSE_FLUSH_TIMEOUT_MS_DEFAULT = 30_000;
    public static final int SEND_BUFFER_LENGTH_DEFAULT = 256 * 1024;

    private SubscriberConfiguration()
    {
    }

    /**
     * @param file a node config file's settings.
     * @return true when the node should run a fan-out.
     */
    public static boolean isEnabled(final Properties file)
    {
        return null != Configuration.get(file, TCP_PORT_PROP, null) ||
            null != Configuration.get(file, AERON_CHANNEL_PROP, null);
    }

    /**
     * @param file  a node config file's settings.
     * @param aeron the node's client, for the Aeron transport.
     * @return a context with transports, credentials and limits set; log sources are added by the caller.
     */
    public static SubscriberAgent.Context context(final Properties file, final io.aeron.Aeron aeron)
    {
        final SubscriberAgent.Context ctx = new SubscriberAgent.Context();
        final String port = Configuration.get(file, TCP_PORT_PROP, null);
        if (null != port)
        {
            // every boomscooter.tcp.* key of the file applies; the subscriber.tcp.* keys below set the rest
            ctx.tcp(TcpTransportPoller.Context.from(file)
                .host(Configuration.get(file, TCP_HOST_PROP, TCP_HOST_DEFAULT))
                .port(Configuration.getInt(file, TCP_PORT_PROP, 0))
                .sendBufferLength(Configuration.getInt(file, SEND_BUFFER_LENGTH_PROP, SEND_BUFFER_LENGTH_DEFAULT))
                .closeFlushTimeoutNs(Configuration.getInt(file, CLOSE_FLUSH_TIMEOUT_MS_PROP,
                    CLOSE_FLUSH_TIMEOUT_MS_DEFAULT) * 1_000_000L));
        }
        final String channel = Configuration.get(file, AERON_CHANNEL_PROP, null);
        if (null != channel)
        {
            ctx.aeron(aeron, channel, Configuration.getInt(file, AERON_STREAM_PROP, AERON_STREAM_DEFAULT));
        }
        ctx.credentials(Configuration.get(file, CREDENTIALS_PROP, null));
        ctx.lagTimeoutNs(Configuration.getInt(file, LAG_TIMEOUT_MS_PROP, (int)LAG_TIMEOUT_MS_DEFAULT) * 1_000_000L);
        ctx.sessionBudget(Configuration.getInt(file, SESSION_BUDGET_PROP, SESSION_BUDGET_DEFAULT));
        ctx.maxLogsPerSession(Configuration.getInt(file, MAX_LOGS_PER_SESSION_PROP, MAX_LOGS_PER_SESSION_DEFAULT));
        return ctx;
    }
}
