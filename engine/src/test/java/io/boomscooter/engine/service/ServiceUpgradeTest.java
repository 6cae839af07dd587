package io.boomscooter.engine.service;

import io.boomscooter.engine.log.LogConfig;
import io.boomscooter.engine.log.LogWriter;
import io.boomscooter.engine.service.examples.CounterService;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upgrade (a new version starts from the old one's checkpoint and the log after it) and what-if (a version
 * replayed offline with its calls suppressed, compared output by output with what the log holds).
 */
class ServiceUpgradeTest
{
    @TempDir
    Path tmp;

    private final UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
    private final CountersManager counters = new CountersManager(
        new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024)));

    /** Version 2 of the counter: reads version 1's state, and an increment now counts ten times. */
    public static final class CounterV2 implements Service
    {
        long total;
        long increments;
        boolean startedFromCheckpoint;

        public void onStart(final ServiceContext context, final DirectBuffer checkpoint, final int offset,
            final int length)
        {
            if (null != checkpoint)
            {
                startedFromCheckpoint = true;
                total = checkpoint.getLong(offset, ByteOrder.LITTLE_ENDIAN);
                increments = checkpoint.getLong(offset + 8, ByteOrder.LITTLE_ENDIAN);
            }
        }

        public void onCall(final ServiceCall call)
        {
            if (call.methodId() == CounterService.INCREMENT)
            {
                total += 10 * call.buffer().getLong(call.argsOffset(), ByteOrder.LITTLE_ENDIAN);
                increments++;
            }
        }

        public int onCheckpoint(final MutableDirectBuffer out)
        {
            out.putLong(0, total, ByteOrder.LITTLE_ENDIAN);
            out.putLong(8, increments, ByteOrder.LITTLE_ENDIAN);
            return 16;
        }
    }

    /** A caller that, from its 3,001st call on, calls a method the running version does not. */
    public static final class DivergingCaller implements Service
    {
        private final UnsafeBuffer args = new UnsafeBuffer(new byte[8]);
        private ServiceContext context;
        private long calls;

        public void onStart(final ServiceContext context, final DirectBuffer checkpoint, final int offset,
            final int length)
        {
            this.context = context;
            calls = null == checkpoint ? 0 : checkpoint.getLong(offset, ByteOrder.LITTLE_ENDIAN);
        }

        public void onCall(final ServiceCall call)
        {
            calls++;
            args.putLong(0, 1, ByteOrder.LITTLE_ENDIAN);
            context.call("counter", calls > 3_000 ? CounterService.GET : CounterService.INCREMENT, args, 0, 8);
        }

        public int onCheckpoint(final MutableDirectBuffer out)
        {
            out.putLong(0, calls, ByteOrder.LITTLE_ENDIAN);
            return 8;
        }
    }

    private ServiceHost host(final Service counter, final Service caller)
    {
        final ServiceSettings settings = new ServiceSettings().service("counter", () -> counter)
            .service("caller", () -> caller).checkpointEveryCalls(0).checkpointIntervalNs(0);
        return new ServiceHost(settings, tmp.resolve("data"), (type, label) -> counters.newCounter(label, type));
    }

    private void impulses(final LocalFamilyLog log, final String service, final int methodId, final int count)
    {
        final int channelLength = ServiceCalls.putChannel(scratch, 0, service);
        for (int i = 0; i < count; i++)
        {
            final int length = ServiceTestCalls.impulseAt(scratch, channelLength, methodId, 1);
            assertTrue(log.submit(77, scratch, 0, channelLength, channelLength, length) > 0);
        }
    }

    private void checkpointRequest(final LocalFamilyLog log, final String service)
    {
        final int channelLength = ServiceCalls.putChannel(scratch, 0, service);
        final int length = ServiceCalls.putHeader(scratch, channelLength, CallKind.CHECKPOINT, 0, 0, null, 0, 0) -
            channelLength;
        assertTrue(log.submit(77, scratch, 0, channelLength, channelLength, length) > 0);
    }

    private static void run(final ServiceHost host, final BooleanSupplier done)
    {
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (!done.getAsBoolean())
        {
            host.doWork(System.nanoTime());
            assertTrue(System.nanoTime() < deadline, "host did not finish");
        }
    }

    @Test
    void newVersionStartsFromTheCheckpointAndWhatIfReportsDivergence()
    {
        final Path logDir = tmp.resolve("log");
        try (LogWriter writer = LogWriter.open(logDir, new LogConfig().segmentLength(16 * 1024 * 1024)))
        {
            final LocalFamilyLog log = new LocalFamilyLog(writer);
            final CounterService v1 = new CounterService();
            final AsyncCallerService caller = new AsyncCallerService();
            final ServiceHost first = host(v1, caller);
            first.onStart(log);
            // checkpoints only where the log asks for them: after 2,000 impulses, so 3,000 outputs follow them
            impulses(log, "caller", AsyncCallerService.GO, 2_000);
            checkpointRequest(log, "caller");
            checkpointRequest(log, "counter");
            impulses(log, "caller", AsyncCallerService.GO, 3_000);
            run(first, () -> caller.results() == 5_000);
            first.onClose();
            assertEquals(5_000, v1.total());

            // what-if, same version, from the newest checkpoint and from the start: nothing diverges
            final java.util.List<Path> files = new CheckpointStore(tmp.resolve("data"), "caller").files();
            assertEquals(1, files.size(), "checkpoints: " + files);
            final byte[] checkpoint = readAll(files.get(0));
            final ServiceReplay.Report same = ServiceReplay.run(logDir, "caller", new AsyncCallerService(), checkpoint,
                Long.MAX_VALUE);
            assertFalse(same.diverged(), same.firstDivergence);
            assertTrue(same.outputsCompared == 3_000 && same.outputsCompared == same.outputsMatched,
                same.outputsCompared + " compared, " + same.outputsMatched + " matched, from " + same.fromSeqno +
                " to " + same.toSeqno + ", " + same.callsReplayed + " calls, checkpoints " + files);
            final ServiceReplay.Report whole = ServiceReplay.run(logDir, "caller", new AsyncCallerService(), null,
                Long.MAX_VALUE);
            assertEquals(10_001, whole.callsReplayed, "5,000 impulses, 5,000 results, a checkpoint request");
            assertEquals(5_000, whole.outputsMatched);
            assertFalse(whole.diverged());

            // what-if, a version that changes its 3,001st call
            final ServiceReplay.Report changed = ServiceReplay.run(logDir, "caller", new DivergingCaller(), null,
                Long.MAX_VALUE);
            assertTrue(changed.diverged());
            assertEquals(3_001, changed.firstDivergentOutput, changed.firstDivergence);
            assertEquals(3_000, changed.outputsMatched);
            assertTrue(changed.firstDivergence.contains("svc/counter"), changed.firstDivergence);

            // upgrade: the counter's version 2 starts from version 1's checkpoint, replays the rest, goes on
            final CounterV2 v2 = new CounterV2();
            final AsyncCallerService caller2 = new AsyncCallerService();
            final ServiceHost second = host(v2, caller2);
            second.onStart(log);
            assertTrue(v2.startedFromCheckpoint);
            run(second, () -> caller2.results() == 5_000 && v2.increments == 5_000);
            assertEquals(5_000 + 9 * (5_000 - checkpointIncrements()), v2.total,
                "v1's total at its checkpoint, then ten per increment replayed or new");
            impulses(log, "caller", AsyncCallerService.GO, 1_000);
            run(second, () -> caller2.results() == 6_000);
            assertEquals(6_000, v2.increments);
            second.onClose();
        }
    }

    private static byte[] readAll(final Path file)
    {
        try
        {
            return java.nio.file.Files.readAllBytes(file);
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private long checkpointIncrements()
    {
        final CheckpointStore.Snapshot counter = new CheckpointStore(tmp.resolve("data"), "counter").readNewest();
        return ByteBuffer.wrap(counter.state).order(ByteOrder.LITTLE_ENDIAN).getLong(8);
    }
}
