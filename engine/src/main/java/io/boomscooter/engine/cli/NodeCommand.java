package io.boomscooter.engine.cli;

import io.boomscooter.engine.Configuration;
import io.boomscooter.engine.Node;
import io.boomscooter.engine.cluster.ClusterConfig;
import io.boomscooter.engine.cluster.ClusterNodeAssembly;
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

    /** Settings added to the file's by other commands that run a node (e.g. {@code service coordinator}). */
    final Properties extra = new Properties();

    public Integer call()
    {
        final Properties properties = Configuration.loadFile(config);
        properties.putAll(extra);
        final Node.Context ctx = new Node.Context(properties);
        if (null != dataDir)
        {
            ctx.dataDir(dataDir);
        }
        final ClusterNodeAssembly assembly = ClusterNodeAssembly.configure(ctx, properties);
        final boolean clustered = assembly.clustered();
        // The barrier's shutdown hook holds JVM exit until barrier.close(), so close it only after
        // the node is down and the last line is out.
        final ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
        ctx.clientLostHandler(barrier::signal);
        boolean lost = false;
        try
        {
            final Node launched;
            try
            {
                launched = Node.launch(ctx);
            }
            catch (final RuntimeException ex)
            {
                // fail fast and say why: a node whose agents cannot start must not look alive
                System.err.println("node " + ctx.nodeId() + " failed to start: " + rootMessage(ex));
                System.err.flush();
                return 2;
            }
            try (Node node = launched)
            {
                System.out.println("node " + ctx.nodeId() + " running: threading=" + ctx.threadingMode() +
                    " profile=" + ctx.driverProfile() + " aeron-dir=" + node.aeronDirectoryName() +
                    " data-dir=" + ctx.dataDir().getAbsolutePath() + (clustered ? " cluster=" +
                    Configuration.get(properties, ClusterConfig.MEMBERS_PROP, "") : "") +
                    (assembly.subscriberTcpPort() > 0 ? " subscriber-tcp-port=" + assembly.subscriberTcpPort() : "") +
                    (null != assembly.ringAgent() ? " ring-client-port=" + assembly.ringAgent().clientPort() +
                    " ring-peer-port=" + assembly.ringAgent().peerPort() : "") +
                    (null != assembly.serviceHost() ? " services=" + String.join(",",
                    assembly.serviceHost().serviceNames()) : "") +
                    (null != assembly.credentials() ? " auth=" + Configuration.get(properties,
                    io.boomscooter.engine.auth.AuthSettings.CREDENTIALS_PROP, "") : ""));
                System.out.flush();
                barrier.await();
                lost = node.clientLost();
                System.out.println("node " + ctx.nodeId() + (lost ? " lost its media driver (unreachable for " +
                    ctx.driverReconnectTimeoutMs() + " ms), stopping" : " stopping"));
            }
            System.out.println("node " + ctx.nodeId() + " stopped");
            System.out.flush();
        }
        finally
        {
            barrier.close();
        }
        return lost ? 1 : 0;
    }

    private static String rootMessage(final Throwable ex)
    {
        final StringBuilder text = new StringBuilder(String.valueOf(ex.getMessage()));
        Throwable cause = ex.getCause();
        while (null != cause)
        {
            if (null == ex.getMessage() || !ex.getMessage().contains(String.valueOf(cause.getMessage())))
            {
                text.append(": caused by ").append(cause);
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return text.toString();
    }
}
