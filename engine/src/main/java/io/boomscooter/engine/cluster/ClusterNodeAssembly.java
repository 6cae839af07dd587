package io.boomscooter.engine.cluster;

import io.boomscooter.engine.Configuration;
import io.boomscooter.engine.Node;
import io.boomscooter.engine.log.LogConfig;
import io.boomscooter.engine.subscriber.CounterLogSource;
import io.boomscooter.engine.subscriber.SubscriberAgent;
import io.boomscooter.engine.subscriber.SubscriberConfiguration;
import io.boomscooter.engine.subscriber.SubscriberCounters;

import java.util.Properties;

/**
 * Adds to a node what its config file asks for: the cluster agent hosting the replicated logs when
 * {@code boomscooter.cluster.members} is set, the subscriber fan-out when a subscriber transport is, and a
 * ring relay server when {@code boomscooter.ring.servers} is.
 * Used by {@code boomscooter node}, the demo and the benchmarks, so all three run the same node.
 */
public final class ClusterNodeAssembly
{
    private final boolean clustered;
    private final boolean subscribers;
    private volatile SubscriberAgent subscriberAgent;
    private volatile ClusterAgent clusterAgent;
    private volatile io.boomscooter.engine.ring.RingServerAgent ringAgent;
    private volatile io.boomscooter.engine.service.ServiceHost serviceHost;
    private volatile io.boomscooter.engine.auth.CredentialsWatcher credentials;

    private ClusterNodeAssembly(final boolean clustered, final boolean subscribers)
    {
        this.clustered = clustered;
        this.subscribers = subscribers;
    }

    /**
     * @param ctx        the node's context, whose data dir and node id are final by now.
     * @param properties the node's config file.
     * @return what was added, to query once the node runs.
     */
    public static ClusterNodeAssembly configure(final Node.Context ctx, final Properties properties)
    {
        final boolean clustered = null != Configuration.get(properties, ClusterConfig.MEMBERS_PROP, null);
        final boolean subscribers = clustered && SubscriberConfiguration.isEnabled(properties);
        final ClusterNodeAssembly assembly = new ClusterNodeAssembly(clustered, subscribers);
        if (io.boomscooter.engine.ring.RingSettings.isEnabled(properties))
        {
            final io.boomscooter.engine.ring.RingSettings ring =
                io.boomscooter.engine.ring.RingSettings.from(properties, ctx.dataDir().toPath());
            ctx.agent(n ->
            {
                assembly.ringAgent = new io.boomscooter.engine.ring.RingServerAgent(ring,
                    (type, what) -> n.counters().allocate(type, what), n.errorHandler());
                return assembly.ringAgent;
            });
        }
        if (!clustered)
        {
            return assembly;
        }
        final ClusterConfig cluster = ClusterConfig.from(properties);
        final LogConfig logConfig = ClusterLogConfig.from(properties);
        final io.boomscooter.engine.service.ServiceSettings services =
            io.boomscooter.engine.service.ServiceSettings.isEnabled(properties) ?
            io.boomscooter.engine.service.ServiceSettings.from(properties) : null;
        final io.boomscooter.engine.auth.AuthSettings auth =
            io.boomscooter.engine.auth.AuthSettings.from(properties);
        ctx.agent(n ->
        {
            // read (and checked) before any agent runs: a node does not start with credentials it cannot use
            assembly.credentials = auth.watcher(n.errorHandler());
            assembly.clusterAgent = new ClusterAgent(n, cluster, ctx.dataDir().toPath(), logConfig)
                .authentication(auth, assembly.credentials);
            if (null != services)
            {
                assembly.serviceHost = new io.boomscooter.engine.service.ServiceHost(services,
                    ctx.dataDir().toPath(), (type, what) -> n.counters().allocate(type, what));
                assembly.clusterAgent.addFamily(assembly.serviceHost);
            }
            return assembly.clusterAgent;
        });
        if (subscribers)
        {
            // Subscribers read each hosted log's files, bounded by the commit counter the cluster agent keeps.
            ctx.agent(n ->
            {
                final SubscriberAgent.Context subscriberCtx = SubscriberConfiguration.context(properties, n.aeron())
                    .counters(new SubscriberCounters((type, label) -> n.counters().allocate(type, label)))
                    .errorHandler(n.errorHandler())
                    .credentialsWatcher(assembly.credentials);
                for (final LogSettings log : cluster.logs())
                {
                    subscriberCtx.logSource(new CounterLogSource(log.logId(), ctx.dataDir().toPath(),
                        n.aeron().countersReader(), ctx.nodeId()));
                }
                assembly.subscriberAgent = new SubscriberAgent(subscriberCtx);
                return assembly.subscriberAgent;
            });
        }
        return assembly;
    }

    /**
     * @return the ring server once the node is launched, or null when the file describes none.
     */
    public io.boomscooter.engine.ring.RingServerAgent ringAgent()
    {
        return ringAgent;
    }

    /**
     * @return the node's credentials once it is launched, or null when authentication is off.
     */
    public io.boomscooter.engine.auth.CredentialsWatcher credentials()
    {
        return credentials;
    }

    /**
     * @return the exactly-once service host once the node is launched, or null when the file names no services.
     */
    public io.boomscooter.engine.service.ServiceHost serviceHost()
    {
        return serviceHost;
    }

    public boolean clustered()
    {
        return clustered;
    }

    /**
     * @return the cluster agent once the node is launched, else null.
     */
    public ClusterAgent clusterAgent()
    {
        return clusterAgent;
    }

    /**
     * @return the bound subscriber TCP port once launched, or -1 without a TCP subscriber transport.
     */
    public int subscriberTcpPort()
    {
        final SubscriberAgent agent = subscriberAgent;
        return subscribers && null != agent ? agent.tcpPort() : -1;
    }
}
