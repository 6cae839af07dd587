package io.boomscooter.engine.service;

import org.agrona.ErrorHandler;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes checkpoint files on its own daemon thread, so the duty cycle only serialises state into a buffer
 * and hands it over ({@link #submit}, which never blocks). One job per buffer: a {@link ServiceSlot} does
 * not reuse a buffer until the job is {@link Job#isDone()}.
 */
final class CheckpointWriter implements AutoCloseable
{
    private final ArrayBlockingQueue<Job> jobs = new ArrayBlockingQueue<>(64);
    private final ErrorHandler errorHandler;
    private final Thread thread;
    private volatile boolean running = true;

    static final class Job
    {
        final CheckpointStore store;
        ByteBuffer bytes;
        long seqno;
        volatile boolean busy;
        volatile long writtenSeqno = -1;

        Job(final CheckpointStore store)
        {
            this.store = store;
        }

        boolean isDone()
        {
            return !busy;
        }
    }

    CheckpointWriter(final ErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        this.thread = new Thread(this::run, "boomscooter-checkpoints");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * @return false when the queue is full (the checkpoint is skipped; the next one will do).
     */
    boolean submit(final Job job, final ByteBuffer bytes, final long seqno)
    {
        job.bytes = bytes;
        job.seqno = seqno;
        job.busy = true;
        if (!jobs.offer(job))
        {
            job.busy = false;
            return false;
        }
        return true;
    }

    private void run()
    {
        while (running || !jobs.isEmpty())
        {
            final Job job;
            try
            {
                job = jobs.poll(50, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
            if (null == job)
            {
                continue;
            }
            try
            {
                job.store.write(job.seqno, job.bytes);
                job.writtenSeqno = job.seqno;
            }
            catch (final Exception ex)
            {
                errorHandler.onError(new java.io.IOException("checkpoint of " + job.store.dir() + " at seqno " +
                    job.seqno + " not written", ex));
            }
            finally
            {
                job.busy = false;
            }
        }
    }

    /**
     * Finishes the queued writes (bounded wait) and stops the thread.
     */
    public void close()
    {
        running = false;
        try
        {
            thread.join(10_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
