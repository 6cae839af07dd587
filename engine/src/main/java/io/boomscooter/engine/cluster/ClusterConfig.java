package io.boomscooter.engine.cluster;

import io.boomscooter.client.ClusterStreams;
import io.boomscooter.engine.Configuration;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/**
 * The cluster a node belongs to, from its config file:
 * <pre>
 * boomscooter.node.id=1
 * boomscooter.cluster.members=1@localhost:20111,2@localhost:20112,3@localhost:20113
 * boomscooter.cluster.initial.leader=1
 * boomscooter.cluster.logs=1
 * boomscooter.log.1.quorum=majority
 * boomscooter.log.1.producer=multi
 * </pre>
 */
public final class ClusterConfig
{
    public static final String MEMBERS_PROP = "boomscooter.cluster.members";
    public static final String INITIAL_LEADER_PROP = "boomscooter.cluster.initial.leader";
    public static final String LOGS_PROP = "boomscooter.cluster.logs";

    /**
     * How long the leader keeps answering a producer that sends nothing (no connect, no entry); after
     * that its session and response publication are closed, and the producer connects again when it has
     * something to send.
     */
    public static final String PRODUCER_IDLE_TIMEOUT_PROP = "boomscooter.cluster.producer.idle.timeout.ms";
    public static final int PRODUCER_IDLE_TIMEOUT_MS_DEFAULT = 30_000;

    /**
     * How often a leader tells each replica its commit seqno (or, to one not in sync, that it leads); every
     * replica answers each, so this is also how often the leader learns its followers are alive.
     */
    public static final String HEARTBEAT_INTERVAL_PROP = "boomscooter.cluster.heartbeat.interval.ms";
    public static final int HEARTBEAT_INTERVAL_MS_DEFAULT = 20;

    /**
     * T: a follower that hears no leader for a time drawn in [T, 2T) asks for pre-votes; a leader that
     * hears from too few followers for T steps down. See docs/replication.md for the default.
     */
    public static final String ELECTION_TIMEOUT_PROP = "boomscooter.cluster.election.timeout.ms";
    public static final int ELECTION_TIMEOUT_MS_DEFAULT = 300;

    /**
     * How long a node that has heard no leader since it started waits before standing itself, so that
     * the initial leader of a cluster starting up is not pre-empted while its JVM starts.
     */
    public static final String ELECTION_STARTUP_TIMEOUT_PROP = "boomscooter.cluster.election.startup.timeout.ms";
    public static final int ELECTION_STARTUP_TIMEOUT_MS_DEFAULT = 5_000;

    private final int nodeId;
    private final List<ClusterMember> members;
    private final int initialLeaderId;
    private final List<LogSettings> logs;
    private final long producerIdleTimeoutNs;
    private final long heartbeatIntervalNs;
    private final long electionTimeoutNs;
    private final long electionStartupTimeoutNs;
    private final ClusterStreams streams;

    private ClusterConfig(
        final int nodeId, final List<ClusterMember> members, final int initialLeaderId, final List<LogSettings> logs,
        final long producerIdleTimeoutNs, final long heartbeatIntervalNs, final long electionTimeoutNs,
        final long electionStartupTimeoutNs, final ClusterStreams streams)
    {
        this.streams = streams;
        this.heartbeatIntervalNs = heartbeatIntervalNs;
        this.electionTimeoutNs = electionTimeoutNs;
        this.electionStartupTimeoutNs = electionStartupTimeoutNs;
        this.producerIdleTimeoutNs = producerIdleTimeoutNs;
        this.nodeId = nodeId;
        this.members = Collections.unmodifiableList(members);
        this.initialLeaderId = initialLeaderId;
        this.logs = Collections.unmodifiableList(logs);
    }

    /**
     * @param file a node config file's settings.
     * @return the parsed cluster.
     * @throws IllegalArgumentException naming the key at fault.
     */
    public static ClusterConfig from(final Properties file)
    {
        final int nodeId = Configuration.getInt(file, Configuration.NODE_ID_PROP, -1);
        final String membersValue = Configuration.get(file, MEMBERS_PROP, null);
        if (null == membersValue || membersValue.isEmpty())
        {
            throw new IllegalArgumentException(MEMBERS_PROP + " is required, e.g. 1@localhost:20111,2@localhost:20112");
        }
        final List<ClusterMember> members = new ArrayList<>();
        for (final String part : membersValue.split(","))
        {
            members.add(parseMember(part.trim()));
        }
        for (int i = 0; i < members.size(); i++)
        {
            for (int j = i + 1; j < members.size(); j++)
            {
                if (members.get(i).id() == members.get(j).id())
                {
                    throw new IllegalArgumentException(MEMBERS_PROP + " lists node " + members.get(i).id() + " twice");
                }
            }
        }
        if (null == find(members, nodeId))
        {
            throw new IllegalArgumentException(Configuration.NODE_ID_PROP + "=" + nodeId + " is not in " +
                MEMBERS_PROP + "=" + membersValue);
        }
        final int initialLeader = Configuration.getInt(file, INITIAL_LEADER_PROP, members.get(0).id());
        if (null == find(members, initialLeader))
        {
            throw new IllegalArgumentException(INITIAL_LEADER_PROP + "=" + initialLeader + " is not a member");
        }

        final List<LogSettings> logs = new ArrayList<>();
        final String logsValue = Configuration.get(file, LOGS_PROP, "1");
        for (final String part : logsValue.split(","))
        {
            final int logId;
            try
            {
                logId = Integer.parseInt(part.trim());
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException(LOGS_PROP + " must list integer log ids, found '" + part + "'");
            }
            logs.add(LogSettings.from(file, logId));
        }
        final long idleMs = Configuration.getInt(file, PRODUCER_IDLE_TIMEOUT_PROP, PRODUCER_IDLE_TIMEOUT_MS_DEFAULT);
        if (idleMs <= 0)
        {
            throw new IllegalArgumentException(PRODUCER_IDLE_TIMEOUT_PROP + " must be positive, found " + idleMs);
        }
        final long heartbeatMs = Configuration.getInt(file, HEARTBEAT_INTERVAL_PROP, HEARTBEAT_INTERVAL_MS_DEFAULT);
        final long electionMs = Configuration.getInt(file, ELECTION_TIMEOUT_PROP, ELECTION_TIMEOUT_MS_DEFAULT);
        final long startupMs = Configuration.getInt(file, ELECTION_STARTUP_TIMEOUT_PROP,
            ELECTION_STARTUP_TIMEOUT_MS_DEFAULT);
        if (heartbeatMs <= 0)
        {
            throw new IllegalArgumentException(HEARTBEAT_INTERVAL_PROP + " must be positive, found " + heartbeatMs);
        }
        // a follower must hear several heartbeats per timeout, or one lost packet starts an election
        if (electionMs < 3 * heartbeatMs)
        {
            throw new IllegalArgumentException(ELECTION_TIMEOUT_PROP + "=" + electionMs + " must be at least 3 x " +
                HEARTBEAT_INTERVAL_PROP + "=" + heartbeatMs);
        }
        if (startupMs < electionMs)
        {
            throw new IllegalArgumentException(ELECTION_STARTUP_TIMEOUT_PROP + "=" + startupMs + " must be at least " +
                ELECTION_TIMEOUT_PROP + "=" + electionMs);
        }
        return new ClusterConfig(nodeId, members, initialLeader, logs, idleMs * 1_000_000L, heartbeatMs * 1_000_000L,
            electionMs * 1_000_000L, startupMs * 1_000_000L, ClusterStreams.from(file));
    }

    private static ClusterMember parseMember(final String value)
    {
        final int at = value.indexOf('@');
        final int colon = value.lastIndexOf(':');
        if (at <= 0 || colon < at + 2 || colon == value.length() - 1)
        {
            throw new IllegalArgumentException(MEMBERS_PROP + ": '" + value + "' is not id@host:port");
        }
        try
        {
            final int id = Integer.parseInt(value.substring(0, at));
            final int port = Integer.parseInt(value.substring(colon + 1));
            if (id < 0 || port <= 0 || port > 65535)
            {
                throw new NumberFormatException();
            }
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(MEMBERS_PROP + ": '" + value + "' needs a node id >= 0 and a port 1-65535");
        }
        return new ClusterMember(Integer.parseInt(value.substring(0, at)), value.substring(at + 1));
    }

    private static ClusterMember find(final List<ClusterMember> members, final int id)
    {
        for (final ClusterMember member : members)
        {
            if (member.id() == id)
            {
                return member;
            }
        }
        return null;
    }

    public int nodeId()
    {
        return nodeId;
    }

    public List<ClusterMember> members()
    {
        return members;
    }

    /**
     * @param id node id.
     * @return the member, or null.
     */
    public ClusterMember member(final int id)
    {
        return find(members, id);
    }

    /**
     * @return this node as a member.
     */
    public ClusterMember self()
    {
        return find(members, nodeId);
    }

    /**
     * @param id node id.
     * @return its index in {@link #members()}, or -1.
     */
    public int memberIndex(final int id)
    {
        for (int i = 0; i < members.size(); i++)
        {
            if (members.get(i).id() == id)
            {
                return i;
            }
        }
        return -1;
    }

    public int initialLeaderId()
    {
        return initialLeaderId;
    }

    public List<LogSettings> logs()
    {
        return logs;
    }

    /**
     * @return see {@link #PRODUCER_IDLE_TIMEOUT_PROP}.
     */
    public long producerIdleTimeoutNs()
    {
        return producerIdleTimeoutNs;
    }

    public long heartbeatIntervalNs()
    {
        return heartbeatIntervalNs;
    }

    public long electionTimeoutNs()
    {
        return electionTimeoutNs;
    }

    /**
     * @return the Aeron stream ids of the member endpoints ({@code boomscooter.cluster.stream.*}).
     */
    public ClusterStreams streams()
    {
        return streams;
    }

    public long electionStartupTimeoutNs()
    {
        return electionStartupTimeoutNs;
    }
}
