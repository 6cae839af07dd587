package io.boomscooter.engine.service;

import io.boomscooter.engine.Configuration;
import io.boomscooter.engine.service.wire.CheckpointLengthEncoding;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * One AMBROSIA coordinator endpoint: a service in another language, named {@code name} in the log, attaches
 * to this node over TCP (docs/services.md). From a node's properties:
 * <pre>
 *   boomscooter.ambrosia.services=hello                       names, comma-separated
 *   boomscooter.ambrosia.hello.receive.port=2000              the coordinator receives the service's messages here
 *   boomscooter.ambrosia.hello.send.port=2001                 and sends it log records over this connection
 *   boomscooter.ambrosia.hello.send.connect=false             true: the service listens on send.port and the
 *                                                             coordinator connects (the native C client's style)
 *   boomscooter.ambrosia.hello.host=127.0.0.1                 where to listen (and where to connect with send.connect)
 *   boomscooter.ambrosia.hello.checkpoint.length=zigzag       or fixed64: the checkpoint length's encoding
 *   boomscooter.ambrosia.hello.max.checkpoint.bytes=4194304   the largest checkpoint accepted
 * </pre>
 */
public final class AmbrosiaSettings
{
    public static final String SERVICES_PROP = "boomscooter.ambrosia.services";
    static final String PREFIX = "boomscooter.ambrosia.";
    public static final int MAX_CHECKPOINT_BYTES_DEFAULT = 4 * 1024 * 1024;

    private final String name;
    private String host = "127.0.0.1";
    private int receivePort;
    private int sendPort;
    private boolean sendConnect;
    private CheckpointLengthEncoding checkpointLength = CheckpointLengthEncoding.ZIGZAG;
    private int maxCheckpointBytes = MAX_CHECKPOINT_BYTES_DEFAULT;

    public AmbrosiaSettings(final String name)
    {
        final String problem = ServiceCalls.checkName(name);
        if (null != problem)
        {
            throw new IllegalArgumentException(SERVICES_PROP + ": " + problem);
        }
        this.name = name;
    }

    public static boolean isEnabled(final Properties properties)
    {
        final String value = Configuration.get(properties, SERVICES_PROP, null);
        return null != value && !value.isBlank();
    }

    /**
     * @throws IllegalArgumentException naming the property at fault.
     */
    public static List<AmbrosiaSettings> from(final Properties properties)
    {
        final List<AmbrosiaSettings> all = new ArrayList<>();
        for (final String item : Configuration.get(properties, SERVICES_PROP, "").split(","))
        {
            final String name = item.trim();
            if (name.isEmpty())
            {
                continue;
            }
            final String p = PREFIX + name + ".";
            final AmbrosiaSettings s = new AmbrosiaSettings(name)
                .host(Configuration.get(properties, p + "host", "127.0.0.1"))
                .receivePort(required(properties, p + "receive.port"))
                .sendPort(required(properties, p + "send.port"))
                .sendConnect(Boolean.parseBoolean(Configuration.get(properties, p + "send.connect", "false")))
                .maxCheckpointBytes(Configuration.getInt(properties, p + "max.checkpoint.bytes",
                    MAX_CHECKPOINT_BYTES_DEFAULT));
            final String encoding = Configuration.get(properties, p + "checkpoint.length", "zigzag");
            switch (encoding.toLowerCase(Locale.ROOT))
            {
                case "zigzag":
                    s.checkpointLength(CheckpointLengthEncoding.ZIGZAG);
                    break;
                case "fixed64":
                    s.checkpointLength(CheckpointLengthEncoding.FIXED64);
                    break;
                default:
                    throw new IllegalArgumentException(p + "checkpoint.length must be zigzag or fixed64: " + encoding);
            }
            all.add(s);
        }
        return all;
    }

    private static int required(final Properties properties, final String key)
    {
        final int port = Configuration.getInt(properties, key, -1);
        if (port < 0 || port > 65535)
        {
            throw new IllegalArgumentException(key + " must be set to a port 0..65535");
        }
        return port;
    }

    public String name()
    {
        return name;
    }

    public AmbrosiaSettings host(final String host)
    {
        this.host = host;
        return this;
    }

    public String host()
    {
        return host;
    }

    public AmbrosiaSettings receivePort(final int port)
    {
        this.receivePort = port;
        return this;
    }

    public int receivePort()
    {
        return receivePort;
    }

    public AmbrosiaSettings sendPort(final int port)
    {
        this.sendPort = port;
        return this;
    }

    public int sendPort()
    {
        return sendPort;
    }

    /**
     * @param connect true: the service listens on the send port and the coordinator connects to it.
     */
    public AmbrosiaSettings sendConnect(final boolean connect)
    {
        this.sendConnect = connect;
        return this;
    }

    public boolean sendConnect()
    {
        return sendConnect;
    }

    public AmbrosiaSettings checkpointLength(final CheckpointLengthEncoding encoding)
    {
        this.checkpointLength = encoding;
        return this;
    }

    public CheckpointLengthEncoding checkpointLength()
    {
        return checkpointLength;
    }

    public AmbrosiaSettings maxCheckpointBytes(final int bytes)
    {
        if (bytes < 1024 || bytes > 15 * 1024 * 1024)
        {
            throw new IllegalArgumentException(PREFIX + name + ".max.checkpoint.bytes must be 1 KiB..15 MiB: " + bytes);
        }
        this.maxCheckpointBytes = bytes;
        return this;
    }

    public int maxCheckpointBytes()
    {
        return maxCheckpointBytes;
    }
}
