package io.boomscooter.engine;

import io.aeron.Aeron;
import io.aeron.Counter;
import io.boomscooter.driver.DriverProfile;
import io.boomscooter.driver.EmbeddedDriver;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Counters are found by type id and key (node, log, member), never by parsing labels: two nodes sharing one
 * driver, and two logs and two replicas on one node, each get their own counter.
 */
class CounterKeyTest
{
    @Test
    void typeAndKeyNameOneCounter()
    {
        try (EmbeddedDriver driver = EmbeddedDriver.launch(DriverProfile.SMALL);
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            NodeCounters node1 = new NodeCounters(aeron, 1);
            NodeCounters node2 = new NodeCounters(aeron, 2))
        {
            final Counter commit1Log1 = node1.allocate(CounterTypes.COMMIT_SEQNO, 1, CounterKey.NONE, "log 1 commit seqno");
            final Counter commit1Log2 = node1.allocate(CounterTypes.COMMIT_SEQNO, 2, CounterKey.NONE, "log 2 commit seqno");
            final Counter commit2Log1 = node2.allocate(CounterTypes.COMMIT_SEQNO, 1, CounterKey.NONE, "log 1 commit seqno");
            final Counter lag2 = node1.allocate(CounterTypes.REPLICA_LAG, 1, 2, "log 1 replica 2 lag");
            final Counter lag3 = node1.allocate(CounterTypes.REPLICA_LAG, 1, 3, "log 1 replica 3 lag");
            final Counter errors = node2.allocate(CounterTypes.NODE_ERRORS, "errors");
            final CountersReader reader = aeron.countersReader();

            assertEquals(commit1Log1.id(), CounterKey.find(reader, CounterTypes.COMMIT_SEQNO, 1, 1, CounterKey.NONE));
            assertEquals(commit1Log2.id(), CounterKey.find(reader, CounterTypes.COMMIT_SEQNO, 1, 2, CounterKey.NONE));
            assertEquals(commit2Log1.id(), CounterKey.find(reader, CounterTypes.COMMIT_SEQNO, 2, 1, CounterKey.NONE));
            assertEquals(lag2.id(), CounterKey.find(reader, CounterTypes.REPLICA_LAG, 1, 1, 2));
            assertEquals(lag3.id(), CounterKey.find(reader, CounterTypes.REPLICA_LAG, 1, 1, 3));
            assertEquals(errors.id(), CounterKey.find(reader, CounterTypes.NODE_ERRORS, 2, CounterKey.NONE, CounterKey.NONE));
            assertEquals(CountersReader.NULL_COUNTER_ID, CounterKey.find(reader, CounterTypes.LAST_SEQNO, 1, 1, CounterKey.NONE));
            assertEquals("boomscooter node 1: log 1 replica 3 lag", reader.getCounterLabel(lag3.id()));

            commit1Log1.close(); // the driver frees it asynchronously
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (CountersReader.NULL_COUNTER_ID != CounterKey.find(reader, CounterTypes.COMMIT_SEQNO, 1, 1, CounterKey.NONE))
            {
                assertTrue(System.nanoTime() < deadline, "a closed counter is gone within 10 s");
                Thread.yield();
            }
        }
    }
}
