package io.boomscooter.engine.log;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static io.boomscooter.engine.log.LogFormat.PREALLOCATED_INDEX;
import static io.boomscooter.engine.log.LogFormat.PREALLOCATED_SEGMENT;

/**
 * The next segment of one {@link LogWriter}, made ahead of need: it holds the pre-allocated segment and index
 * ({@link LogFormat#PREALLOCATED_SEGMENT} and {@link LogFormat#PREALLOCATED_INDEX}, base seqno 0, every block
 * reserved, the segment optionally pre-touched, both mapped) from the moment they are made until the writer
 * takes them, or the failure that stopped them. It exists so the file creation, block reservation, mapping and
 * page touching of a pre-allocation (0.5 ms for a 64 KiB segment, up to seconds for a pre-touched 1 GiB one, and
 * a few KiB of garbage) run on a background thread instead of an agent's duty cycle.
 * <p>
 * The on-disk state is exactly what the writer made inline before, so recovery is unchanged: a crash at any
 * point leaves at most the two {@code .tmp} files, which {@code LogWriter.open} deletes.
 * <p>
 * Hand-over: a state word moves IDLE -> REQUESTED (the writer asks) -> RUNNING (the background thread, or the
 * writer itself, makes the files) -> DONE (result published) -> IDLE (the writer took it). The result fields are
 * written before the release of DONE and read after its acquire; only the writer moves DONE -> IDLE or asks, only
 * whoever won the CAS to RUNNING makes the files, so both files are never made twice at once. The writer never
 * blocks on the background thread unless it needs the next segment before it is delivered: {@link #makeHere}
 * then takes a queued request back and makes the files itself, or waits for the one in progress.
 * <p>
 * One daemon thread serves every background pre-allocator in the JVM, rather than one thread per writer,
 * because the work is rare (once per segment, at least half a segment ahead of need) and I/O-bound: a thread per
 * writer would sit parked more than 99.9% of the time, and a process hosting several logs (the nodes of an
 * in-JVM test cluster, a node beside a ring relay) would grow a thread per log. The cost of
 * sharing is that one writer's request can queue behind another's pre-allocation; when that makes it late, the
 * writer takes its request back and makes the files inline, which {@link LogWriter#inlinePreallocations()} counts.
 * The thread is started by the first background pre-allocator and lives as long as the JVM (a daemon, parked
 * when idle); it references a writer's pre-allocator only between {@code LogWriter.open} and {@code close}.
 */
final class SegmentPreallocator implements AutoCloseable
{
    private static final int IDLE = 0;
    private static final int REQUESTED = 1;
    private static final int RUNNING = 2;
    private static final int DONE = 3;
    private static final int CLOSED = 4;
    private static final long WAIT_NS = 50_000;

    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final Path segmentFile;
    private final Path indexFile;
    private final int segmentLength;
    private final int indexInterval;
    private final boolean preTouch;
    private final boolean background;

    // Written by whoever makes the files before DONE is released; read and cleared by the writer after DONE.
    private Segment segment;
    private SegmentIndex index;
    private RuntimeException failure;

    /**
     * @param background register with the shared background thread; otherwise only {@link #makeHere} makes files.
     */
    SegmentPreallocator(final Path dir, final LogConfig cfg, final boolean background)
    {
        this.segmentFile = dir.resolve(PREALLOCATED_SEGMENT);
        this.indexFile = dir.resolve(PREALLOCATED_INDEX);
        this.segmentLength = cfg.segmentLength();
        this.indexInterval = cfg.indexInterval();
        this.preTouch = cfg.preTouch();
        this.background = background;
        if (background)
        {
            Worker.INSTANCE.register(this);
        }
    }

    /**
     * Asks the background thread for the next segment, when nothing is asked or held. Allocation-free and
     * non-blocking (a CAS and an unpark).
     *
     * @return true when this call made the request.
     */
    boolean request()
    {
        if (background && state.compareAndSet(IDLE, REQUESTED))
        {
            Worker.INSTANCE.wake();
            return true;
        }
        return false;
    }

    /** @return true when nothing is asked, in progress or waiting to be taken. */
    boolean isIdle()
    {
        return IDLE == state.get();
    }

    /** @return true when a result (segment or failure) waits for {@link #segment()} / {@link #failure()}. */
    boolean isDone()
    {
        return DONE == state.get();
    }

    /**
     * Makes the files on the calling (writer) thread: now when nothing is asked, or by taking back a request the
     * background thread has not started; waits when the background thread is making them. Returns with
     * {@link #isDone()} true (unless closed).
     */
    void makeHere()
    {
        while (true)
        {
            final int s = state.get();
            if (IDLE == s || REQUESTED == s)
            {
                if (state.compareAndSet(s, RUNNING))
                {
                    make();
                    return;
                }
            }
            else if (RUNNING == s)
            {
                LockSupport.parkNanos(WAIT_NS);
            }
            else
            {
                return;
            }
        }
    }

    /** @return the made segment (base seqno 0) when {@link #isDone()} and it did not fail, else null. */
    Segment segment()
    {
        return segment;
    }

    /** @return its index, with the segment. */
    SegmentIndex index()
    {
        return index;
    }

    /** @return why the files could not be made ({@link LogDiskFullException} for want of space), or null. */
    RuntimeException failure()
    {
        return failure;
    }

    /** Forgets the result the writer took (it now owns the segment and index); a new request may follow. */
    void reset()
    {
        segment = null;
        index = null;
        failure = null;
        state.set(IDLE);
    }

    private void make()
    {
        Segment.deleteQuietly(segmentFile);
        Segment.deleteQuietly(indexFile);
        Segment madeSegment = null;
        try
        {
            madeSegment = Segment.create(segmentFile, segmentLength, 0, indexInterval, preTouch);
            index = SegmentIndex.create(indexFile, segmentLength, indexInterval, 0);
            segment = madeSegment;
        }
        catch (final Throwable ex)
        {
            if (null != madeSegment)
            {
                madeSegment.close();
            }
            Segment.deleteQuietly(segmentFile);
            Segment.deleteQuietly(indexFile);
            failure = ex instanceof RuntimeException ? (RuntimeException)ex :
                new LogException("cannot pre-allocate " + segmentFile + ": " + ex, ex);
        }
        state.set(DONE);
    }

    /**
     * Cancels a request not yet started, waits for one in progress, and unmaps whatever was made and not taken
     * (the {@code .tmp} files stay, as they did when the writer pre-allocated inline; the next open deletes them).
     */
    public void close()
    {
        while (true)
        {
            final int s = state.get();
            if (CLOSED == s)
            {
                return;
            }
            if (RUNNING == s)
            {
                LockSupport.parkNanos(WAIT_NS);
            }
            else if (state.compareAndSet(s, CLOSED))
            {
                break;
            }
        }
        if (null != segment)
        {
            segment.close();
            index.close();
        }
        segment = null;
        index = null;
        failure = null;
        if (background)
        {
            Worker.INSTANCE.unregister(this);
        }
    }

    /** The shared daemon thread: makes the files of every requested pre-allocator, then parks until woken. */
    private static final class Worker implements Runnable
    {
        static final Worker INSTANCE = start();

        private final Thread thread;
        private volatile SegmentPreallocator[] preallocators = new SegmentPreallocator[0];

        private Worker()
        {
            thread = new Thread(this, "boomscooter-log-preallocator");
            thread.setDaemon(true);
        }

        private static Worker start()
        {
            final Worker worker = new Worker();
            worker.thread.start();
            return worker;
        }

        synchronized void register(final SegmentPreallocator p)
        {
            final SegmentPreallocator[] old = preallocators;
            final SegmentPreallocator[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = p;
            preallocators = grown;
        }

        synchronized void unregister(final SegmentPreallocator p)
        {
            final SegmentPreallocator[] old = preallocators;
            for (int i = 0; i < old.length; i++)
            {
                if (old[i] == p)
                {
                    final SegmentPreallocator[] shrunk = new SegmentPreallocator[old.length - 1];
                    System.arraycopy(old, 0, shrunk, 0, i);
                    System.arraycopy(old, i + 1, shrunk, i, old.length - 1 - i);
                    preallocators = shrunk;
                    return;
                }
            }
        }

        void wake()
        {
            LockSupport.unpark(thread);
        }

        public void run()
        {
            while (true)
            {
                boolean made = false;
                for (final SegmentPreallocator p : preallocators)
                {
                    if (p.state.compareAndSet(REQUESTED, RUNNING))
                    {
                        p.make();
                        made = true;
                    }
                }
                if (!made)
                {
                    // An unpark between the scan and here leaves a permit: park returns at once and we rescan.
                    Thread.interrupted();
                    LockSupport.park(this);
                }
            }
        }
    }
}
