package io.boomscooter.engine.service;

import io.boomscooter.driver.AllocationWindows;
import io.boomscooter.engine.log.LogConfig;
import io.boomscooter.engine.log.LogWriter;
import io.boomscooter.engine.service.examples.CounterService;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two AMBROSIA services on one host over a real log ({@link LocalFamilyLog}): a well-behaved client
 * ({@link AmbrosiaWireClient}, on its own thread) keeps getting its calls while another connection sends
 * malformed messages, each refused with its reason and counted; and delivering calls to a service, and
 * logging the calls it makes, allocates nothing on the host's thread after warm-up.
 */
class AmbrosiaCoordinatorTest
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @TempDir
    Path tmp;

    private final UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
    private final CountersManager counters = new CountersManager(
        new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024)));
    private final CounterService counter = new CounterService();

    private ServiceHost host()
    {
        final ServiceSettings settings = new ServiceSettings()
            .service("counter", () -> counter)
            .ambrosia(new AmbrosiaSettings("hello").receivePort(0).sendPort(0))
            .ambrosia(new AmbrosiaSettings("bad").receivePort(0).sendPort(0))
            .checkpointEveryCalls(0).checkpointIntervalNs(0);
        return new ServiceHost(settings, tmp.resolve("data"), (type, label) -> counters.newCounter(label, type));
    }

    private void impulses(final LocalFamilyLog log, final String service, final int count, final long firstArg)
    {
        final int channelLength = ServiceCalls.putChannel(scratch, 0, service);
        for (int i = 0; i < count; i++)
        {
            final int length = ServiceTestCalls.impulseAt(scratch, channelLength, 1, firstArg + i);
            assertTrue(log.submit(77, scratch, 0, channelLength, channelLength, length) > 0);
        }
    }

    private static void run(final ServiceHost host, final BooleanSupplier done, final String what)
    {
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (!done.getAsBoolean())
        {
            host.doWork(System.nanoTime());
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out: " + what);
            }
        }
    }

    private long counterValue(final String label)
    {
        final long[] value = {-1};
        counters.forEach((id, typeId, keyBuffer, l) ->
        {
            if (l.equals(label))
            {
                value[0] = counters.getCounterValue(id);
            }
        });
        return value[0];
    }

    /**
     * Runs {@link AmbrosiaWireClient} against the {@code hello} coordinator on a daemon thread (the host closes
     * its sockets at the end of the test, which ends the client).
     */
    private static void startHelloClient(final ServiceHost host)
    {
        final Thread hello = new Thread(() ->
        {
            try
            {
                AmbrosiaWireClient.main(new String[] {"127.0.0.1",
                    Integer.toString(host.coordinatorReceivePort("hello")),
                    Integer.toString(host.coordinatorSendPort("hello")), "connect", "zigzag"});
            }
            catch (final Exception ignore)
            {
                // the host closed its sockets
            }
        }, "hello-client");
        hello.setDaemon(true);
        hello.start();
    }

    @Test
    void malformedMessagesAreRefusedAndCountedWhileAnotherServiceIsServed() throws Exception
    {
        try (LogWriter writer = LogWriter.open(tmp.resolve("log"), new LogConfig().segmentLength(64 * 1024 * 1024)
            .preallocateOnAppend(false)))
        {
            final LocalFamilyLog log = new LocalFamilyLog(writer);
            final ServiceHost host = host();
            host.onStart(log);
            startHelloClient(host);
            run(host, () -> counterValue("service hello attached (AMBROSIA)") == 1, "hello attaches");
            impulses(log, "hello", 1_000, 1);
            run(host, () -> counterValue("service hello calls handled") == 1_001, "first calls to hello (and the initial message)");

            final byte[][] malformed = {
                {(byte)0x80, (byte)0x80, (byte)0x80, (byte)0x80, (byte)0x80, 0x01, 0x00}, // a size varint of 6 bytes
                {0x02, 0x63},                                                          // type 99: unknown
                {0x00},                                                                // size 0: no type byte
                {0x02, 0x0E},                                                          // TrimTo: not from a service
                {0x08, 0x00, 0x00, 0x7F, 0x01},                                        // RPC with kind byte 127
            };
            final int receivePort = host.coordinatorReceivePort("bad");
            final int sendPort = host.coordinatorSendPort("bad");
            for (int i = 0; i < malformed.length; i++)
            {
                try (Socket in = new Socket("127.0.0.1", receivePort); Socket out = new Socket("127.0.0.1", sendPort))
                {
                    final int attempt = i;
                    run(host, () -> counterValue("service bad attached (AMBROSIA)") == 1, "bad attaches " + attempt);
                    final OutputStream toCoordinator = in.getOutputStream();
                    toCoordinator.write(malformed[i]);
                    toCoordinator.flush();
                    run(host, () -> counterValue("service bad malformed calls") == attempt + 1,
                        "malformed message " + attempt + " refused: " + log.errors);
                    run(host, () -> counterValue("service bad attached (AMBROSIA)") == 0, "bad detached " + attempt);
                }
                // the other service goes on being served
                final long before = counterValue("service hello calls handled");
                impulses(log, "hello", 10, 10_000);
                run(host, () -> counterValue("service hello calls handled") == before + 10, "hello still served");
            }
            assertEquals(malformed.length, log.errors.stream().filter(e -> e.getMessage().contains("service bad")).count(),
                log.errors.toString());
            assertTrue(log.errors.get(0).getMessage().contains("ZigZag"), log.errors.toString());
            host.onClose();
        }
    }

    @Test
    void deliveringCallsAndLoggingTheServicesCallsAllocatesNothing() throws Exception
    {
        try (LogWriter writer = LogWriter.open(tmp.resolve("log"), new LogConfig().segmentLength(256 * 1024 * 1024)
            .preallocateOnAppend(false)))
        {
            final LocalFamilyLog log = new LocalFamilyLog(writer);
            final ServiceHost host = host();
            host.onStart(log);
            startHelloClient(host);
            run(host, () -> counterValue("service hello attached (AMBROSIA)") == 1, "hello attaches");
            // every 100th call makes the client call 'counter': those are logged by the coordinator
            final long[] target = {200};
            final BooleanSupplier done = () -> counter.total() == target[0];
            impulses(log, "hello", 20_000, 1);
            run(host, done, "warm-up");
            // windows of 20,000 calls until one allocates nothing on the host thread (AllocationWindows says why
            // the first windows may hold HotSpot's one-off bytes); a per-call allocation shows in every window
            final long threadId = Thread.currentThread().getId();
            final long[] windows = AllocationWindows.untilZero(() -> THREADS.getThreadAllocatedBytes(threadId), () ->
            {
                target[0] += 200;
                impulses(log, "hello", 20_000, 1);
                run(host, done, "measured window");
            }, 6);
            System.out.println("coordinator: bytes allocated on the host thread per window of 20,000 calls " +
                "delivered (200 logged from the service): " + java.util.Arrays.toString(windows));
            assertTrue(AllocationWindows.endsAtZero(windows) && AllocationWindows.max(windows) <= 16 * 1024,
                "no window of 20,000 calls allocated nothing: " + java.util.Arrays.toString(windows));
            host.onClose();
        }
    }
}
