package io.boomscooter.engine;

import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.agrona.concurrent.errors.ErrorConsumer;
import org.agrona.concurrent.errors.ErrorLogReader;

import java.io.File;
import java.nio.MappedByteBuffer;

/**
 * A node's {@link DistinctErrorLog} in a memory-mapped file, {@code errors.dat} in the data directory,
 * so errors survive a crash and {@code boomscooter errors} can read them from another process.
 */
public final class ErrorLogFile implements AutoCloseable
{
    public static final String FILE_NAME = "errors.dat";

    private final MappedByteBuffer mapped;
    private final AtomicBuffer buffer;
    private final DistinctErrorLog log;

    private ErrorLogFile(final MappedByteBuffer mapped)
    {
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
        this.log = new DistinctErrorLog(buffer, SystemEpochClock.INSTANCE);
    }

    /**
     * Creates a new, empty error log, replacing any from an earlier run.
     *
     * @param dataDir directory to hold it, created if missing.
     * @param length  bytes to map.
     * @return the open log.
     */
    public static ErrorLogFile create(final File dataDir, final int length)
    {
        IoUtil.ensureDirectoryExists(dataDir, "data dir");
        final File file = new File(dataDir, FILE_NAME);
        IoUtil.deleteIfExists(file);
        return new ErrorLogFile(IoUtil.mapNewFile(file, length, true));
    }

    /**
     * Reads the error log in a data directory, possibly written by another process.
     *
     * @param dataDir  node data directory.
     * @param consumer told of each distinct error.
     * @return how many distinct errors were read.
     * @throws IllegalArgumentException when the directory holds no error log.
     */
    public static int read(final File dataDir, final ErrorConsumer consumer)
    {
        final File file = new File(dataDir, FILE_NAME);
        if (!file.isFile())
        {
            throw new IllegalArgumentException("no error log at " + file);
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file, "error log");
        try
        {
            return ErrorLogReader.read(new UnsafeBuffer(mapped), consumer);
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }

    /**
     * @return the log to record into.
     */
    public DistinctErrorLog log()
    {
        return log;
    }

    /**
     * @return the mapped buffer, for reading back in process.
     */
    public AtomicBuffer buffer()
    {
        return buffer;
    }

    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
