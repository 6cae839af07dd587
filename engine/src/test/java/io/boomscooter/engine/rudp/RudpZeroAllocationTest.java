package io.boomscooter.engine.rudp;

import io.boomscooter.engine.AgentHarness;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Random;

import static io.boomscooter.engine.AgentHarness.await;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After warm-up, the thread running sender and receiver allocates nothing per message, with and without
 * encryption, through a lossy receive path (so NAKs, resends and out-of-order buffering are all on the path).
 */
class RudpZeroAllocationTest
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private static void measure(final byte[] key) throws Exception
    {
        final RudpLoad load = new RudpLoad(11, 16, 4000, Long.MAX_VALUE, 400_000);
        final RudpEndpoint sender = new RudpEndpoint(new RudpSettings().key(key), (p, s, b, o, l) -> { },
            Throwable::printStackTrace);
        final RudpEndpoint receiver = new RudpEndpoint(new RudpSettings().key(key), load, Throwable::printStackTrace);
        receiver.faults(RudpTransferTest.lossy(12));
        load.sender = sender;
        load.streamId = 1;
        try (AgentHarness harness = new AgentHarness(sender, receiver, load))
        {
            load.peer = harness.call(() ->
            {
                final int p = sender.addPeer(receiver.localV4());
                sender.openStream(p, 1, RudpReliability.RELIABLE);
                return p;
            });
            load.go = true;
            await("warm-up", 60_000, () -> load.received >= 150_000 || null != load.failure);
            final long before = THREADS.getThreadAllocatedBytes(harness.thread.getId());
            final int from = load.received;
            await("measured", 120_000, () -> load.received >= 350_000 || null != load.failure);
            final long allocated = THREADS.getThreadAllocatedBytes(harness.thread.getId()) - before;
            assertNull(load.failure);
            System.out.printf("rudp (%s): %,d messages through 5 %% loss; agent thread allocated %d bytes; %s%n",
                null == key ? "no key" : "AES-256-GCM", load.received - from, allocated,
                sender.counters().toJson());
            assertTrue(sender.counters().packetsResent() > 0);
            assertTrue(allocated < 4096, allocated + " bytes for " + (load.received - from) + " messages");
        }
    }

    @Test
    void nothingAllocatedPerMessage() throws Exception
    {
        measure(null);
    }

    @Test
    void nothingAllocatedPerMessageEncrypted() throws Exception
    {
        final byte[] key = new byte[32];
        new Random(1).nextBytes(key);
        measure(key);
    }
}
