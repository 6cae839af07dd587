package io.boomscooter.engine.ring;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Per peer, the journal seqno up to which that peer has answered every message meant for it: one int64 per
 * ring place in a small memory-mapped file ({@code cursors}), so it survives a kill -9 of the process and
 * costs no system call to move.
 */
final class RingCursors implements AutoCloseable
{
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private final int servers;

    RingCursors(final Path file, final int servers)
    {
        this.servers = servers;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE))
        {
            final long length = (long)servers * Long.BYTES;
            if (channel.size() < length)
            {
                channel.write(java.nio.ByteBuffer.allocate((int)(length - channel.size())), channel.size());
            }
            mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open ring cursors " + file, ex);
        }
        buffer = new UnsafeBuffer(mapped);
    }

    long get(final int peer)
    {
        return buffer.getLongVolatile(peer * Long.BYTES);
    }

    void set(final int peer, final long seqno)
    {
        if (seqno > get(peer))
        {
            buffer.putLongOrdered(peer * Long.BYTES, seqno);
        }
    }

    int servers()
    {
        return servers;
    }

    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
