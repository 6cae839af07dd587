package io.boomscooter.engine.service;

import io.boomscooter.engine.family.CommittedFrames;
import io.boomscooter.engine.family.FamilyContext;
import io.boomscooter.engine.family.FamilyLog;
import io.boomscooter.engine.family.ProtocolFamily;
import io.boomscooter.engine.log.FrameTypes;
import io.boomscooter.engine.log.LogEntryView;
import io.boomscooter.engine.log.LogReader;
import io.boomscooter.engine.log.TypedFrameHandler;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.status.AtomicCounter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The exactly-once service host: a {@link ProtocolFamily} that runs on every node of the cluster and feeds
 * each hosted {@link Service} the committed calls addressed to it, in log order. All nodes run the same
 * services on the same log, so a replica's services are a warm standby: when it is promoted, its services
 * carry on from where the log is, and it starts appending the calls they make (the outputs every node holds
 * until it reads them committed). Calls are ordinary log entries on channel {@code svc/<name>}
 * ({@link ServiceCalls}); a service's outputs are entries of its own producer id numbered by output, so the
 * log's producer deduplication keeps each exactly once across replays and leader changes.
 * <p>
 * Why here rather than a process beside the node: the services see commits without a network hop, and a
 * leader change moves them without a hand-over, as in Aeron Cluster. Each node checkpoints its own services
 * to its own files (recovery = newest checkpoint + replay of the log after it), written off the duty cycle.
 */
public final class ServiceHost implements ProtocolFamily, TypedFrameHandler
{
    /** The SBE schema id reserved for the service family's member messages (none yet). */
    public static final int SCHEMA_ID = 301;
    private static final int POLL_LIMIT = 256;
    private static final long TRIM_INTERVAL_NS = 1_000_000_000L;

    private final ServiceSettings settings;
    private final Path dataDir;
    private final BiFunction<Integer, String, AtomicCounter> counterFactory;
    private final List<ServiceSlot> slots = new ArrayList<>();
    private final Long2ObjectHashMap<ServiceSlot> byProducerId = new Long2ObjectHashMap<>();
    private final List<AmbrosiaCoordinator> coordinators = new ArrayList<>();
    private final Long2ObjectHashMap<AmbrosiaCoordinator> coordinatorByProducerId = new Long2ObjectHashMap<>();
    private AmbrosiaCoordinator[] coordinatorArray = new AmbrosiaCoordinator[0];
    private FamilyContext context;
    private int leaderId = -1;
    private long lastTrimNs;
    private long trimPoint = -1;
    private final org.agrona.concurrent.UnsafeBuffer trimMessage =
        new org.agrona.concurrent.UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(OutputForwarding.TRIM_POINT_LENGTH));
    private final LogEntryView entry = new LogEntryView();
    private ServiceSlot[] slotArray = new ServiceSlot[0];
    private FamilyLog log;
    private CommittedFrames frames;
    private CheckpointWriter writer;
    private ErrorHandler errorHandler;
    private long nowNs;
    private boolean readFailureReported;

    public ServiceHost(final ServiceSettings settings, final Path dataDir,
        final BiFunction<Integer, String, AtomicCounter> counterFactory)
    {
        this.settings = settings;
        this.dataDir = dataDir;
        this.counterFactory = counterFactory;
    }

    public String name()
    {
        return "services";
    }

    public int schemaId()
    {
        return SCHEMA_ID;
    }

    /**
     * Restores every service from its newest intact checkpoint and opens the committed log after the oldest.
     *
     * @throws IllegalStateException when the log is not hosted or a checkpoint cannot be used.
     */
    public void onStart(final FamilyContext context)
    {
        this.context = context;
        errorHandler = context.errorHandler();
        log = context.log(settings.logId());
        if (null == log)
        {
            throw new IllegalStateException(ServiceSettings.LOG_PROP + "=" + settings.logId() +
                ": this node hosts no such log");
        }
        writer = new CheckpointWriter(errorHandler);
        final long startNs = System.nanoTime();
        long from = Long.MAX_VALUE;
        for (final Map.Entry<String, Supplier<Service>> e : settings.services().entrySet())
        {
            final String serviceName = e.getKey();
            final CheckpointStore store = new CheckpointStore(dataDir, serviceName);
            final ServiceSlot slot = new ServiceSlot(serviceName, e.getValue().get(), settings, store,
                new ServiceCounters(counterFactory, serviceName), errorHandler);
            final byte[] checkpoint = store.loadNewest(reason -> errorHandler.onError(
                new IllegalStateException("service " + serviceName + ": skipped checkpoint " + reason)));
            slot.start(writer, checkpoint, startNs);
            slots.add(slot);
            byProducerId.put(slot.producerId(), slot);
            from = Math.min(from, slot.processedSeqno() + 1);
        }
        slotArray = slots.toArray(new ServiceSlot[0]);
        for (final AmbrosiaSettings remote : settings.ambrosia())
        {
            final AmbrosiaCoordinator coordinator = new AmbrosiaCoordinator(remote, settings,
                new CheckpointStore(dataDir, remote.name()), counterFactory, errorHandler);
            coordinator.start(log, writer, startNs);
            coordinators.add(coordinator);
            coordinatorByProducerId.put(coordinator.producerId(), coordinator);
            from = Math.min(from, coordinator.releaseFrom());
        }
        coordinatorArray = coordinators.toArray(new AmbrosiaCoordinator[0]);
        frames = log.openCommitted(Math.max(1, from));
    }

    /**
     * An output forwarded by the node an AMBROSIA service is attached to: appended here if this node leads.
     */
    public void onMessage(final int streamId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (OutputForwarding.templateId(buffer, offset, length) == OutputForwarding.TRIM_POINT_TEMPLATE_ID)
        {
            final long point = OutputForwarding.trimPoint(buffer, offset, length, settings.logId());
            if (point < 0)
            {
                errorHandler.onError(new io.boomscooter.engine.RejectedMessageException(
                    "services: a malformed trim point"));
            }
            else
            {
                trimPoint = point;
            }
            return;
        }
        final String refused = OutputForwarding.onMessage(buffer, offset, length, log);
        if (null != refused)
        {
            errorHandler.onError(new io.boomscooter.engine.RejectedMessageException("services: " + refused));
        }
    }

    public void onNewTerm(final FamilyLog log, final long epoch, final int leaderId)
    {
        if (log.logId() == settings.logId())
        {
            this.leaderId = leaderId;
        }
    }

    public int doWork(final long nowNs)
    {
        if (null == frames)
        {
            return 0;
        }
        this.nowNs = nowNs;
        int work = 0;
        final int read = frames.poll(this, POLL_LIMIT);
        if (read < 0)
        {
            if (!readFailureReported)
            {
                readFailureReported = true;
                errorHandler.onError(new IllegalStateException("services: the committed log cannot be read at seqno " +
                    frames.nextSeqno() + (read == LogReader.TRIMMED ? " (trimmed)" : " (corrupt)")));
            }
        }
        else
        {
            work += read;
        }
        final boolean leading = log.isLeader();
        for (final ServiceSlot slot : slotArray)
        {
            if (leading)
            {
                work += slot.appendPending(log);
            }
            if (slot.isCheckpointDue(nowNs) && slot.checkpoint(nowNs))
            {
                work++;
            }
            slot.updateCounters();
        }
        for (final AmbrosiaCoordinator coordinator : coordinatorArray)
        {
            work += coordinator.doWork(nowNs, log, context, leaderId);
        }
        if (settings.trim() && nowNs - lastTrimNs > TRIM_INTERVAL_NS)
        {
            lastTrimNs = nowNs;
            work += trim();
        }
        return work;
    }

    public void onFrame(final int type, final DirectBuffer buffer, final int frameOffset, final int frameLength,
        final long seqno, final long epoch, final long timestampNs)
    {
        if (FrameTypes.ENTRY == type && entry.wrap(buffer, frameOffset, frameLength))
        {
            final ServiceSlot source = byProducerId.get(entry.producerId());
            if (null != source)
            {
                source.onOutputCommitted(entry.producerSeqno());
            }
            else if (!coordinatorByProducerId.isEmpty())
            {
                final AmbrosiaCoordinator remote = coordinatorByProducerId.get(entry.producerId());
                if (null != remote)
                {
                    remote.onOutputCommitted(entry.producerSeqno());
                }
            }
            final int channelOffset = entry.channelOffset();
            final int channelLength = entry.channelLength();
            for (final ServiceSlot slot : slotArray)
            {
                if (seqno > slot.processedSeqno() && slot.isChannel(buffer, channelOffset, channelLength))
                {
                    if (!slot.onCall(buffer, entry.payloadOffset(), entry.payloadLength(), seqno, timestampNs))
                    {
                        errorHandler.onError(new io.boomscooter.engine.RejectedMessageException(
                            "service " + slot.name() + ": a call was refused: " + slot.malformedReason()));
                    }
                }
            }
        }
        for (final ServiceSlot slot : slotArray)
        {
            slot.advance(seqno);
            if (slot.isCheckpointDue(nowNs))
            {
                slot.checkpoint(nowNs);
            }
        }
    }

    /**
     * Releases log segments below what every service here has checkpointed and every member holds. The leader
     * knows what every member holds (their acknowledgements) and tells the others once a second; a member that
     * is down holds the point back, so its catch-up never needs a released entry.
     */
    private int trim()
    {
        long checkpointed = Long.MAX_VALUE;
        for (final ServiceSlot slot : slotArray)
        {
            checkpointed = Math.min(checkpointed, slot.writtenCheckpointSeqno());
        }
        for (final AmbrosiaCoordinator coordinator : coordinatorArray)
        {
            checkpointed = Math.min(checkpointed, coordinator.writtenCheckpointSeqno());
        }
        if (log.isLeader())
        {
            trimPoint = log.lowestMemberSeqno();
            final int length = OutputForwarding.encodeTrimPoint(trimMessage, settings.logId(), trimPoint);
            for (final int memberId : context.memberIds())
            {
                if (memberId != context.nodeId())
                {
                    context.offer(memberId, context.streams().control(), trimMessage, 0, length);
                }
            }
        }
        final long below = Math.min(checkpointed, trimPoint);
        return below > 0 ? log.releaseBefore(below + 1) : 0;
    }

    /**
     * @return the services configured (AMBROSIA ones with their ports), for the node's start-up line.
     */
    public List<String> serviceNames()
    {
        final List<String> names = new ArrayList<>(settings.names());
        for (final AmbrosiaSettings remote : settings.ambrosia())
        {
            names.add(remote.name() + "(ambrosia:" + remote.host() + ":" + remote.receivePort() + "/" +
                remote.sendPort() + (remote.sendConnect() ? ":connect" : "") + ")");
        }
        return names;
    }

    /**
     * @return the port an AMBROSIA service's coordinator receives on, or -1 (for tests with ephemeral ports).
     */
    public int coordinatorReceivePort(final String name)
    {
        for (final AmbrosiaCoordinator coordinator : coordinators)
        {
            if (coordinator.name().equals(name))
            {
                return coordinator.receivePort();
            }
        }
        return -1;
    }

    public int coordinatorSendPort(final String name)
    {
        for (final AmbrosiaCoordinator coordinator : coordinators)
        {
            if (coordinator.name().equals(name))
            {
                return coordinator.sendPort();
            }
        }
        return -1;
    }

    public void onClose()
    {
        for (final AmbrosiaCoordinator coordinator : coordinators)
        {
            coordinator.close();
        }
        CloseHelper.quietClose(frames);
        CloseHelper.quietClose(writer);
    }
}
