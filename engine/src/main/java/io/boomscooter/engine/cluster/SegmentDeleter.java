package io.boomscooter.engine.cluster;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Deletes released segment files on one shared daemon thread, so a duty cycle that releases segments never
 * waits on the file system.
 */
final class SegmentDeleter implements Executor
{
    static final SegmentDeleter INSTANCE = new SegmentDeleter();

    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();

    private SegmentDeleter()
    {
        final Thread thread = new Thread(this::run, "boomscooter-segment-deleter");
        thread.setDaemon(true);
        thread.start();
    }

    public void execute(final Runnable deletion)
    {
        queue.add(deletion);
    }

    private void run()
    {
        while (true)
        {
            try
            {
                queue.take().run();
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            catch (final RuntimeException ignore)
            {
                // a file already gone: nothing to do
            }
        }
    }
}
