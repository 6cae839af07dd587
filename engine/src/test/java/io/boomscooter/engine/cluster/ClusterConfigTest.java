package io.boomscooter.engine.cluster;

import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterConfigTest
{
    private static Properties props(final String... kv)
    {
        final Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2)
        {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void parsesMembersLogsAndQuorum()
    {
        final ClusterConfig config = ClusterConfig.from(props(
            "boomscooter.node.id", "2",
            ClusterConfig.MEMBERS_PROP, "1@localhost:20111, 2@localhost:20112,3@localhost:20113",
            ClusterConfig.INITIAL_LEADER_PROP, "1",
            ClusterConfig.LOGS_PROP, "1,7",
            "boomscooter.log.7.quorum", "all",
            "boomscooter.log.7.producer", "solitary"));
        assertEquals(2, config.nodeId());
        assertEquals(3, config.members().size());
        assertEquals("aeron:udp?endpoint=localhost:20112", config.self().channel());
        assertEquals(1, config.memberIndex(2));
        assertEquals(QuorumPolicy.MAJORITY, config.logs().get(0).quorum());
        assertEquals(QuorumPolicy.ALL, config.logs().get(1).quorum());
        assertTrue(config.logs().get(1).solitaryProducer());
        assertEquals(12, config.streams().ingress());
    }

    @Test
    void streamIdsComeFromTheFileAndMustDiffer()
    {
        final ClusterConfig config = ClusterConfig.from(props(
            "boomscooter.node.id", "1", ClusterConfig.MEMBERS_PROP, "1@localhost:20111",
            "boomscooter.cluster.stream.replication", "100", "boomscooter.cluster.stream.admin", "104"));
        assertEquals(100, config.streams().replication());
        assertEquals(11, config.streams().control());
        assertEquals(104, config.streams().admin());
        assertMessage("must differ", props("boomscooter.node.id", "1", ClusterConfig.MEMBERS_PROP, "1@a:1",
            "boomscooter.cluster.stream.control", "10"));
        assertMessage("must be an integer", props("boomscooter.node.id", "1", ClusterConfig.MEMBERS_PROP, "1@a:1",
            "boomscooter.cluster.stream.ingress", "twelve"));
    }

    @Test
    void rejectsBadConfigNamingTheKey()
    {
        assertMessage("is required", props("boomscooter.node.id", "1"));
        assertMessage("not id@host:port", props("boomscooter.node.id", "1", ClusterConfig.MEMBERS_PROP, "1-localhost"));
        assertMessage("twice", props("boomscooter.node.id", "1",
            ClusterConfig.MEMBERS_PROP, "1@a:1,1@b:2"));
        assertMessage("is not in", props("boomscooter.node.id", "9", ClusterConfig.MEMBERS_PROP, "1@a:1"));
        assertMessage("producer must be multi or solitary", props("boomscooter.node.id", "1",
            ClusterConfig.MEMBERS_PROP, "1@a:1", "boomscooter.log.1.producer", "many"));
    }

    private static void assertMessage(final String fragment, final Properties props)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> ClusterConfig.from(props));
        assertTrue(ex.getMessage().contains(fragment), ex.getMessage());
    }
}
