package io.boomscooter.engine.cli;

import io.aeron.Aeron;
import io.boomscooter.codecs.subscriber.CompleteReason;
import io.boomscooter.codecs.subscriber.DropReason;
import io.boomscooter.codecs.subscriber.SubscribeStatus;
import io.boomscooter.driver.DriverProfile;
import io.boomscooter.driver.EmbeddedDriver;
import io.boomscooter.engine.Configuration;
import io.boomscooter.engine.subscriber.NotifiedLogSubscriber;
import io.boomscooter.client.SubscribeRequest;
import io.boomscooter.client.SubscriberAuthException;
import io.boomscooter.client.SubscriberClient;
import io.boomscooter.client.auth.ClientCredentials;
import io.boomscooter.engine.subscriber.SubscriberConfiguration;
import io.boomscooter.client.SubscriberListener;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Properties;
import java.util.concurrent.Callable;

@Command(
    name = "subscribe",
    mixinStandardHelpOptions = true,
    description = {
        "Print a log's committed entries (or notifications) from a node.",
        "Subscribes to a log on a node and prints its committed entries (or, with --notify, the node's notifications)",
        "until the range completes. Exit status 0 on completion, 2 when the node refuses the subscription",
        "(or its authentication),",
        "3 when the start seqno was trimmed, 4 when the node drops the subscriber."})
final class SubscribeCommand implements Callable<Integer>
{
    static final class Target
    {
        @Option(names = "--config", description = "A node's config file: connects to its subscriber TCP port, " +
            "or its Aeron channel when it has no TCP port.")
        Path config;

        @Option(names = "--tcp", paramLabel = "HOST:PORT", description = "A node's subscriber TCP address.")
        String tcp;
    }

    static final class Limit
    {
        @Option(names = "--to", defaultValue = "-1", description = "Last seqno to deliver, inclusive.")
        long to = -1;

        @Option(names = "--count", defaultValue = "-1", description = "Number of entries to deliver.")
        long count = -1;

        @Option(names = "--bytes", defaultValue = "-1", description = "Payload bytes to deliver at most.")
        long bytes = -1;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Limit limit = new Limit();

    @Option(names = "--log", defaultValue = "1", description = "Log id (default ${DEFAULT-VALUE}).")
    int logId;

    @Option(names = "--from", defaultValue = "1", description = "First seqno (default ${DEFAULT-VALUE}).")
    long from;

    @Option(names = "--channel", defaultValue = "", description = "Only entries whose channel starts with this.")
    String channelPrefix;

    @Option(names = "--notify", description = "Notification-only: print the node's notifications; entries are " +
        "read from the log files on this host (needs --config or --log-dir); with --to, exit once it is committed.")
    boolean notify;

    @Option(names = "--log-dir", description = "The log's directory on this host, for --notify with --tcp.")
    Path logDir;

    @Option(names = "--interval-ms", defaultValue = "0", description = "With --notify: at most one notification " +
        "per interval (default 0: after every commit advance).")
    long intervalMs;

    @Option(names = "--credentials", defaultValue = "", description = "The node's shared secret " +
        "(boomscooter.subscriber.credentials), when it requires one.")
    String credentials;

    @Option(names = "--credentials-file", paramLabel = "FILE", description = "A credentials file (mode 600, " +
        "'principal = hexkey'): the session proves the principal to the node (challenge-response) before it " +
        "subscribes. Keys are never given on the command line.")
    Path credentialsFile;

    @Option(names = "--principal", description = "With --credentials-file: the principal to prove (default: the " +
        "file's only one).")
    String principal;

    @Option(names = "--json", description = "One JSON object per line: log, seqno, timestampNs, producerId, " +
        "producerSeqno, channel, key and payload (base64).")
    boolean json;

    private final PrintStream out = System.out;
    private final Base64.Encoder base64 = Base64.getEncoder();
    private int exitCode = -1;
    private long notifiedCommit;

    public Integer call() throws Exception
    {
        EmbeddedDriver driver = null;
        Aeron aeron = null;
        SubscriberClient client = null;
        if (null == credentialsFile && null != principal)
        {
            throw new IllegalArgumentException("--principal needs --credentials-file");
        }
        // read before connecting: a file that is refused (missing, readable by others, malformed) stops here
        final ClientCredentials proving = null == credentialsFile ? null :
            ClientCredentials.fromFile(credentialsFile, principal);
        try
        {
            Path dir = logDir;
            if (null != target.config)
            {
                final Properties node = Configuration.loadFile(target.config);
                dir = null != dir ? dir : Path.of(Configuration.get(node, Configuration.DATA_DIR_PROP,
                    Configuration.DATA_DIR_DEFAULT)).resolve("log-" + logId);
                final String port = Configuration.get(node, SubscriberConfiguration.TCP_PORT_PROP, null);
                final String channel = Configuration.get(node, SubscriberConfiguration.AERON_CHANNEL_PROP, null);
                if (null != port)
                {
                    String host = Configuration.get(node, SubscriberConfiguration.TCP_HOST_PROP, "localhost");
                    host = "0.0.0.0".equals(host) ? "localhost" : host;
                    client = SubscriberClient.tcp(host, Integer.parseInt(port.trim()));
                }
                else if (null != channel)
                {
                    driver = EmbeddedDriver.launch(DriverProfile.SMALL);
                    aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
                    client = SubscriberClient.aeron(aeron, channel, Configuration.getInt(node,
                        SubscriberConfiguration.AERON_STREAM_PROP, SubscriberConfiguration.AERON_STREAM_DEFAULT),
                        "aeron:udp?endpoint=localhost:" + freeUdpPort(), 4002);
                }
                else
                {
                    throw new IllegalArgumentException(target.config + " sets neither " +
                        SubscriberConfiguration.TCP_PORT_PROP + " nor " + SubscriberConfiguration.AERON_CHANNEL_PROP);
                }
            }
            else
            {
                final int colon = target.tcp.lastIndexOf(':');
                if (colon <= 0)
                {
                    throw new IllegalArgumentException("--tcp takes HOST:PORT, not " + target.tcp);
                }
                client = SubscriberClient.tcp(target.tcp.substring(0, colon),
                    Integer.parseInt(target.tcp.substring(colon + 1)));
            }
            client.credentials(proving);
            return notify ? runNotify(client, dir) : runFull(client);
        }
        catch (final SubscriberAuthException ex)
        {
            System.err.println("boomscooter subscribe: " + ex.getMessage());
            return 2;
        }
        finally
        {
            CloseHelper.quietCloseAll(client, aeron, driver);
        }
    }

    private int runFull(final SubscriberClient client)
    {
        client.autoRefill(4096);
        client.subscribe(new SubscribeRequest().logId(logId).startSeqno(from).endSeqno(limit.to)
            .maxCount(limit.count).maxBytes(limit.bytes).channelPrefix(channelPrefix).credentials(credentials)
            .initialCredit(4096));
        final Printer printer = new Printer();
        final IdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 1_000_000);
        while (exitCode < 0)
        {
            idle.idle(client.poll(printer));
            if (client.isDisconnected() && exitCode < 0)
            {
                System.err.println("boomscooter subscribe: the node closed the connection");
                exitCode = 1;
            }
        }
        out.flush();
        return exitCode;
    }

    private int runNotify(final SubscriberClient client, final Path dir)
    {
        if (null == dir)
        {
            throw new IllegalArgumentException("--notify needs the log directory: --config or --log-dir");
        }
        final Printer printer = new Printer();
        final IdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 1_000_000);
        try (NotifiedLogSubscriber subscriber = new NotifiedLogSubscriber(client, dir, logId, from))
        {
            subscriber.subscribe(intervalMs, credentials);
            while (exitCode < 0)
            {
                final int work = subscriber.poll(printer, 1024);
                if (work < 0)
                {
                    System.err.println("boomscooter subscribe: the node closed the connection");
                    exitCode = 1;
                }
                else if (limit.to > 0 && subscriber.nextSeqno() > limit.to && notifiedCommit >= limit.to)
                {
                    exitCode = 0;
                }
                idle.idle(Math.max(0, work));
            }
        }
        out.flush();
        return exitCode;
    }

    private static int freeUdpPort() throws SocketException
    {
        try (DatagramSocket socket = new DatagramSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    private final class Printer implements SubscriberListener
    {
        public void onSubscribeResponse(final long correlationId, final int logId, final SubscribeStatus status,
            final long earliestSeqno, final long commitSeqno, final String message)
        {
            if (SubscribeStatus.OK != status)
            {
                System.err.println("boomscooter subscribe: refused: " + status + ": " + message +
                    (SubscribeStatus.TRIMMED == status ? " (earliest seqno " + earliestSeqno + ")" : ""));
                exitCode = SubscribeStatus.TRIMMED == status ? 3 : 2;
            }
        }

        public void onEntry(final int logId, final long seqno, final long timestampNs, final long producerId,
            final long producerSeqno, final DirectBuffer buffer, final int channelOffset, final int channelLength,
            final int keyOffset, final int keyLength, final int payloadOffset, final int payloadLength)
        {
            final String channel = buffer.getStringWithoutLengthUtf8(channelOffset, channelLength);
            final String key = base64.encodeToString(bytes(buffer, keyOffset, keyLength));
            final String payload = base64.encodeToString(bytes(buffer, payloadOffset, payloadLength));
            if (json)
            {
                out.println(new JsonLine().put("log", logId).put("seqno", seqno).put("timestampNs", timestampNs)
                    .put("producerId", producerId).put("producerSeqno", producerSeqno).put("channel", channel)
                    .put("key", key).put("payload", payload));
            }
            else
            {
                out.println(logId + " " + seqno + " " + channel + " " + payload);
            }
        }

        public void onComplete(final long correlationId, final int logId, final long lastSeqno, final long delivered,
            final CompleteReason reason)
        {
            if (json)
            {
                out.println(new JsonLine().put("complete", reason.name()).put("log", logId).put("lastSeqno", lastSeqno)
                    .put("delivered", delivered));
            }
            exitCode = 0;
        }

        public void onDropped(final long correlationId, final int logId, final DropReason reason, final long lastSeqno,
            final String message)
        {
            System.err.println("boomscooter subscribe: dropped by the node: " + reason + ": " + message);
            exitCode = 4;
        }

        public void onAuthResult(final io.boomscooter.codecs.subscriber.AuthStatus status, final String message)
        {
            System.err.println("boomscooter subscribe: the node ended the session: " + status + ": " + message);
            exitCode = 4;
        }

        public void onLogProgress(final int logId, final long segmentBaseSeqno, final long writtenSize,
            final long commitSeqno, final DirectBuffer fileName, final int fileNameOffset, final int fileNameLength)
        {
            notifiedCommit = commitSeqno;
            final String file = fileName.getStringWithoutLengthAscii(fileNameOffset, fileNameLength);
            if (json)
            {
                out.println(new JsonLine().put("log", logId).put("notification", "progress").put("segmentFile", file)
                    .put("writtenSize", writtenSize).put("commitSeqno", commitSeqno));
            }
            else
            {
                out.println("progress log " + logId + " " + file + " written " + writtenSize + " commit " + commitSeqno);
            }
        }

        public void onSegmentCreated(final int logId, final long segmentBaseSeqno, final long segmentLength,
            final DirectBuffer fileName, final int fileNameOffset, final int fileNameLength)
        {
            final String file = fileName.getStringWithoutLengthAscii(fileNameOffset, fileNameLength);
            if (json)
            {
                out.println(new JsonLine().put("log", logId).put("notification", "segment").put("segmentFile", file)
                    .put("segmentLength", segmentLength));
            }
            else
            {
                out.println("segment log " + logId + " " + file + " length " + segmentLength);
            }
        }
    }

    private static byte[] bytes(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return bytes;
    }
}
