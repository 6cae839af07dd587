package io.boomscooter.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    description = {
        "Reliable UDP streams (docs/reliable-udp.md): per-stream reliability (reliable, drop-oldest,",
        "fire-and-forget), NAK repair, fragmentation, optional AES-256-GCM, IPv4 and IPv6. Move a file or a",
        "synthetic load between two processes."},
    subcommands = {
        StreamReceiveCommand.class,
        StreamSendCommand.class,
        CommandLine.HelpCommand.class
    },
    footer = {"", "Example:", "  boomscooter stream receive --bind 127.0.0.1:9700 --output copy.bin &",
        "  boomscooter stream send --to 127.0.0.1:9700 --file big.bin"})
final class StreamCommand implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: send, receive");
    }

    static java.net.InetSocketAddress address(final String hostPort)
    {
        final int colon = hostPort.lastIndexOf(':');
        if (colon < 0)
        {
            throw new IllegalArgumentException("expected host:port (IPv6: [::1]:9700): " + hostPort);
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]"))
        {
            host = host.substring(1, host.length() - 1);
        }
        return new java.net.InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
    }

    static io.boomscooter.engine.rudp.RudpSettings settings(final java.net.InetSocketAddress bind,
        final java.nio.file.Path keyFile) throws java.io.IOException
    {
        final io.boomscooter.engine.rudp.RudpSettings settings = new io.boomscooter.engine.rudp.RudpSettings();
        if (bind.getAddress() instanceof java.net.Inet6Address)
        {
            settings.bindV4(null).bindV6(bind);
        }
        else
        {
            settings.bindV4(bind);
        }
        if (null != keyFile)
        {
            settings.key(io.boomscooter.engine.rudp.RudpKeyFile.read(keyFile));
        }
        return settings;
    }
}
