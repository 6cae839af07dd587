package io.boomscooter.driver.tcp;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Frames waiting to be written to one socket, in one direct buffer, framed by a {@link TcpFramer}. Frames are appended
 * whole or not at all, so a full buffer means back pressure rather than a torn frame. The region
 * {@code [flushOffset, writeOffset)} is the backlog; it is moved to the front only when a new frame
 * would not fit behind it.
 * <p>
 * Not thread safe; owned by the thread that writes the channel.
 */
final class TcpSendBuffer
{
    private final TcpFramer framer;
    private final ByteBuffer byteBuffer;
    private final UnsafeBuffer buffer;
    private int flushOffset;
    private int writeOffset;
    private int claimOffset = -1;
    private int claimLength;

    /**
     * Length-prefix framing in a buffer of its own, for clients and tests.
     *
     * @param capacity bytes to allocate; must hold at least one largest frame.
     */
    TcpSendBuffer(final int capacity)
    {
        this(new TcpLengthPrefixFramer(Math.min(capacity - TcpFraming.LENGTH_FIELD_LENGTH,
            TcpFraming.MAX_MAX_MESSAGE_LENGTH)), ByteBuffer.allocateDirect((capacity + 63) & ~63));
    }

    /**
     * @param framer     writes each frame's header and trailer.
     * @param byteBuffer to queue in; at least {@link TcpFramer#maxFrameLength()} bytes.
     */
    TcpSendBuffer(final TcpFramer framer, final ByteBuffer byteBuffer)
    {
        if (byteBuffer.capacity() < framer.maxFrameLength())
        {
            throw new IllegalArgumentException("send buffer " + byteBuffer.capacity() +
                " smaller than the largest frame " + framer.maxFrameLength());
        }
        this.framer = framer;
        this.byteBuffer = byteBuffer;
        buffer = new UnsafeBuffer(byteBuffer);
    }

    /**
     * @return the send buffer capacity for a framer and a configured length: at least one largest
     * frame, rounded up to 64 bytes.
     */
    static int capacityFor(final TcpFramer framer, final int bufferLength)
    {
        return (Math.max(bufferLength, framer.maxFrameLength()) + 63) & ~63;
    }

    /**
     * @return bytes a message of this length takes on the wire, header and trailer included.
     */
    int frameLength(final int messageLength)
    {
        return framer.headerLength(messageLength) + messageLength + framer.trailerLength(messageLength);
    }

    /**
     * Append one frame: header, a copy of the message, trailer.
     *
     * @return true when appended, false when there is no room (back pressure).
     */
    boolean append(final DirectBuffer src, final int offset, final int length)
    {
        final int headerLength = framer.headerLength(length);
        final int frameLength = headerLength + length + framer.trailerLength(length);
        final int frameOffset = reserve(frameLength);
        if (frameOffset < 0)
        {
            return false;
        }
        framer.encodeHeader(buffer, frameOffset, length);
        buffer.putBytes(frameOffset + headerLength, src, offset, length);
        framer.encodeTrailer(buffer, frameOffset + headerLength + length, length);
        writeOffset = frameOffset + frameLength;
        claimOffset = -1;
        return true;
    }

    /**
     * Reserve room for one frame to be encoded in place; it becomes part of the backlog on
     * {@link #commitClaim}. A second claim before commit replaces the first.
     *
     * @return offset of the frame (its header) in {@link #buffer()}, or -1 when there is no room; the
     * message goes {@code framer.headerLength(length)} bytes after it.
     */
    int claim(final int length)
    {
        final int frameOffset = reserve(frameLength(length));
        if (frameOffset >= 0)
        {
            claimOffset = frameOffset;
            claimLength = length;
        }
        return frameOffset;
    }

    /**
     * @param frameOffset returned by the {@link #claim(int)} being committed.
     * @param length      passed to that claim.
     * @return true when that claim was still outstanding and is now part of the backlog.
     */
    boolean commitClaim(final int frameOffset, final int length)
    {
        if (claimOffset < 0 || claimOffset != frameOffset || claimLength != length)
        {
            return false;
        }
        final int headerLength = framer.headerLength(length);
        if (!framer.isValidMessage(buffer, claimOffset + headerLength, length))
        {
            claimOffset = -1;
            return false;
        }
        // The header is written on commit so an abandoned claim can never look like a frame.
        framer.encodeHeader(buffer, claimOffset, length);
        framer.encodeTrailer(buffer, claimOffset + headerLength + length, length);
        writeOffset = claimOffset + headerLength + length + framer.trailerLength(length);
        claimOffset = -1;
        return true;
    }

    void abortClaim(final int frameOffset)
    {
        if (claimOffset == frameOffset)
        {
            claimOffset = -1;
        }
    }

    void abortAnyClaim()
    {
        claimOffset = -1;
    }

    /**
     * One non-blocking write of as much of the backlog as the socket takes.
     *
     * @return bytes written.
     * @throws IOException when the write fails, e.g. the peer reset the connection.
     */
    int flushTo(final WritableByteChannel channel) throws IOException
    {
        final int pending = writeOffset - flushOffset;
        if (pending == 0)
        {
            return 0;
        }
        byteBuffer.limit(writeOffset).position(flushOffset);
        final int written = channel.write(byteBuffer);
        flushOffset += written;
        if (flushOffset == writeOffset && claimOffset < 0)
        {
            flushOffset = 0;
            writeOffset = 0;
        }
        return written;
    }

    /**
     * @return bytes appended but not yet written to the socket.
     */
    int backlog()
    {
        return writeOffset - flushOffset;
    }

    /**
     * @return capacity in bytes.
     */
    int capacity()
    {
        return buffer.capacity();
    }

    UnsafeBuffer buffer()
    {
        return buffer;
    }

    TcpFramer framer()
    {
        return framer;
    }

    /**
     * @return the direct buffer, for returning it to a pool once this send buffer is done.
     */
    ByteBuffer byteBuffer()
    {
        return byteBuffer;
    }

    private int reserve(final int frameLength)
    {
        if (frameLength > buffer.capacity() - writeOffset)
        {
            final int pending = writeOffset - flushOffset;
            if (frameLength > buffer.capacity() - pending)
            {
                return -1;
            }
            buffer.putBytes(0, buffer, flushOffset, pending);
            flushOffset = 0;
            writeOffset = pending;
        }
        return writeOffset;
    }
}
