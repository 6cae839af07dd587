package io.boomscooter.perf.cluster;

import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.ElectionState;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.boomscooter.driver.AeronDirectories;
import io.boomscooter.driver.EmbeddedDriver;
import io.boomscooter.perf.BenchSettings;
import io.boomscooter.perf.Deadlines;
import io.boomscooter.perf.DriverTraffic;
import io.boomscooter.perf.LoopbackPorts;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * A three-member Aeron Cluster in this process, configured as its users would on a small machine, for
 * {@link AeronClusterBaseline}. Each member is an Archive (SHARED threading, recording to a temp dir under
 * /dev/shm, i.e. the page cache), a ConsensusModule and a ClusteredServiceContainer running
 * {@link EchoService}; each member has its own media driver with {@link BenchSettings#driverPerNode()} (plus
 * one for the client), else one driver serves all, as on our side. Drivers are our {@link EmbeddedDriver}
 * with the settings' profile, so both sides run identical drivers. Every agent idles with
 * {@link BenchSettings#newIdleStrategy()}; timers (heartbeats, election, session timeouts) are Aeron's
 * defaults. Everything launched is closed, and every directory deleted, by {@link #close()}.
 * <p>
 * Sharing one driver between members of one cluster needs what separate hosts get for free: a cluster id
 * per member (its counters are found by cluster id) and distinct IPC stream ids for the archive's local
 * control and the module-to-service streams. UDP endpoints differ by port anyway.
 */
final class AeronClusterMembers implements AutoCloseable
{
    static final int MEMBERS = 3;
    /**
     * Term length of the log, ingress and egress channels: the smallest whose half (the publication's flow
     * control window) still covers the driver's default 128 KiB receiver window, so no channel is
     * window-limited; Aeron Cluster's own default log term is 64 MiB.
     */
    static final String TERM_LENGTH = "256k";
    static final String INGRESS_CHANNEL = "aeron:udp?term-length=" + TERM_LENGTH;
    static final String EGRESS_CHANNEL = "aeron:udp?endpoint=localhost:0|term-length=" + TERM_LENGTH;
    private static final String LOG_CHANNEL = "aeron:udp?term-length=" + TERM_LENGTH;
    private static final long ELECTION_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    private final BenchSettings settings;
    private final File baseDir;
    private final List<EmbeddedDriver> drivers = new ArrayList<>();
    private final List<Archive> archives = new ArrayList<>();
    private final List<ConsensusModule> modules = new ArrayList<>();
    private final List<ClusteredServiceContainer> containers = new ArrayList<>();
    private final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
    private final String ingressEndpoints;
    private volatile boolean closing;

    AeronClusterMembers(final BenchSettings settings)
    {
        this.settings = settings;
        try
        {
            baseDir = Files.createTempDirectory(AeronDirectories.baseDirectory().toPath(), "aeron-cluster-bench-")
                .toFile();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        try
        {
            final int driverCount = settings.driverPerNode() ? MEMBERS + 1 : 1;
            for (int i = 0; i < driverCount; i++)
            {
                drivers.add(EmbeddedDriver.launch(io.boomscooter.perf.RawAeronBaseline.threadedProfile(settings), settings::customiseDriver));
            }
            final StringBuilder members = new StringBuilder();
            final StringBuilder ingress = new StringBuilder();
            final int[] archivePorts = new int[MEMBERS];
            for (int id = 0; id < MEMBERS; id++)
            {
                final int ingressPort = LoopbackPorts.freeUdpPort();
                archivePorts[id] = LoopbackPorts.freeUdpPort();
                // id,ingress,consensus,log,catchup,archive control
                members.append(id).append(",localhost:").append(ingressPort)
                    .append(",localhost:").append(LoopbackPorts.freeUdpPort())
                    .append(",localhost:").append(LoopbackPorts.freeUdpPort())
                    .append(",localhost:0")
                    .append(",localhost:").append(archivePorts[id]).append('|');
                ingress.append(id == 0 ? "" : ",").append(id).append("=localhost:").append(ingressPort);
            }
            members.setLength(members.length() - 1);
            ingressEndpoints = ingress.toString();
            for (int id = 0; id < MEMBERS; id++)
            {
                launchMember(id, members.toString(), archivePorts[id]);
            }
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    private void launchMember(final int id, final String members, final int archivePort)
    {
        final String aeronDir = drivers.get(settings.driverPerNode() ? id + 1 : 0).aeronDirectoryName();
        final File memberDir = new File(baseDir, "member-" + id);
        final File clusterDir = new File(memberDir, "cluster");
        // separate hosts need no offsets; members sharing a driver must not share IPC streams or counters
        final int offset = settings.driverPerNode() ? 0 : 1000 * (id + 1);
        final int clusterId = settings.driverPerNode() ? 0 : id;
        final int archiveLocalControlStreamId = 10 + offset;

        archives.add(Archive.launch(new Archive.Context()
            .aeronDirectoryName(aeronDir)
            .archiveId(id + 1)
            .archiveDir(new File(memberDir, "archive"))
            .deleteArchiveOnStart(true)
            .threadingMode(ArchiveThreadingMode.SHARED)
            .idleStrategySupplier(settings::newIdleStrategy)
            .controlChannel("aeron:udp?endpoint=localhost:" + archivePort)
            .localControlChannel("aeron:ipc?term-length=64k")
            .localControlStreamId(archiveLocalControlStreamId)
            .replicationChannel("aeron:udp?endpoint=localhost:0")
            .archiveClientContext(new AeronArchive.Context()
                .controlResponseChannel("aeron:udp?endpoint=localhost:0"))
            .recordingEventsEnabled(false)
            .errorHandler(this::onError)));

        final ConsensusModule.Context module = new ConsensusModule.Context()
            .aeronDirectoryName(aeronDir)
            .clusterId(clusterId)
            .clusterMemberId(id)
            .clusterMembers(members)
            .clusterDir(clusterDir)
            .deleteDirOnStart(true)
            .ingressChannel(INGRESS_CHANNEL)
            .logChannel(LOG_CHANNEL)
            .replicationChannel("aeron:udp?endpoint=localhost:0")
            .idleStrategySupplier(settings::newIdleStrategy)
            .archiveContext(localArchive(archiveLocalControlStreamId, 20_000 + offset))
            .errorHandler(this::onError);
        module.serviceStreamId(module.serviceStreamId() + offset)
            .consensusModuleStreamId(module.consensusModuleStreamId() + offset)
            .snapshotStreamId(module.snapshotStreamId() + offset)
            .replayStreamId(module.replayStreamId() + offset);
        modules.add(ConsensusModule.launch(module));

        containers.add(ClusteredServiceContainer.launch(new ClusteredServiceContainer.Context()
            .aeronDirectoryName(aeronDir)
            .clusterId(clusterId)
            .clusterDir(clusterDir)
            .clusteredService(new EchoService())
            .idleStrategySupplier(settings::newIdleStrategy)
            .serviceStreamId(module.serviceStreamId())
            .consensusModuleStreamId(module.consensusModuleStreamId())
            .snapshotStreamId(module.snapshotStreamId())
            .replayStreamId(module.replayStreamId())
            .archiveContext(localArchive(archiveLocalControlStreamId, 20_001 + offset))
            .errorHandler(this::onError)));
    }

    private static AeronArchive.Context localArchive(final int requestStreamId, final int responseStreamId)
    {
        return new AeronArchive.Context()
            .controlRequestChannel("aeron:ipc?term-length=64k")
            .controlRequestStreamId(requestStreamId)
            .controlResponseChannel("aeron:ipc?term-length=64k")
            .controlResponseStreamId(responseStreamId);
    }

    private void onError(final Throwable error)
    {
        if (!closing)
        {
            errors.add(error);
        }
    }

    /**
     * Waits until one member leads and every member's election has closed.
     *
     * @return the leader's member id.
     * @throws IllegalStateException when no leader is elected within 30 s, naming each member's state.
     */
    int awaitLeader()
    {
        try
        {
            Deadlines.await("Aeron Cluster leader election", ELECTION_TIMEOUT_NS, () -> leaderId() >= 0);
        }
        catch (final IllegalStateException ex)
        {
            throw new IllegalStateException(ex.getMessage() + ": " + describe(), ex);
        }
        return leaderId();
    }

    private int leaderId()
    {
        int leader = -1;
        for (int id = 0; id < MEMBERS; id++)
        {
            final ConsensusModule.Context ctx = modules.get(id).context();
            if (ElectionState.get(ctx.electionStateCounter()) != ElectionState.CLOSED)
            {
                return -1;
            }
            if (Cluster.Role.get(ctx.clusterNodeRoleCounter()) == Cluster.Role.LEADER)
            {
                leader = id;
            }
        }
        return leader;
    }

    private String describe()
    {
        final StringBuilder sb = new StringBuilder();
        for (int id = 0; id < modules.size(); id++)
        {
            final ConsensusModule.Context ctx = modules.get(id).context();
            sb.append("member ").append(id).append(' ').append(Cluster.Role.get(ctx.clusterNodeRoleCounter()))
                .append(" election ").append(ElectionState.get(ctx.electionStateCounter())).append("; ");
        }
        final Throwable first = errors.peek();
        return sb.append(errors.size()).append(" error(s)").append(null == first ? "" : ", first: " + first)
            .toString();
    }

    /**
     * @return the driver the client connects through: its own with per-node drivers, else the shared one.
     */
    String clientAeronDirectoryName()
    {
        return drivers.get(0).aeronDirectoryName();
    }

    String ingressEndpoints()
    {
        return ingressEndpoints;
    }

    /**
     * @return UDP bytes sent so far by every driver of the cluster and its client (a volatile read each).
     */
    long driverBytesSent()
    {
        return DriverTraffic.bytesSent(drivers);
    }

    /**
     * @return every directory this cluster made: archives and cluster dirs under one base, and each
     * driver's; all deleted by {@link #close()}.
     */
    List<File> directories()
    {
        final List<File> dirs = new ArrayList<>();
        dirs.add(baseDir);
        for (final EmbeddedDriver driver : drivers)
        {
            dirs.add(new File(driver.aeronDirectoryName()));
        }
        return dirs;
    }

    int driverCount()
    {
        return drivers.size();
    }

    /**
     * @return busy threads: drivers, and per member an archive, a consensus module and a service container.
     */
    int threads()
    {
        return drivers.size() + 3 * MEMBERS;
    }

    /**
     * @return errors the cluster's components reported before close (Aeron Cluster logs and carries on).
     */
    Queue<Throwable> errors()
    {
        return errors;
    }

    public void close()
    {
        closing = true;
        // services and modules first, so no member is left electing against a closed driver
        for (int i = containers.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(containers.get(i));
        }
        for (int i = modules.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(modules.get(i));
        }
        for (int i = archives.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(archives.get(i));
        }
        for (int i = drivers.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(drivers.get(i));
        }
        if (null != baseDir && baseDir.exists())
        {
            IoUtil.delete(baseDir, true);
        }
    }
}
