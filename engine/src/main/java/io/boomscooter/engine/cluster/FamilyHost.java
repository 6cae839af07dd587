package io.boomscooter.engine.cluster;

import io.boomscooter.client.ClusterStreams;

import io.aeron.Publication;
import io.boomscooter.engine.family.FamilyContext;
import io.boomscooter.engine.family.FamilyLog;
import io.boomscooter.engine.family.ProtocolFamily;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.collections.Int2ObjectHashMap;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The cluster agent's protocol families: registration (by {@link ServiceLoader} and programmatically),
 * dispatch of member-endpoint messages by SBE schema id, role-change callbacks per log, and the
 * {@link FamilyContext} each family starts with. A family that throws is recorded in the error log; the
 * node keeps running.
 */
final class FamilyHost implements FamilyContext
{
    private static final int SCHEMA_ID_OFFSET = 4;
    private static final int HEADER_LENGTH = 8;

    private final List<ProtocolFamily> families = new ArrayList<>();
    private final Int2ObjectHashMap<ProtocolFamily> bySchemaId = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<FamilyLog> logs = new Int2ObjectHashMap<>();
    private final List<FamilyLog> logList = new ArrayList<>();
    private ClusterConfig config;
    private ClusterTransport transport;
    private ErrorHandler errorHandler;
    private List<Integer> memberIds;

    /**
     * Adds every family found by {@link ServiceLoader} on the class path.
     */
    void loadServices()
    {
        for (final ProtocolFamily family : ServiceLoader.load(ProtocolFamily.class))
        {
            add(family);
        }
    }

    /**
     * @throws IllegalArgumentException when the schema id is a core one or already taken.
     */
    void add(final ProtocolFamily family)
    {
        final int schemaId = family.schemaId();
        if (schemaId == io.boomscooter.codecs.replication.MessageHeaderDecoder.SCHEMA_ID ||
            schemaId == io.boomscooter.codecs.ingress.MessageHeaderDecoder.SCHEMA_ID || schemaId < 0 ||
            schemaId > 0xFFFF)
        {
            throw new IllegalArgumentException("family " + family.name() + ": schema id " + schemaId +
                " is a core schema or out of range");
        }
        final ProtocolFamily previous = bySchemaId.get(schemaId);
        if (null != previous)
        {
            if (previous.getClass() == family.getClass())
            {
                return; // the same family found twice (service entry and programmatic)
            }
            throw new IllegalArgumentException("family " + family.name() + ": schema id " + schemaId +
                " is already " + previous.name());
        }
        bySchemaId.put(schemaId, family);
        families.add(family);
    }

    boolean isEmpty()
    {
        return families.isEmpty();
    }

    /**
     * Wires each family to each log's role changes and starts it; call before the logs take their roles.
     */
    void start(final ClusterConfig config, final ClusterTransport transport, final List<HostedLog> hostedLogs,
        final ErrorHandler errorHandler)
    {
        this.config = config;
        this.transport = transport;
        this.errorHandler = errorHandler;
        final List<Integer> ids = new ArrayList<>();
        for (final ClusterMember member : config.members())
        {
            ids.add(member.id());
        }
        this.memberIds = Collections.unmodifiableList(ids);
        for (final HostedLog log : hostedLogs)
        {
            final HostedFamilyLog familyLog = new HostedFamilyLog(log);
            logs.put(log.logId, familyLog);
            logList.add(familyLog);
            for (final ProtocolFamily family : families)
            {
                log.addRoleListener(new FamilyRoleListener(family, familyLog, errorHandler));
            }
        }
        for (final ProtocolFamily family : families)
        {
            family.onStart(this);
        }
    }

    /**
     * @return true when the fragment carries a family's schema id and went to that family; false for core
     * schemas and unregistered ids, which the core adapters check (and refuse) as before.
     */
    boolean dispatch(final int streamId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < HEADER_LENGTH || bySchemaId.isEmpty())
        {
            return false;
        }
        final ProtocolFamily family =
            bySchemaId.get(buffer.getShort(offset + SCHEMA_ID_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF);
        if (null == family)
        {
            return false;
        }
        try
        {
            family.onMessage(streamId, buffer, offset, length);
        }
        catch (final RuntimeException ex)
        {
            errorHandler.onError(ex);
        }
        return true;
    }

    int doWork(final long nowNs)
    {
        int work = 0;
        for (int i = 0, n = families.size(); i < n; i++)
        {
            try
            {
                work += families.get(i).doWork(nowNs);
            }
            catch (final RuntimeException ex)
            {
                errorHandler.onError(ex);
            }
        }
        return work;
    }

    void close()
    {
        for (final ProtocolFamily family : families)
        {
            try
            {
                family.onClose();
            }
            catch (final RuntimeException ex)
            {
                if (null != errorHandler)
                {
                    errorHandler.onError(ex);
                }
            }
        }
    }

    // ---------------------------------------------------------------- FamilyContext

    public int nodeId()
    {
        return config.nodeId();
    }

    public List<Integer> memberIds()
    {
        return memberIds;
    }

    public FamilyLog log(final int logId)
    {
        return logs.get(logId);
    }

    public List<FamilyLog> logs()
    {
        return Collections.unmodifiableList(logList);
    }

    public long offer(final int memberId, final int streamId, final DirectBuffer buffer, final int offset,
        final int length)
    {
        final int index = config.memberIndex(memberId);
        if (index < 0 || memberId == config.nodeId())
        {
            return Publication.NOT_CONNECTED;
        }
        final ClusterStreams streams = config.streams();
        if (streamId == streams.replication())
        {
            return transport.replicationOut[index].offer(buffer, offset, length);
        }
        if (streamId == streams.control())
        {
            return transport.controlOut[index].offer(buffer, offset, length);
        }
        if (streamId == streams.ingress())
        {
            return transport.ingressOut[index].offer(buffer, offset, length);
        }
        return Publication.NOT_CONNECTED;
    }

    public ClusterStreams streams()
    {
        return config.streams();
    }

    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * Passes one log's role changes to one family.
     */
    private static final class FamilyRoleListener implements RoleListener
    {
        private final ProtocolFamily family;
        private final FamilyLog log;
        private final ErrorHandler errorHandler;

        FamilyRoleListener(final ProtocolFamily family, final FamilyLog log, final ErrorHandler errorHandler)
        {
            this.family = family;
            this.log = log;
            this.errorHandler = errorHandler;
        }

        public void onNewTerm(final long epoch, final int leaderId)
        {
            try
            {
                family.onNewTerm(log, epoch, leaderId);
            }
            catch (final RuntimeException ex)
            {
                errorHandler.onError(ex);
            }
        }

        public void onBecameLeader(final long epoch)
        {
            try
            {
                family.onBecameLeader(log, epoch);
            }
            catch (final RuntimeException ex)
            {
                errorHandler.onError(ex);
            }
        }

        public void onBecameFollower(final long epoch, final int leaderId)
        {
            try
            {
                family.onBecameFollower(log, epoch, leaderId);
            }
            catch (final RuntimeException ex)
            {
                errorHandler.onError(ex);
            }
        }

        public void onBecameCandidate(final long epoch)
        {
            onBecameFollower(epoch, ElectionState.NONE);
        }
    }
}
