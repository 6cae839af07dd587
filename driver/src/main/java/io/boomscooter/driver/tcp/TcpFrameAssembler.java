package io.boomscooter.driver.tcp;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

import static io.boomscooter.driver.tcp.TcpFraming.BYTE_ORDER;
import static io.boomscooter.driver.tcp.TcpFraming.LENGTH_FIELD_LENGTH;

/**
 * Reassembles length-prefixed frames from a byte stream into one pre-allocated direct buffer: a frame
 * may arrive over many reads and one read may carry many frames. Frames are handed out in place, so a
 * frame's bytes are valid only until the next {@link #readFrom(ReadableByteChannel)}.
 * <p>
 * Not thread safe; owned by the thread that reads the channel.
 */
final class TcpFrameAssembler
{
    /**
     * {@link #nextFrame()} result: no complete frame is buffered yet.
     */
    static final int NO_FRAME = 0;

    /**
     * {@link #nextFrame()} result: the next length prefix is outside {@code 1..maxMessageLength}.
     */
    static final int INVALID_LENGTH = -1;

    private final ByteBuffer byteBuffer;
    private final UnsafeBuffer buffer;
    private final int maxMessageLength;
    private int readOffset;
    private int writeOffset;
    private int frameOffset;
    private int invalidLength;

    /**
     * @param maxMessageLength largest message a frame may carry.
     * @param bufferLength     bytes to allocate; raised to hold at least one largest frame.
     */
    TcpFrameAssembler(final int maxMessageLength, final int bufferLength)
    {
        this.maxMessageLength = TcpFraming.validateMaxMessageLength(maxMessageLength);
        final int capacity = Math.max(bufferLength, maxMessageLength + LENGTH_FIELD_LENGTH);
        byteBuffer = BufferUtil.allocateDirectAligned(alignUp(capacity), 64);
        buffer = new UnsafeBuffer(byteBuffer);
    }

    /**
     * One read from the channel into the free tail of the buffer, making room first if the frame being
     * assembled might not fit.
     *
     * @param channel to read from.
     * @return bytes read, 0 when none were available, -1 at end of stream.
     * @throws IOException when the read fails, e.g. the peer reset the connection.
     */
    int readFrom(final ReadableByteChannel channel) throws IOException
    {
        compactIfNeeded();
        final int free = buffer.capacity() - writeOffset;
        if (free == 0)
        {
            return 0;
        }
        byteBuffer.limit(buffer.capacity()).position(writeOffset);
        final int bytesRead = channel.read(byteBuffer);
        if (bytesRead > 0)
        {
            writeOffset += bytesRead;
        }
        return bytesRead;
    }

    /**
     * Copies bytes in as if read from a channel; for callers that already hold the bytes.
     *
     * @param src    bytes to append.
     * @param offset in src.
     * @param length bytes to append.
     * @return bytes appended, less than length when the buffer is full.
     */
    int append(final DirectBuffer src, final int offset, final int length)
    {
        compactIfNeeded();
        final int count = Math.min(length, buffer.capacity() - writeOffset);
        buffer.putBytes(writeOffset, src, offset, count);
        writeOffset += count;
        return count;
    }

    /**
     * Takes the next complete frame, if any, and moves past it.
     *
     * @return the message length of the frame now at {@link #frameOffset()}, {@link #NO_FRAME} or
     * {@link #INVALID_LENGTH} (after which the stream cannot be resynchronised).
     */
    int nextFrame()
    {
        final int available = writeOffset - readOffset;
        if (available < LENGTH_FIELD_LENGTH)
        {
            return NO_FRAME;
        }

        final int messageLength = buffer.getInt(readOffset, BYTE_ORDER);
        if (!TcpFraming.isValidMessageLength(messageLength, maxMessageLength))
        {
            invalidLength = messageLength;
            return INVALID_LENGTH;
        }

        if (available - LENGTH_FIELD_LENGTH < messageLength)
        {
            return NO_FRAME;
        }

        frameOffset = readOffset + LENGTH_FIELD_LENGTH;
        readOffset = frameOffset + messageLength;
        return messageLength;
    }

    /**
     * @return the buffer frames are handed out from.
     */
    DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return offset of the message of the last frame returned by {@link #nextFrame()}.
     */
    int frameOffset()
    {
        return frameOffset;
    }

    /**
     * @return the offending length after {@link #nextFrame()} returned {@link #INVALID_LENGTH}.
     */
    int invalidLength()
    {
        return invalidLength;
    }

    /**
     * @return bytes of an incomplete frame held back waiting for more input.
     */
    int pendingBytes()
    {
        return writeOffset - readOffset;
    }

    /**
     * @return capacity of the receive buffer.
     */
    int capacity()
    {
        return buffer.capacity();
    }

    /**
     * Forget everything buffered.
     */
    void reset()
    {
        readOffset = 0;
        writeOffset = 0;
    }

    private void compactIfNeeded()
    {
        if (readOffset == writeOffset)
        {
            readOffset = 0;
            writeOffset = 0;
        }
        else if (readOffset > 0 && readOffset + maxMessageLength + LENGTH_FIELD_LENGTH > buffer.capacity())
        {
            // Only move the partial frame when the largest frame could no longer fit behind it.
            final int pending = writeOffset - readOffset;
            buffer.putBytes(0, buffer, readOffset, pending);
            readOffset = 0;
            writeOffset = pending;
        }
    }

    private static int alignUp(final int value)
    {
        return (value + 63) & ~63;
    }
}
