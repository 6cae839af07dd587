package io.boomscooter.perf.exchange;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The baseline for exchanges: plain TCP on loopback between two busy-spinning threads with non-blocking channels
 * and TCP_NODELAY, fixed-size messages and no framing beyond the size, every write gathering all that is ready
 * (as a hand-rolled engine would). Ping-pong gives round trips and the rate with one in flight; a window of 64
 * the pipelined rate; one-way streaming the rate posts compare with.
 */
final class RawTcpBaseline implements AutoCloseable
{
    private static final int BUFFER = 64 * 1024;
    private static final byte ECHO = 0;
    private static final byte ONE_WAY = 1;
    private static final byte LAST = 2;

    private final ServerSocketChannel listener;
    private final SocketChannel client;
    private final SocketChannel server;
    private final Thread echo;
    private final int size;
    private volatile boolean running = true;

    RawTcpBaseline(final int size) throws IOException
    {
        if (size < 16)
        {
            throw new IllegalArgumentException("raw TCP messages need at least 16 bytes");
        }
        this.size = size;
        listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        client = SocketChannel.open(listener.getLocalAddress());
        server = listener.accept();
        for (final SocketChannel c : new SocketChannel[]{client, server})
        {
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            c.configureBlocking(false);
        }
        echo = new Thread(this::echo, "raw-tcp-echo");
        echo.setDaemon(true);
        echo.start();
    }

    /** Echoes each ECHO and LAST message, drops ONE_WAY ones; reads and writes in bulk, spinning. */
    private void echo()
    {
        final ByteBuffer in = ByteBuffer.allocateDirect(BUFFER);
        final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER);
        try
        {
            while (running)
            {
                if (server.read(in) < 0)
                {
                    return;
                }
                in.flip();
                while (in.remaining() >= size && out.remaining() >= size)
                {
                    final int start = in.position();
                    if (in.get(start) != ONE_WAY)
                    {
                        final ByteBuffer message = in.duplicate();
                        message.limit(start + size);
                        out.put(message);
                    }
                    in.position(start + size);
                }
                in.compact();
                out.flip();
                while (out.hasRemaining())
                {
                    server.write(out);
                }
                out.clear();
            }
        }
        catch (final IOException ex)
        {
            // closed
        }
    }

    private void put(final ByteBuffer out, final byte kind, final long stamp)
    {
        final int start = out.position();
        out.put(start, kind);
        out.putLong(start + 8, stamp);
        out.position(start + size);
    }

    private static void writeAll(final SocketChannel channel, final ByteBuffer out) throws IOException
    {
        out.flip();
        while (out.hasRemaining())
        {
            channel.write(out);
        }
        out.clear();
    }

    /**
     * @return messages per second with this many in flight; round trips recorded into rtt.
     */
    double pingPong(final long count, final int inFlight, final Histogram rtt) throws IOException
    {
        final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER);
        final ByteBuffer in = ByteBuffer.allocateDirect(BUFFER);
        final long start = System.nanoTime();
        long sent = 0;
        long received = 0;
        while (received < count)
        {
            while (sent < count && sent - received < inFlight && out.remaining() >= size)
            {
                put(out, ECHO, System.nanoTime());
                sent++;
            }
            writeAll(client, out);
            if (client.read(in) < 0)
            {
                throw new IOException("echo closed");
            }
            in.flip();
            final long now = System.nanoTime();
            while (in.remaining() >= size)
            {
                rtt.recordValue(Math.max(0, now - in.getLong(in.position() + 8)));
                in.position(in.position() + size);
                received++;
            }
            in.compact();
        }
        return count * 1e9 / (System.nanoTime() - start);
    }

    /** @return one-way messages per second, timed to the answer of a final message. */
    double oneWay(final long count) throws IOException
    {
        final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER);
        final long start = System.nanoTime();
        for (long i = 0; i < count; i++)
        {
            if (out.remaining() < size)
            {
                writeAll(client, out);
            }
            put(out, ONE_WAY, 0);
        }
        put(out, LAST, 0);
        writeAll(client, out);
        final ByteBuffer in = ByteBuffer.allocateDirect(size);
        while (in.hasRemaining())
        {
            if (client.read(in) < 0)
            {
                throw new IOException("echo closed");
            }
        }
        return count * 1e9 / (System.nanoTime() - start);
    }

    public void close() throws IOException
    {
        running = false;
        client.close();
        server.close();
        listener.close();
    }
}
