package io.boomscooter.driver.tcp;

import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * A simple client for the framing of {@link TcpTransportPoller}, for tests and the CLI. It connects
 * blocking, then reads and writes non-blocking through the same pre-allocated buffers as the server,
 * so polling allocates nothing. Not thread safe.
 */
public final class TcpClient implements AutoCloseable
{
    /**
     * Receives frames from {@link #poll(FrameHandler)}.
     */
    @FunctionalInterface
    public interface FrameHandler
    {
        /**
         * @param buffer holding the message; only valid during this call.
         * @param offset of the message.
         * @param length of the message.
         */
        void onFrame(DirectBuffer buffer, int offset, int length);
    }

    private static final long DEFAULT_SEND_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private final SocketChannel channel;
    private final TcpFramer framer;
    private final TcpFrameAssembler assembler;
    private final TcpSendBuffer sendBuffer;
    private boolean endOfStream;

    /**
     * Connect with the default maximum message length and buffer sizes.
     */
    public static TcpClient connect(final String host, final int port)
    {
        return new TcpClient(new InetSocketAddress(host, port), TcpFraming.DEFAULT_MAX_MESSAGE_LENGTH, 0, 0);
    }

    /**
     * @param address             of the server.
     * @param maxMessageLength    largest message sent or accepted.
     * @param bufferLength        bytes of the receive and send buffers; raised to hold one largest frame.
     * @param socketReceiveBuffer SO_RCVBUF to ask for before connecting, or 0 for the OS default.
     * @throws UncheckedIOException when the connection cannot be made.
     */
    public TcpClient(
        final InetSocketAddress address, final int maxMessageLength, final int bufferLength, final int socketReceiveBuffer)
    {
        this(address, new TcpLengthPrefixFramer(maxMessageLength), bufferLength, socketReceiveBuffer);
    }

    /**
     * @param address             of the server, already resolved.
     * @param framer              framing spoken on this connection, e.g. {@link TcpLineFramer}.
     * @param bufferLength        bytes of the receive and send buffers; raised to hold one largest frame.
     * @param socketReceiveBuffer SO_RCVBUF to ask for before connecting, or 0 for the OS default.
     * @throws UncheckedIOException when the connection cannot be made.
     */
    public TcpClient(
        final InetSocketAddress address, final TcpFramer framer, final int bufferLength, final int socketReceiveBuffer)
    {
        this.framer = framer;
        assembler = new TcpFrameAssembler(framer, new TcpFramer.Decoded(),
            ByteBuffer.allocateDirect(TcpFrameAssembler.capacityFor(framer, bufferLength)));
        sendBuffer = new TcpSendBuffer(framer,
            ByteBuffer.allocateDirect(TcpSendBuffer.capacityFor(framer, bufferLength)));
        SocketChannel channel = null;
        try
        {
            channel = SocketChannel.open();
            if (socketReceiveBuffer > 0)
            {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, socketReceiveBuffer);
            }
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(address);
            channel.configureBlocking(false);
        }
        catch (final IOException ex)
        {
            CloseHelper.quietClose(channel);
            throw new UncheckedIOException("cannot connect to " + address, ex);
        }
        this.channel = channel;
    }

    /**
     * @return the local port of this connection, to match it with the server's view.
     */
    public int localPort()
    {
        return channel.socket().getLocalPort();
    }

    /**
     * Queue a frame and write as much as the socket takes now.
     *
     * @return true when queued, false when the send buffer is full (call {@link #flush()} and retry).
     * @throws IllegalArgumentException when the framer cannot carry the message (length outside
     *                                  {@code 1..maxMessageLength}, or a CR/LF in a line).
     */
    public boolean offer(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!framer.isValidMessageLength(length) || !framer.isValidMessage(buffer, offset, length))
        {
            throw new IllegalArgumentException("message not valid for " + framer + ": length " + length);
        }
        final boolean queued = sendBuffer.append(buffer, offset, length);
        flush();
        return queued;
    }

    /**
     * Send a frame, waiting (yielding, never longer than 10 s) until it is written to the socket.
     */
    public void send(final DirectBuffer buffer, final int offset, final int length)
    {
        final long deadlineNs = System.nanoTime() + DEFAULT_SEND_TIMEOUT_NS;
        while (!offer(buffer, offset, length))
        {
            awaitProgress(deadlineNs);
        }
        while (flush() > 0)
        {
            awaitProgress(deadlineNs);
        }
    }

    /**
     * One non-blocking write of the backlog.
     *
     * @return bytes still waiting to be written.
     */
    public int flush()
    {
        try
        {
            sendBuffer.flushTo(channel);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return sendBuffer.backlog();
    }

    /**
     * One non-blocking read, then every complete frame to the handler.
     *
     * @return frames delivered; -1 once the server has closed the connection and nothing is left.
     * @throws IllegalStateException when the server breaks the framing rules.
     * @throws UncheckedIOException  when the read fails, e.g. on a reset.
     */
    public int poll(final FrameHandler handler)
    {
        if (!endOfStream)
        {
            try
            {
                endOfStream = assembler.readFrom(channel) < 0;
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }

        int frames = 0;
        int frameLength;
        while ((frameLength = assembler.nextFrame()) >= 0)
        {
            frames++;
            handler.onFrame(assembler.buffer(), assembler.frameOffset(), frameLength);
        }
        if (frameLength == TcpFrameAssembler.MALFORMED)
        {
            throw new IllegalStateException("malformed frame from server: " + assembler.malformedDetail() +
                (assembler.malformedReason() == TcpDisconnectReason.INVALID_FRAME_LENGTH ?
                " (length " + assembler.invalidLength() + ")" : ""));
        }
        return frames == 0 && endOfStream ? -1 : frames;
    }

    /**
     * @return true once the server closed its side of the connection.
     */
    public boolean isEndOfStream()
    {
        return endOfStream;
    }

    /**
     * Close with a reset (SO_LINGER 0) rather than an orderly FIN: how a crashed peer looks.
     */
    public void closeAbruptly()
    {
        try
        {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        }
        catch (final IOException ignore)
        {
            // Already broken; a plain close is as abrupt as it gets.
        }
        close();
    }

    public void close()
    {
        CloseHelper.quietClose(channel);
    }

    private static void awaitProgress(final long deadlineNs)
    {
        if (System.nanoTime() - deadlineNs > 0)
        {
            throw new IllegalStateException("send timed out: the server is not reading");
        }
        Thread.yield();
    }
}
