package io.boomscooter.driver.tcp;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

import static io.boomscooter.driver.tcp.TcpFraming.BYTE_ORDER;
import static io.boomscooter.driver.tcp.TcpFraming.LENGTH_FIELD_LENGTH;

/**
 * Frames waiting to be written to one socket, in one pre-allocated direct buffer. Frames are appended
 * whole or not at all, so a full buffer means back pressure rather than a torn frame. The region
 * {@code [flushOffset, writeOffset)} is the backlog; it is moved to the front only when a new frame
 * would not fit behind it.
 * <p>
 * Not thread safe; owned by the thread that writes the channel.
 */
final class TcpSendBuffer
{
    private final ByteBuffer byteBuffer;
    private final UnsafeBuffer buffer;
    private int flushOffset;
    private int writeOffset;
    private int claimOffset = -1;
    private int claimLength;

    /**
     * @param capacity bytes to allocate; must hold at least one largest frame.
     */
    TcpSendBuffer(final int capacity)
    {
        byteBuffer = BufferUtil.allocateDirectAligned((capacity + 63) & ~63, 64);
        buffer = new UnsafeBuffer(byteBuffer);
    }

    /**
     * Append one frame: prefix and a copy of the message.
     *
     * @return true when appended, false when there is no room (back pressure).
     */
    boolean append(final DirectBuffer src, final int offset, final int length)
    {
        final int frameOffset = reserve(LENGTH_FIELD_LENGTH + length);
        if (frameOffset < 0)
        {
            return false;
        }
        buffer.putInt(frameOffset, length, BYTE_ORDER);
        buffer.putBytes(frameOffset + LENGTH_FIELD_LENGTH, src, offset, length);
        writeOffset = frameOffset + LENGTH_FIELD_LENGTH + length;
        claimOffset = -1;
        return true;
    }

    /**
     * Reserve room for one frame to be encoded in place; it becomes part of the backlog on
     * {@link #commitClaim()}. A second claim before commit replaces the first.
     *
     * @return offset of the frame (its prefix) in {@link #buffer()}, or -1 when there is no room.
     */
    int claim(final int length)
    {
        final int frameOffset = reserve(LENGTH_FIELD_LENGTH + length);
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
        // The prefix is written on commit so an abandoned claim can never look like a frame.
        buffer.putInt(claimOffset, claimLength, BYTE_ORDER);
        writeOffset = claimOffset + LENGTH_FIELD_LENGTH + claimLength;
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
