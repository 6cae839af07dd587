package io.boomscooter.driver.tcp;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Reassembles frames from a byte stream into one direct buffer, with a {@link TcpFramer} saying where
 * each frame ends: a frame may arrive over many reads and one read may carry many frames. Frames are
 * handed out in place, so a frame's bytes are valid only until the next {@link #readFrom}.
 * <p>
 * Not thread safe; owned by the thread that reads the channel.
 */
final class TcpFrameAssembler
{
    /**
     * {@link #nextFrame()} result: no complete frame is buffered yet.
     */
    static final int NO_FRAME = -1;

    /**
     * {@link #nextFrame()} result: the stream breaks the framing (see {@link #malformedReason()}); it
     * cannot be resynchronised.
     */
    static final int MALFORMED = -2;

    /**
     * The length-prefix name for {@link #MALFORMED}: a prefix outside {@code 1..maxMessageLength}.
     */
    static final int INVALID_LENGTH = MALFORMED;

    private static final String FRAME_TOO_LARGE = "no frame end within the receive buffer";

    private final TcpFramer framer;
    private final TcpFramer.Decoded decoded;
    private final ByteBuffer byteBuffer;
    private final UnsafeBuffer buffer;
    private final int maxFrameLength;
    private int readOffset;
    private int writeOffset;
    private int frameOffset;

    /**
     * Length-prefix framing in a buffer of its own, for clients and tests.
     *
     * @param maxMessageLength largest message a frame may carry.
     * @param bufferLength     bytes to allocate; raised to hold at least one largest frame.
     */
    TcpFrameAssembler(final int maxMessageLength, final int bufferLength)
    {
        this(new TcpLengthPrefixFramer(maxMessageLength), new TcpFramer.Decoded(),
            ByteBuffer.allocateDirect(capacityFor(new TcpLengthPrefixFramer(maxMessageLength), bufferLength)));
    }

    /**
     * @param framer     says where frames end.
     * @param decoded    scratch for the framer's answers; may be shared by all assemblers on one thread.
     * @param byteBuffer to assemble in, at least {@link TcpFramer#maxFrameLength()} bytes; see
     *                   {@link #capacityFor}.
     */
    TcpFrameAssembler(final TcpFramer framer, final TcpFramer.Decoded decoded, final ByteBuffer byteBuffer)
    {
        if (byteBuffer.capacity() < framer.maxFrameLength())
        {
            throw new IllegalArgumentException("receive buffer " + byteBuffer.capacity() +
                " smaller than the largest frame " + framer.maxFrameLength());
        }
        this.framer = framer;
        this.decoded = decoded;
        this.byteBuffer = byteBuffer;
        buffer = new UnsafeBuffer(byteBuffer);
        maxFrameLength = framer.maxFrameLength();
    }

    /**
     * @return the receive buffer capacity for a framer and a configured length: at least one largest
     * frame, rounded up to 64 bytes.
     */
    static int capacityFor(final TcpFramer framer, final int bufferLength)
    {
        return (Math.max(bufferLength, framer.maxFrameLength()) + 63) & ~63;
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
     * @return the message length ({@code >= 0}) of the frame whose message is now at
     * {@link #frameOffset()}, {@link #NO_FRAME} or {@link #MALFORMED}.
     */
    int nextFrame()
    {
        final int available = writeOffset - readOffset;
        if (available <= 0)
        {
            return NO_FRAME;
        }
        final int result = framer.decode(buffer, readOffset, available, decoded);
        if (result == TcpFramer.FRAME)
        {
            final int frameLength = decoded.frameLength;
            final int messageLength = decoded.messageLength;
            if (frameLength <= 0 || frameLength > available || messageLength < 0 ||
                decoded.messageOffset < readOffset || decoded.messageOffset + messageLength > readOffset + frameLength)
            {
                decoded.malformed(TcpDisconnectReason.MALFORMED_FRAME, "framer returned a frame outside the bytes");
                return MALFORMED;
            }
            frameOffset = decoded.messageOffset;
            readOffset += frameLength;
            return messageLength;
        }
        if (result == TcpFramer.MALFORMED)
        {
            return MALFORMED;
        }
        if (available >= maxFrameLength || writeOffset == buffer.capacity() && readOffset == 0)
        {
            decoded.malformed(TcpDisconnectReason.MALFORMED_FRAME, FRAME_TOO_LARGE);
            return MALFORMED;
        }
        return NO_FRAME;
    }

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
     * @return after {@link #MALFORMED}: why.
     */
    TcpDisconnectReason malformedReason()
    {
        return decoded.reason;
    }

    /**
     * @return after {@link #MALFORMED}: the framer's constant description.
     */
    String malformedDetail()
    {
        return decoded.detail;
    }

    /**
     * @return the offending prefix after a length-prefix {@link #INVALID_LENGTH}.
     */
    int invalidLength()
    {
        return decoded.messageLength;
    }

    /**
     * @return bytes of an incomplete frame held back waiting for more input.
     */
    int pendingBytes()
    {
        return writeOffset - readOffset;
    }

    int capacity()
    {
        return buffer.capacity();
    }

    /**
     * @return the direct buffer, for returning it to a pool once this assembler is done.
     */
    ByteBuffer byteBuffer()
    {
        return byteBuffer;
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
        else if (readOffset > 0 && readOffset + maxFrameLength > buffer.capacity())
        {
            // Only move the partial frame when the largest frame could no longer fit behind it.
            final int pending = writeOffset - readOffset;
            buffer.putBytes(0, buffer, readOffset, pending);
            readOffset = 0;
            writeOffset = pending;
        }
    }
}
