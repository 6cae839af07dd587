package io.boomscooter.engine.family;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.boomscooter.driver.DriverProfile;
import io.boomscooter.driver.EmbeddedDriver;
import io.boomscooter.engine.Node;
import io.boomscooter.engine.cluster.ClusterAgent;
import io.boomscooter.engine.cluster.ClusterConfig;
import io.boomscooter.engine.cluster.ClusterLogConfig;
import io.boomscooter.client.ClusterStreams;
import io.boomscooter.engine.cluster.ReplicationPublisher;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A protocol family on a live three-node cluster in this JVM (three nodes, one shared media driver):
 * registered programmatically on each node's cluster agent, it receives its own schema's messages on
 * every member stream, gets the role changes of the log as they happen and when an operator's promote
 * moves the leadership, and a family found by {@code ServiceLoader} is loaded beside it.
 */
class ProtocolFamilyTest
{
    private static final int LOG_ID = 1;

    @TempDir
    Path tmp;

    private EmbeddedDriver driver;
    private final List<Node> nodes = new ArrayList<>();
    private final TestFamily[] families = new TestFamily[4];
    private final List<String> channels = new ArrayList<>();

    @AfterEach
    void close()
    {
        CloseHelper.closeAll(nodes);
        CloseHelper.close(driver);
    }

    private void startCluster()
    {
        driver = EmbeddedDriver.launch(DriverProfile.SMALL);
        final int basePort = 30000 + ThreadLocalRandom.current().nextInt(0, 500) * 10;
        final StringBuilder members = new StringBuilder();
        for (int id = 1; id <= 3; id++)
        {
            members.append(id == 1 ? "" : ",").append(id).append("@localhost:").append(basePort + id);
            channels.add("aeron:udp?endpoint=localhost:" + (basePort + id));
        }
        for (int id = 1; id <= 3; id++)
        {
            final Properties props = new Properties();
            props.setProperty("boomscooter.node.id", Integer.toString(id));
            props.setProperty(ClusterConfig.MEMBERS_PROP, members.toString());
            props.setProperty(ClusterConfig.INITIAL_LEADER_PROP, "1");
            props.setProperty("boomscooter.log.segment.length", "1048576");
            final ClusterConfig config = ClusterConfig.from(props);
            final Path dataDir = tmp.resolve("node" + id);
            final TestFamily family = new TestFamily();
            families[id] = family;
            nodes.add(Node.launch(new Node.Context(props).nodeId(id).dataDir(dataDir.toFile())
                .embeddedDriver(false).aeronDirectoryName(driver.aeronDirectoryName())
                .agent(n -> new ClusterAgent(n, config, dataDir, ClusterLogConfig.from(props)).addFamily(family))));
        }
        for (int id = 1; id <= 3; id++)
        {
            final TestFamily family = families[id];
            awaitTrue(() -> null != family.context(), () -> "family started");
        }
    }

    @Test
    void familyGetsItsMessagesAndTheRoleChangesOfEachLog() throws Exception
    {
        startCluster();
        awaitTrue(() -> families[1].events.contains("log 1 leader 1"), () -> "node 1 leads: " + families[1].events);
        for (int id = 2; id <= 3; id++)
        {
            final TestFamily family = families[id];
            awaitTrue(() -> family.events.contains("log 1 follower 1 of 1"), () -> "follows: " + family.events);
            assertEquals("log 1 term 1 leader 1", family.events.get(0));
        }
        final FamilyLog log1 = families[1].context().log(LOG_ID);
        assertTrue(log1.isLeader());
        families[2].requestAppend("not leading");
        awaitTrue(() -> families[2].appendResult != 0, () -> "append answered");
        assertEquals(FamilyLog.NOT_LEADER, families[2].appendResult, "only the leader appends");

        // messages of the family's schema, on every member stream, reach the family on the other nodes
        families[1].requestSend();
        for (int id = 2; id <= 3; id++)
        {
            final TestFamily family = families[id];
            for (final int stream : new int[] {ClusterStreams.REPLICATION, ClusterStreams.CONTROL, ClusterStreams.INGRESS})
            {
                awaitTrue(() -> family.messages.contains("from 1 stream " + stream),
                    () -> "node message on stream " + stream + ": " + family.messages);
            }
        }

        // the leader's family appends a frame of its own type; every node's family reads it back committed
        final long seqno = appendOn(1, "hello from 1");
        for (int id = 1; id <= 3; id++)
        {
            final TestFamily family = families[id];
            awaitTrue(() -> family.committedFrames.contains(seqno + ":hello from 1"),
                () -> "committed frame read back: " + family.committedFrames);
        }

        // a family registered by ServiceLoader gets its schema's messages too
        try (Aeron client = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            ExclusivePublication control = client.addExclusivePublication(channels.get(1), ClusterStreams.CONTROL))
        {
            final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(16));
            message.putShort(0, (short)8, ByteOrder.LITTLE_ENDIAN);
            message.putShort(2, (short)1, ByteOrder.LITTLE_ENDIAN);
            message.putShort(4, (short)ServiceLoadedFamily.SCHEMA_ID, ByteOrder.LITTLE_ENDIAN);
            message.putShort(6, (short)1, ByteOrder.LITTLE_ENDIAN);
            final long before = ServiceLoadedFamily.MESSAGES.get();
            awaitTrue(() -> control.offer(message, 0, 16) > 0, () -> "offer");
            awaitTrue(() -> ServiceLoadedFamily.MESSAGES.get() > before, () -> "service-loaded family got its message");

            // an operator promotes node 2: every node's family sees the new term and roles
            final ReplicationPublisher admin = new ReplicationPublisher();
            try (ExclusivePublication promote = client.addExclusivePublication(channels.get(1), ClusterStreams.ADMIN))
            {
                awaitTrue(() -> admin.promote(promote, LOG_ID, 9999, "aeron:udp?endpoint=localhost:9") > 0,
                    () -> "promote sent");
            }
        }
        awaitTrue(() -> families[2].events.contains("log 1 leader 2"), () -> "node 2 leads: " + families[2].events);
        assertTrue(families[2].events.contains("log 1 term 2 leader 2"), families[2].events.toString());
        for (final int id : new int[] {1, 3})
        {
            final TestFamily family = families[id];
            awaitTrue(() -> family.events.contains("log 1 follower 2 of 2"), () -> "node " + id + " follows 2: " +
                family.events);
        }
        assertTrue(families[2].context().log(LOG_ID).isLeader());
        assertTrue(!families[1].context().log(LOG_ID).isLeader());

        // the old leader may no longer append; the new one may, and its frame commits everywhere
        families[1].requestAppend("late");
        awaitTrue(() -> families[1].appendResult != 0, () -> "append answered");
        assertEquals(FamilyLog.NOT_LEADER, families[1].appendResult);
        final long second = appendOn(2, "hello from 2");
        assertTrue(second > seqno);
        for (int id = 1; id <= 3; id++)
        {
            final TestFamily family = families[id];
            awaitTrue(() -> family.committedFrames.contains(second + ":hello from 2"),
                () -> "second committed frame read back: " + family.committedFrames);
        }
    }

    private long appendOn(final int nodeId, final String body)
    {
        final TestFamily family = families[nodeId];
        family.requestAppend(body);
        awaitTrue(() -> family.appendResult != 0, () -> "append answered");
        assertTrue(family.appendResult > 0, "appended: " + family.appendResult);
        return family.appendResult;
    }

    private static void awaitTrue(final BooleanSupplier condition, final Supplier<String> what)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("timed out waiting for: " + what.get());
            }
            Thread.yield();
        }
    }
}
