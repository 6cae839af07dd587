package io.boomscooter.engine.subscriber;

import io.boomscooter.client.SubscriberClient;
import io.boomscooter.client.SubscribeRequest;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.boomscooter.codecs.subscriber.DropReason;
import io.boomscooter.codecs.subscriber.SubscribeStatus;
import io.boomscooter.driver.AeronDirectories;
import io.boomscooter.driver.DriverProfile;
import io.boomscooter.driver.EmbeddedDriver;
import io.boomscooter.driver.tcp.TcpTransportPoller;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.boomscooter.engine.subscriber.SubscriberTestSupport.LOG_ID;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.Recorder;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.Server;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.TestLog;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Aeron subscribers: the fan-out registers their response publications asynchronously (no duty cycle waits
 * for the driver), reports a publication the driver refuses, and tells open subscriptions SHUTDOWN when
 * it stops.
 */
class SubscriberAeronRegistrationTest
{
    @TempDir
    Path tmp;

    /**
     * The media driver runs only when this test thread invokes it, between the agent's duty cycles: a
     * duty cycle that waited for the driver (a blocking addExclusivePublication) would wait out the
     * client's driver timeout inside doWork. Every duty cycle must return at once, and the subscriber is
     * still answered once the driver has done its part.
     */
    @Test
    void aResponsePublicationIsRegisteredWithoutWaitingInTheDutyCycle() throws Exception
    {
        final MediaDriver.Context driverCtx = new MediaDriver.Context()
            .aeronDirectoryName(AeronDirectories.uniqueDirectoryName("boomscooter-test-async"))
            .threadingMode(ThreadingMode.INVOKER)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true);
        try (MediaDriver driver = MediaDriver.launch(driverCtx);
            TestLog log = new TestLog(tmp, LOG_ID, 64 * 1024))
        {
            final AgentInvoker driverInvoker = driver.sharedAgentInvoker();
            // the agent's client: its conductor is invoked by this thread; it never runs the driver itself
            final CompletableFuture<Aeron> connecting = CompletableFuture.supplyAsync(() -> Aeron.connect(
                new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()).useConductorAgentInvoker(true)
                    .driverTimeoutMs(5_000)));
            while (!connecting.isDone())
            {
                driverInvoker.invoke();
                Thread.yield();
            }
            final Aeron nodeAeron = connecting.get();
            // the subscriber's client runs the driver when it waits on it
            final Aeron subscriberAeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(driver.aeronDirectoryName()).useConductorAgentInvoker(true)
                .driverAgentInvoker(driverInvoker));
            final SubscriberAgent agent = new SubscriberAgent(new SubscriberAgent.Context()
                .aeron(nodeAeron, "aeron:ipc", 4001).logSource(log));
            try
            {
                log.appendAndCommit(5, 1);
                final ExclusivePublication requests = subscriberAeron.addExclusivePublication("aeron:ipc", 4001);
                final Subscription responses = subscriberAeron.addSubscription("aeron:ipc", 4002);
                agent.onStart();

                final ByteBuffer subscribe = SubscriberHostileInputTest.subscribe(5, 0, new byte[0], "aeron:ipc", 4002);
                final UnsafeBuffer request = new UnsafeBuffer(subscribe.array(), 4, subscribe.capacity() - 4);
                final int[] status = { -1 };
                boolean sent = false;
                long longestCycleNs = 0;
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (status[0] < 0)
                {
                    if (System.nanoTime() - deadline > 0)
                    {
                        fail("no SubscribeResponse, sent=" + sent);
                    }
                    driverInvoker.invoke();
                    nodeAeron.conductorAgentInvoker().invoke();
                    subscriberAeron.conductorAgentInvoker().invoke();
                    final long start = System.nanoTime();
                    agent.doWork();
                    longestCycleNs = Math.max(longestCycleNs, System.nanoTime() - start);
                    if (!sent)
                    {
                        sent = requests.offer(request) > 0;
                    }
                    responses.poll((buffer, offset, length, header) ->
                    {
                        if (2 == (buffer.getShort(offset + 2, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF))
                        {
                            status[0] = buffer.getByte(offset + 8 + 12);
                        }
                    }, 10);
                }
                assertEquals(SubscribeStatus.OK.value(), status[0]);
                assertTrue(longestCycleNs < TimeUnit.MILLISECONDS.toNanos(1_000),
                    "a duty cycle took " + longestCycleNs / 1_000_000 + " ms: it waited for the driver");
            }
            finally
            {
                agent.onClose();
                CloseHelper.closeAll(subscriberAeron, nodeAeron);
            }
        }
    }

    @Test
    void aRefusedResponsePublicationIsReportedAndTheAgentServesOthers()
    {
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        try (EmbeddedDriver driver = EmbeddedDriver.launch(DriverProfile.SMALL);
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            TestLog log = new TestLog(tmp, LOG_ID, 64 * 1024);
            Server server = new Server(new SubscriberAgent.Context()
                .tcp(new TcpTransportPoller.Context().host("127.0.0.1").port(0))
                .aeron(aeron, "aeron:ipc", 4001)
                .errorHandler(errors::add)
                .logSource(log));
            ExclusivePublication requests = aeron.addExclusivePublication("aeron:ipc", 4001))
        {
            log.appendAndCommit(10, 1);
            // a term length that is not a power of two: the driver refuses the publication
            final ByteBuffer subscribe = SubscriberHostileInputTest.subscribe(
                6, 0, new byte[0], "aeron:ipc?term-length=100000", 4002);
            final UnsafeBuffer request = new UnsafeBuffer(subscribe.array(), 4, subscribe.capacity() - 4);
            await(() -> requests.offer(request) > 0, Thread::yield, 10, () -> "request not sent");
            await(() -> !errors.isEmpty() && 0 == server.agent.sessionCount(), Thread::yield, 10,
                () -> "no error reported: " + errors);
            assertTrue(errors.get(0).getMessage().contains("response publication refused"), errors.toString());

            try (SubscriberClient tcp = server.client())
            {
                final Recorder recorder = new Recorder();
                tcp.subscribe(new SubscribeRequest().logId(LOG_ID).startSeqno(1).endSeqno(10).initialCredit(100));
                await(() -> null != recorder.completeReason, () -> tcp.poll(recorder), 10, () -> "tcp not served");
                assertEquals(10, recorder.count);
            }
        }
    }

    @Test
    void anAeronSubscriptionIsToldShutdownWhenTheNodeStops()
    {
        try (EmbeddedDriver driver = EmbeddedDriver.launch(DriverProfile.SMALL);
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            TestLog log = new TestLog(tmp, LOG_ID, 64 * 1024))
        {
            final Server server = new Server(new SubscriberAgent.Context()
                .aeron(aeron, "aeron:ipc", 4001)
                .logSource(log));
            try (SubscriberClient client = SubscriberClient.aeron(aeron, "aeron:ipc", 4001, "aeron:ipc", 4002))
            {
                log.appendAndCommit(3, 1);
                final Recorder recorder = new Recorder();
                client.subscribe(new SubscribeRequest().logId(LOG_ID).startSeqno(1).initialCredit(100));
                await(() -> 3 == recorder.count, () -> client.poll(recorder), 10, () -> "entries " + recorder.count);
                server.close();
                await(() -> null != recorder.dropReason, () -> client.poll(recorder), 10, () -> "no Dropped");
                assertEquals(DropReason.SHUTDOWN, recorder.dropReason);
            }
            finally
            {
                server.close();
            }
        }
    }
}
