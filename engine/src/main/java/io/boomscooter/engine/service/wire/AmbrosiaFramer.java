package io.boomscooter.engine.service.wire;

import io.boomscooter.driver.tcp.TcpDisconnectReason;
import io.boomscooter.driver.tcp.TcpFramer;
import io.boomscooter.driver.tcp.TcpFraming;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Cuts the service-to-coordinator byte stream into frames for the TCP transport. Every frame is one message,
 * {@code [size: ZigZag int32][type][data]} (upstream's coordinator reads it with {@code FlexReadBuffer.Deserialize}
 * in {@code LocalListener}, {@code AmbrosiaLib/Ambrosia/Program.cs}), except that a Checkpoint message (type 8)
 * is followed on the stream by its blob, which belongs to the frame: its length is message + blob, the blob
 * length read in this framer's {@link CheckpointLengthEncoding}.
 * <p>
 * The handler gets the whole frame as its "message" ({@code messageOffset} = frame start, {@code messageLength}
 * = frame length, message and blob included) and re-parses it: one {@link AmbrosiaMessageReader#next()} over the
 * frame gives the message; for a Checkpoint, {@link AmbrosiaCheckpointLength#readMessageData} gives the blob
 * length and the blob is the rest of the frame, from {@link AmbrosiaMessageReader#position()} (do not call
 * {@code next()} again on a Checkpoint frame: the blob is not a message).
 * The framer checks only what framing needs: the size varint, a size of 1 or more, a known type, and for a
 * Checkpoint an exact, non-negative length field; the data of other messages is the consumer's to check.
 * Malformed (closing the connection as {@link TcpDisconnectReason#MALFORMED_FRAME}, or
 * {@link TcpDisconnectReason#INVALID_FRAME_LENGTH} for sizes): a bad varint, size 0 or less, an unknown type, a
 * bad checkpoint length, or a frame longer than {@link #maxFrameLength()}, which also bounds a checkpoint blob.
 * Stateless between calls: each call parses again from the frame start; never allocates, never throws. It
 * holds one scratch holder used within a call, so one instance serves the connections of one poller thread.
 * <p>
 * Sending: the coordinator writes whole log records ({@link AmbrosiaRecord}) itself, so there is no header or
 * trailer and a message is any 1..{@link #maxMessageLength()} bytes.
 * <p>
 * Both local connections of a service use this framer. Upstream's coordinator listens on two ports and the
 * service connects to both ({@code SetupLocalServiceStreams}): on the receive port the service sends messages
 * (decoded here); on the send port the coordinator sends log records and expects no bytes from the service, so a
 * coordinator endpoint should treat any frame arriving on that connection as a protocol error.
 */
public final class AmbrosiaFramer implements TcpFramer
{
    /** The default {@link #maxFrameLength()}: 16 MiB, the transport's largest. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = TcpFraming.MAX_MAX_MESSAGE_LENGTH;

    /** The smallest {@link #maxFrameLength()} accepted: room for the longest Checkpoint message. */
    public static final int MIN_MAX_FRAME_LENGTH = AmbrosiaZigZag.MAX_INT_LENGTH + 1 + AmbrosiaZigZag.MAX_LONG_LENGTH;

    public static final String BAD_SIZE_VARINT = "AMBROSIA message size is not a valid ZigZag int32";
    public static final String SIZE_NOT_POSITIVE = "AMBROSIA message size 0 or negative (no type byte)";
    public static final String UNKNOWN_TYPE = "AMBROSIA message type unknown (not 0..15)";
    public static final String FRAME_TOO_LONG = "AMBROSIA frame longer than maxFrameLength";
    public static final String BAD_CHECKPOINT_DATA = "AMBROSIA checkpoint message data is not exactly one length";
    public static final String BAD_CHECKPOINT_LENGTH = "AMBROSIA checkpoint length is not a valid non-negative int64";
    public static final String OUT_OF_BUFFER = "AMBROSIA frame bytes outside the receive buffer";

    private final CheckpointLengthEncoding encoding;
    private final int maxFrameLength;
    private final AmbrosiaVarint varint = new AmbrosiaVarint();

    /**
     * With {@link #DEFAULT_MAX_FRAME_LENGTH}.
     */
    public AmbrosiaFramer(final CheckpointLengthEncoding encoding)
    {
        this(encoding, DEFAULT_MAX_FRAME_LENGTH);
    }

    /**
     * @param encoding       of the checkpoint length, as the service writes it.
     * @param maxFrameLength most bytes of one frame (message, plus blob for a Checkpoint), and of one outgoing
     *                       write; {@link #MIN_MAX_FRAME_LENGTH}..{@link TcpFraming#MAX_MAX_MESSAGE_LENGTH}.
     */
    public AmbrosiaFramer(final CheckpointLengthEncoding encoding, final int maxFrameLength)
    {
        if (null == encoding)
        {
            throw new IllegalArgumentException("checkpoint length encoding is required");
        }
        if (maxFrameLength < MIN_MAX_FRAME_LENGTH || maxFrameLength > TcpFraming.MAX_MAX_MESSAGE_LENGTH)
        {
            throw new IllegalArgumentException("max frame length must be in " + MIN_MAX_FRAME_LENGTH + ".." +
                TcpFraming.MAX_MAX_MESSAGE_LENGTH + ": " + maxFrameLength);
        }
        this.encoding = encoding;
        this.maxFrameLength = maxFrameLength;
    }

    /**
     * @return how this framer reads a checkpoint length.
     */
    public CheckpointLengthEncoding checkpointLengthEncoding()
    {
        return encoding;
    }

    public int decode(final DirectBuffer buffer, final int offset, final int available, final Decoded out)
    {
        if (available <= 0)
        {
            return NEED_MORE;
        }
        if (offset < 0 || offset > buffer.capacity() - available)
        {
            return out.malformed(TcpDisconnectReason.MALFORMED_FRAME, OUT_OF_BUFFER);
        }
        final int limit = offset + available;
        final int sizeLength = AmbrosiaZigZag.readInt(buffer, offset, limit, varint);
        if (sizeLength == 0)
        {
            return NEED_MORE;
        }
        if (sizeLength < 0)
        {
            return out.malformed(TcpDisconnectReason.MALFORMED_FRAME, BAD_SIZE_VARINT);
        }
        final long size = varint.value;
        if (size <= 0)
        {
            return out.malformed(TcpDisconnectReason.INVALID_FRAME_LENGTH, SIZE_NOT_POSITIVE);
        }
        final long messageLength = sizeLength + size;
        if (messageLength > maxFrameLength)
        {
            return out.malformed(TcpDisconnectReason.INVALID_FRAME_LENGTH, FRAME_TOO_LONG);
        }
        if (available <= sizeLength)
        {
            return NEED_MORE;
        }
        final int type = buffer.getByte(offset + sizeLength) & 0xFF;
        if (!AmbrosiaMessageType.isKnown(type))
        {
            return out.malformed(TcpDisconnectReason.MALFORMED_FRAME, UNKNOWN_TYPE);
        }
        if (type != AmbrosiaMessageType.CHECKPOINT)
        {
            if (available < messageLength)
            {
                return NEED_MORE;
            }
            return out.frame(offset, (int)messageLength, (int)messageLength);
        }
        return decodeCheckpoint(buffer, offset, available, sizeLength, (int)size, out);
    }

    private int decodeCheckpoint(
        final DirectBuffer buffer,
        final int offset,
        final int available,
        final int sizeLength,
        final int size,
        final Decoded out)
    {
        final int dataLength = size - 1;
        if (dataLength < 1 || dataLength > AmbrosiaCheckpointLength.maxSize(encoding))
        {
            return out.malformed(TcpDisconnectReason.MALFORMED_FRAME, BAD_CHECKPOINT_DATA);
        }
        final int messageLength = sizeLength + size;
        if (available < messageLength)
        {
            return NEED_MORE;
        }
        final int status = AmbrosiaCheckpointLength.readMessageData(
            buffer, offset + sizeLength + 1, dataLength, encoding, varint);
        if (status != AmbrosiaWireStatus.OK)
        {
            return status == AmbrosiaWireStatus.CHECKPOINT_DATA_TRAILING ||
                status == AmbrosiaWireStatus.CHECKPOINT_LENGTH_TRUNCATED ?
                out.malformed(TcpDisconnectReason.MALFORMED_FRAME, BAD_CHECKPOINT_DATA) :
                out.malformed(TcpDisconnectReason.MALFORMED_FRAME, BAD_CHECKPOINT_LENGTH);
        }
        final long frameLength = messageLength + varint.value;
        if (frameLength > maxFrameLength)
        {
            return out.malformed(TcpDisconnectReason.INVALID_FRAME_LENGTH, FRAME_TOO_LONG);
        }
        if (available < frameLength)
        {
            return NEED_MORE;
        }
        return out.frame(offset, (int)frameLength, (int)frameLength);
    }

    public int maxFrameLength()
    {
        return maxFrameLength;
    }

    public int maxMessageLength()
    {
        return maxFrameLength;
    }

    public boolean isValidMessageLength(final int messageLength)
    {
        return messageLength >= 1 && messageLength <= maxFrameLength;
    }

    public int headerLength(final int messageLength)
    {
        return 0;
    }

    public int trailerLength(final int messageLength)
    {
        return 0;
    }

    public void encodeHeader(final MutableDirectBuffer buffer, final int offset, final int messageLength)
    {
    }

    public void encodeTrailer(final MutableDirectBuffer buffer, final int offset, final int messageLength)
    {
    }

    public String toString()
    {
        return "ambrosia(" + encoding + ", max " + maxFrameLength + ")";
    }
}
