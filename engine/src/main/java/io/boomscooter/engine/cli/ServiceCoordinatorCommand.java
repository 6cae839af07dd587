package io.boomscooter.engine.cli;

import io.boomscooter.engine.service.AmbrosiaSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(
    name = "coordinator",
    mixinStandardHelpOptions = true,
    description = {
        "Run a cluster node with an AMBROSIA coordinator for a named service (docs/services.md): a service in",
        "any language attaches over TCP, gets its committed calls as AMBROSIA log records, and its calls and",
        "checkpoints are logged exactly once. The same as 'node --config FILE' with boomscooter.ambrosia.* set."})
final class ServiceCoordinatorCommand implements Callable<Integer>
{
    @Option(names = "--config", required = true, description = "The node's config file.")
    Path config;

    @Option(names = "--name", required = true, description = "The service's name in the log.")
    String name;

    @Option(names = "--receive-port", required = true, description = "Where the coordinator receives the service's messages.")
    int receivePort;

    @Option(names = "--send-port", required = true, description = "Where the service reads its log records.")
    int sendPort;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--send-connect", description = "The service listens on --send-port and the coordinator " +
        "connects to it (the native C client's style); default: the service connects to both ports.")
    boolean sendConnect;

    @Option(names = "--checkpoint-length", defaultValue = "zigzag",
        description = "How the service writes a checkpoint's length: zigzag (C#, JavaScript) or fixed64 (native C).")
    String checkpointLength;

    public Integer call()
    {
        final NodeCommand node = new NodeCommand();
        node.config = config;
        final String p = "boomscooter.ambrosia." + name + ".";
        node.extra.setProperty(AmbrosiaSettings.SERVICES_PROP, name);
        node.extra.setProperty(p + "receive.port", Integer.toString(receivePort));
        node.extra.setProperty(p + "send.port", Integer.toString(sendPort));
        node.extra.setProperty(p + "host", host);
        node.extra.setProperty(p + "send.connect", Boolean.toString(sendConnect));
        node.extra.setProperty(p + "checkpoint.length", checkpointLength);
        AmbrosiaSettings.from(node.extra); // refuse bad values before anything starts
        return node.call();
    }
}
