package io.boomscooter.engine.cli;

import io.boomscooter.engine.service.CallKind;
import io.boomscooter.engine.service.ServiceCalls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(
    name = "call",
    mixinStandardHelpOptions = true,
    description = {
        "Send calls from outside (impulses) to a service, through the cluster a node config file belongs to.",
        "Each call is a log entry on channel svc/<name>; the producer's deduplication makes each one happen once.",
        "--checkpoint instead asks every node to checkpoint the service at this point of the log."})
final class ServiceCallCommand implements Callable<Integer>
{
    @Option(names = "--config", required = true, description = "Any cluster node's config file.")
    Path config;

    @Option(names = "--name", required = true, description = "The service.")
    String name;

    @Option(names = "--method", defaultValue = "1", description = "Method id (default: ${DEFAULT-VALUE}).")
    int method;

    @Option(names = "--arg", defaultValue = "1",
        description = "An i64 argument, little-endian (default: ${DEFAULT-VALUE}); --no-arg sends none.")
    long arg;

    @Option(names = "--no-arg", description = "Send the call without arguments.")
    boolean noArg;

    @Option(names = "--count", defaultValue = "1", description = "Calls to send (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--rate", defaultValue = "0", description = "Calls per second; 0 = as fast as accepted.")
    long rate;

    @Option(names = "--checkpoint", description = "Send one checkpoint request instead of calls.")
    boolean checkpoint;

    @Option(names = "--log", defaultValue = "1", description = "Log id the services use (default: ${DEFAULT-VALUE}).")
    int logId;

    @Option(names = "--timeout", defaultValue = "60", description = "Seconds to wait for commit (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    public Integer call()
    {
        final String problem = ServiceCalls.checkName(name);
        if (null != problem)
        {
            throw new IllegalArgumentException("--name: " + problem);
        }
        final ProduceCommand produce = new ProduceCommand();
        produce.config = config;
        produce.count = checkpoint ? 1 : count;
        produce.rate = rate;
        produce.logId = logId;
        produce.channel = ServiceCalls.CHANNEL_PREFIX + name;
        produce.timeoutSeconds = timeoutSeconds;
        produce.json = json;
        produce.payloadWriter = (n, payload) ->
        {
            final int kind = checkpoint ? CallKind.CHECKPOINT : CallKind.IMPULSE;
            final int at = ServiceCalls.putHeader(payload, 0, kind, checkpoint ? 0 : method, 0, null, 0, 0);
            if (checkpoint || noArg)
            {
                return at;
            }
            payload.putLong(at, arg, ByteOrder.LITTLE_ENDIAN);
            return at + 8;
        };
        return produce.call();
    }
}
