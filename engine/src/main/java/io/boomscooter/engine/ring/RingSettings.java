package io.boomscooter.engine.ring;

import io.boomscooter.engine.Configuration;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * A ring server's settings, from a node file or system properties ({@code boomscooter.ring.*}):
 * <pre>
 * boomscooter.ring.servers=127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5   (host[:peerPort[:clientPort]], in ring order)
 * boomscooter.ring.index=0                                                     (this server's place; default the node id)
 * </pre>
 */
public final class RingSettings
{
    public static final String SERVERS_PROP = "boomscooter.ring.servers";
    public static final String INDEX_PROP = "boomscooter.ring.index";
    public static final String PEER_PORT_PROP = "boomscooter.ring.peer.port";
    public static final String CLIENT_PORT_PROP = "boomscooter.ring.client.port";
    public static final String KEEPALIVE_MS_PROP = "boomscooter.ring.keepalive.ms";
    public static final String SCHEME_PROP = "boomscooter.ring.scheme";
    public static final String DIR_PROP = "boomscooter.ring.dir";
    public static final String JOURNAL_SEGMENT_LENGTH_PROP = "boomscooter.ring.journal.segment.length";

    public static final int PEER_PORT_DEFAULT = 55552;
    public static final int CLIENT_PORT_DEFAULT = 55551;
    public static final int KEEPALIVE_MS_DEFAULT = 300_000;
    /** 16 MiB: about 160,000 journalled messages of 60 characters per segment. */
    public static final int JOURNAL_SEGMENT_LENGTH_DEFAULT = 16 * 1024 * 1024;
    /** The note's limit for a client line, CRLF included. */
    public static final int CLIENT_LINE_LENGTH = 512;
    /** Peer lines carry a wrapping byte and a message id in front of the text. */
    public static final int PEER_LINE_LENGTH = 1024;

    /**
     * One server of the ring.
     *
     * @param host       its address (an IP literal or a name resolved at start).
     * @param peerPort   where it listens for the other servers.
     * @param clientPort where it listens for clients.
     */
    public record Server(String host, int peerPort, int clientPort)
    {
        @Override
        public String toString()
        {
            return host + ":" + peerPort + ":" + clientPort;
        }
    }

    private final List<Server> servers;
    private final int index;
    private final long keepAliveNs;
    private final RingRoutes.Scheme scheme;
    private final Path dir;
    private final int journalSegmentLength;

    public RingSettings(final List<Server> servers, final int index, final long keepAliveNs,
        final RingRoutes.Scheme scheme, final Path dir)
    {
        this(servers, index, keepAliveNs, scheme, dir, JOURNAL_SEGMENT_LENGTH_DEFAULT);
    }

    /**
     * @param journalSegmentLength bytes per journal segment file (a log segment length: a multiple of 4096 in
     *                             [64 KiB, 1 GiB]). A segment roll maps a new file; the rest of the time the
     *                             journal allocates nothing.
     */
    public RingSettings(final List<Server> servers, final int index, final long keepAliveNs,
        final RingRoutes.Scheme scheme, final Path dir, final int journalSegmentLength)
    {
        if (servers.isEmpty() || servers.size() > RingRoutes.MAX_SERVERS)
        {
            throw new IllegalArgumentException(SERVERS_PROP + " must list 1.." + RingRoutes.MAX_SERVERS + " servers");
        }
        if (index < 0 || index >= servers.size())
        {
            throw new IllegalArgumentException(INDEX_PROP + "=" + index + " is not a place in a ring of " +
                servers.size());
        }
        if (keepAliveNs <= 0)
        {
            throw new IllegalArgumentException(KEEPALIVE_MS_PROP + " must be positive");
        }
        new RingRoutes(servers.size(), scheme); // validates the scheme for this size
        this.servers = List.copyOf(servers);
        this.index = index;
        this.keepAliveNs = keepAliveNs;
        this.scheme = scheme;
        this.dir = dir;
        this.journalSegmentLength = journalSegmentLength;
    }

    /**
     * @return true when the file (or system properties) describe a ring server.
     */
    public static boolean isEnabled(final Properties file)
    {
        return null != Configuration.get(file, SERVERS_PROP, null);
    }

    /**
     * @param file    a node file's settings.
     * @param dataDir the node's data directory (the default ring directory is {@code <dataDir>/ring}).
     * @throws IllegalArgumentException naming the key at fault.
     */
    public static RingSettings from(final Properties file, final Path dataDir)
    {
        final String list = Configuration.get(file, SERVERS_PROP, null);
        if (null == list || list.isBlank())
        {
            throw new IllegalArgumentException(SERVERS_PROP + " is required, e.g. 127.0.0.1,127.0.0.2,127.0.0.3");
        }
        final int peerPort = Configuration.getInt(file, PEER_PORT_PROP, PEER_PORT_DEFAULT);
        final int clientPort = Configuration.getInt(file, CLIENT_PORT_PROP, CLIENT_PORT_DEFAULT);
        final List<Server> servers = parseServers(list, peerPort, clientPort);
        final int index = Configuration.getInt(file, INDEX_PROP,
            Configuration.getInt(file, Configuration.NODE_ID_PROP, 0));
        final long keepAliveMs = Configuration.getInt(file, KEEPALIVE_MS_PROP, KEEPALIVE_MS_DEFAULT);
        final String schemeName = Configuration.get(file, SCHEME_PROP, "auto").trim().toLowerCase(Locale.ROOT);
        final RingRoutes.Scheme scheme;
        switch (schemeName)
        {
            case "auto":
                scheme = RingRoutes.defaultScheme(servers.size());
                break;
            case "note":
                scheme = RingRoutes.Scheme.NOTE;
                break;
            case "tree":
                scheme = RingRoutes.Scheme.TREE;
                break;
            default:
                throw new IllegalArgumentException(SCHEME_PROP + " must be auto, note or tree: " + schemeName);
        }
        final String dir = Configuration.get(file, DIR_PROP, null);
        return new RingSettings(servers, index, keepAliveMs * 1_000_000L, scheme,
            null == dir ? dataDir.resolve("ring") : Path.of(dir),
            Configuration.getInt(file, JOURNAL_SEGMENT_LENGTH_PROP, JOURNAL_SEGMENT_LENGTH_DEFAULT));
    }

    /**
     * @param list comma-separated {@code host[:peerPort[:clientPort]]}.
     */
    public static List<Server> parseServers(final String list, final int peerPort, final int clientPort)
    {
        final List<Server> servers = new ArrayList<>();
        for (final String part : list.split(","))
        {
            final String[] fields = part.trim().split(":");
            if (fields.length < 1 || fields.length > 3 || fields[0].isEmpty())
            {
                throw new IllegalArgumentException(SERVERS_PROP + ": '" + part.trim() +
                    "' is not host[:peerPort[:clientPort]]");
            }
            try
            {
                servers.add(new Server(fields[0], fields.length > 1 ? Integer.parseInt(fields[1]) : peerPort,
                    fields.length > 2 ? Integer.parseInt(fields[2]) : clientPort));
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException(SERVERS_PROP + ": '" + part.trim() + "' has a port that is not a number");
            }
        }
        return servers;
    }

    public List<Server> servers()
    {
        return servers;
    }

    public int size()
    {
        return servers.size();
    }

    public int index()
    {
        return index;
    }

    public Server self()
    {
        return servers.get(index);
    }

    public long keepAliveNs()
    {
        return keepAliveNs;
    }

    public RingRoutes.Scheme scheme()
    {
        return scheme;
    }

    public Path dir()
    {
        return dir;
    }

    public int journalSegmentLength()
    {
        return journalSegmentLength;
    }
}
