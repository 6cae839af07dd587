package io.boomscooter.engine.service;

import io.boomscooter.engine.log.LogConfig;
import io.boomscooter.engine.log.LogEntryView;
import io.boomscooter.engine.log.LogReader;
import io.boomscooter.engine.log.LogWriter;
import io.boomscooter.engine.service.examples.CounterService;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service host on one thread over a real log ({@link LocalFamilyLog}): async round trips between two
 * services allocate nothing per call, recovery from a checkpoint plus replay reaches the same state without
 * logging any output twice, and a malformed call is refused, counted and skipped.
 */
class ServiceHostTest
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private static final long OUTSIDE_PRODUCER = 77;

    @TempDir
    Path tmp;

    private final UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
    private final CountersManager counters = new CountersManager(
        new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024)));
    private CounterService counter;
    private AsyncCallerService caller;

    private ServiceHost host(final long checkpointCalls)
    {
        counter = new CounterService();
        caller = new AsyncCallerService();
        final ServiceSettings settings = new ServiceSettings()
            .service("counter", () -> counter)
            .service("caller", () -> caller)
            .checkpointEveryCalls(checkpointCalls)
            .checkpointIntervalNs(0);
        return new ServiceHost(settings, tmp.resolve("data"), (type, label) -> counters.newCounter(label, type));
    }

    private static LogWriter openLog(final Path dir)
    {
        return LogWriter.open(dir, new LogConfig().segmentLength(64 * 1024 * 1024).preallocateOnAppend(false));
    }

    private void impulses(final LocalFamilyLog log, final String service, final int methodId, final int count)
    {
        final int channelLength = ServiceCalls.putChannel(scratch, 0, service);
        for (int i = 0; i < count; i++)
        {
            final int length = ServiceTestCalls.impulseAt(scratch, channelLength, methodId, 1);
            assertTrue(log.submit(OUTSIDE_PRODUCER, scratch, 0, channelLength, channelLength, length) > 0);
        }
    }

    private void runUntil(final ServiceHost host, final java.util.function.BooleanSupplier done)
    {
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (!done.getAsBoolean())
        {
            host.doWork(System.nanoTime());
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("host did not get there: caller calls=" + caller.calls() + " results=" +
                    caller.results() + " counter=" + counter.total());
            }
        }
    }

    @Test
    void asyncRoundTripsAllocateNothingPerCall()
    {
        try (LogWriter writer = openLog(tmp.resolve("log")))
        {
            final LocalFamilyLog log = new LocalFamilyLog(writer);
            final ServiceHost host = host(0);
            host.onStart(log);
            final long[] target = {20_000};
            final java.util.function.BooleanSupplier done = () -> caller.results() == target[0];
            impulses(log, "caller", AsyncCallerService.GO, 20_000);
            runUntil(host, done);
            target[0] = 40_000;
            final long warm = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
            impulses(log, "caller", AsyncCallerService.GO, 20_000);
            runUntil(host, done);
            final long warming = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()) - warm;

            target[0] = 60_000;
            final long before = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
            impulses(log, "caller", AsyncCallerService.GO, 20_000);
            runUntil(host, done);
            final long allocated = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            System.out.println("service host: bytes allocated for the 2nd and 3rd 20,000 round trips: " + warming +
                ", " + allocated);

            assertEquals(60_000, counter.total());
            assertEquals(0, caller.outOfOrder());
            assertTrue(allocated < 1024, "bytes allocated for 20,000 async round trips: " + allocated);
            assertTrue(log.errors.isEmpty(), log.errors.toString());
            host.onClose();
        }
    }

    @Test
    void recoveryFromCheckpointAndReplayLogsNothingTwice()
    {
        final Path logDir = tmp.resolve("log");
        try (LogWriter writer = openLog(logDir))
        {
            final LocalFamilyLog log = new LocalFamilyLog(writer);
            final ServiceHost first = host(3_000);
            first.onStart(log);
            impulses(log, "caller", AsyncCallerService.GO, 10_000);
            runUntil(first, () -> caller.results() == 10_000);
            first.onClose(); // waits for the checkpoint writes
            final CheckpointStore.Snapshot checkpoint = new CheckpointStore(tmp.resolve("data"), "caller").readNewest();
            assertTrue(null != checkpoint && checkpoint.seqno < writer.lastSeqno(),
                "a checkpoint behind the log end, so recovery replays: " + (null == checkpoint ? null : checkpoint.seqno));

            // a new host on the same log and data: the previous run's outputs are all in the log already
            final ServiceHost second = host(3_000);
            second.onStart(log);
            runUntil(second, () -> caller.results() == 10_000 && counter.total() == 10_000);
            impulses(log, "caller", AsyncCallerService.GO, 1_000);
            runUntil(second, () -> caller.results() == 11_000);
            assertEquals(11_000, counter.total());
            assertEquals(11_000, caller.calls());
            assertEquals(0, caller.outOfOrder());
            second.onClose();

            final Map<String, Integer> perChannel = entriesPerChannel(logDir);
            assertEquals(11_000, perChannel.get("svc/counter"), "async calls logged once each: " + perChannel);
            assertEquals(11_000 + 11_000, perChannel.get("svc/caller"), "impulses plus one result each: " + perChannel);
        }
    }

    @Test
    void malformedCallIsRefusedCountedAndSkipped()
    {
        try (LogWriter writer = openLog(tmp.resolve("log")))
        {
            final LocalFamilyLog log = new LocalFamilyLog(writer);
            final ServiceHost host = host(0);
            host.onStart(log);
            final int channelLength = ServiceCalls.putChannel(scratch, 0, "counter");
            final int length = ServiceTestCalls.impulseAt(scratch, channelLength, CounterService.INCREMENT, 5);
            scratch.putByte(channelLength + 1, (byte)9); // an unknown call kind
            log.submit(OUTSIDE_PRODUCER, scratch, 0, channelLength, channelLength, length);
            scratch.putByte(channelLength + 1, (byte)CallKind.IMPULSE);
            log.submit(OUTSIDE_PRODUCER, scratch, 0, channelLength, channelLength, 3); // shorter than a header
            log.submit(OUTSIDE_PRODUCER, scratch, 0, channelLength, channelLength, length);
            runUntil(host, () -> counter.total() == 5);
            assertEquals(2, log.errors.size(), log.errors.toString());
            assertTrue(log.errors.get(0).getMessage().contains("unknown call kind"), log.errors.toString());
            assertTrue(log.errors.get(1).getMessage().contains("shorter than its 16-byte header"),
                log.errors.toString());
            host.onClose();
        }
    }

    private static Map<String, Integer> entriesPerChannel(final Path logDir)
    {
        final Map<String, Integer> counts = new HashMap<>();
        try (LogReader reader = LogReader.open(logDir))
        {
            final LogEntryView view = reader.entryView();
            reader.seek(1);
            while (reader.poll((buffer, offset, length, seqno, epoch, ts) ->
            {
                if (view.wrap(buffer, offset, length))
                {
                    counts.merge(buffer.getStringWithoutLengthAscii(view.channelOffset(), view.channelLength()), 1,
                        Integer::sum);
                }
            }, 1000) > 0)
            {
                // read on
            }
        }
        return counts;
    }

}
