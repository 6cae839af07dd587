package io.boomscooter.engine.cli;

import io.boomscooter.engine.Configuration;
import io.boomscooter.engine.Node;
import io.boomscooter.engine.cluster.ClusterAgent;
import io.boomscooter.engine.cluster.ClusterConfig;
import io.boomscooter.engine.cluster.ClusterLogConfig;
import io.boomscooter.engine.log.LogConfig;
import io.boomscooter.engine.subscriber.CounterLogSource;
import io.boomscooter.engine.subscriber.SubscriberAgent;
import io.boomscooter.engine.subscriber.SubscriberConfiguration;
import io.boomscooter.engine.subscriber.SubscriberCounters;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;

@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Run a node described by a config file until Ctrl-C / SIGTERM, then shut down cleanly.")
final class NodeCommand implements Callable<Integer>
{
    @Option(names = "--config", required = true, description = "Node config file (Java properties).")
    Path config;

    @Option(names = "--data-dir", description = "Data directory; overrides " + Configuration.DATA_DIR_PROP + ".")
    File dataDir;

    private volatile int subscriberPort = -1;

    public Integer call()
    {
        final Properties properties = Configuration.loadFile(config);
        final Node.Context ctx = new Node.Context(properties);
        if (null != dataDir)
        {
            ctx.dataDir(dataDir);
        }
        final boolean clustered = null != Configuration.get(properties, ClusterConfig.MEMBERS_PROP, null);
        if (clustered)
        {
            final ClusterConfig cluster = ClusterConfig.from(properties);
            final LogConfig logConfig = ClusterLogConfig.from(properties);
            ctx.agent(n -> new ClusterAgent(n, cluster, ctx.dataDir().toPath(), logConfig));
            if (SubscriberConfiguration.isEnabled(properties))
            {
                // Subscribers read each hosted log's files, bounded by the commit counter the cluster agent keeps.
                ctx.agent(n ->
                {
                    final SubscriberAgent.Context subscribers = SubscriberConfiguration.context(properties, n.aeron())
                        .counters(new SubscriberCounters((type, label) -> n.counters().allocate(type, label)))
                        .errorHandler(n.errorHandler());
                    for (final io.boomscooter.engine.cluster.LogSettings log : cluster.logs())
                    {
                        subscribers.logSource(new CounterLogSource(log.logId(), ctx.dataDir().toPath(),
                            n.aeron().countersReader(), ctx.nodeId()));
                    }
                    final SubscriberAgent agent = new SubscriberAgent(subscribers);
                    subscriberPort = agent.tcpPort();
                    return agent;
                });
            }
        }
        // The barrier's shutdown hook holds JVM exit until barrier.close(), so close it only after
        // the node is down and the last line is out.
        final ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
        try
        {
            try (Node node = Node.launch(ctx))
            {
                System.out.println("node " + ctx.nodeId() + " running: threading=" + ctx.threadingMode() +
                    " profile=" + ctx.driverProfile() + " aeron-dir=" + node.aeronDirectoryName() +
                    " data-dir=" + ctx.dataDir().getAbsolutePath() + (clustered ? " cluster=" +
                    Configuration.get(properties, ClusterConfig.MEMBERS_PROP, "") : "") +
                    (subscriberPort > 0 ? " subscriber-tcp-port=" + subscriberPort : ""));
                System.out.flush();
                barrier.await();
                System.out.println("node " + ctx.nodeId() + " stopping");
            }
            System.out.println("node " + ctx.nodeId() + " stopped");
            System.out.flush();
        }
        finally
        {
            barrier.close();
        }
        return 0;
    }
}
