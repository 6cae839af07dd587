package io.boomscooter.engine.service.wire;

import org.agrona.DirectBuffer;

import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.MESSAGE_PAST_END;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.MESSAGE_SIZE_NOT_POSITIVE;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.OUT_OF_BOUNDS;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.UNKNOWN_MESSAGE_TYPE;
import static io.boomscooter.engine.service.wire.AmbrosiaWireStatus.VARINT_TRUNCATED;

/**
 * A reusable iterator over a byte range of packed AMBROSIA messages: a record's body, an RPC batch's messages,
 * an InitialMessage's data, or one frame from {@link AmbrosiaFramer}. Each message is
 * <pre>
 *   [size: ZigZag int32, 1..5 bytes = length of type + data][type: 1 byte][data: size - 1 bytes]
 * </pre>
 * ({@code CONTRIBUTING/AMBROSIA_client_network_protocol.md} and {@code FlexReadBuffer.Deserialize} in upstream
 * {@code SharedAmbrosiaTools/SharedAmbrosiaTools.cs}).
 * <p>
 * The range is fixed, so a message cut short is an error here, not "need more" (the framer handles partial
 * input). Refused, with a constant {@link #reason()}: a size varint that is too long, overflows or runs off the
 * end; a size of 0 or less (no type byte); a size past the end; a type outside 0..15. An error is sticky: every
 * later {@link #next()} returns it until the next {@link #wrap}. Never throws, never allocates; one instance per
 * thread.
 */
public final class AmbrosiaMessageReader
{
    /** {@link #next()}: a message is available through the accessors. */
    public static final int MESSAGE = 1;

    /** {@link #next()}: the range holds no more messages. */
    public static final int END = 0;

    private final AmbrosiaVarint varint = new AmbrosiaVarint();
    private DirectBuffer buffer;
    private int position;
    private int limit;
    private int status;
    private int count;
    private int type;
    private int messageOffset;
    private int messageLength;
    private int dataOffset;
    private int dataLength;

    /**
     * Start iterating over {@code buffer[offset, offset + length)}.
     *
     * @return this.
     */
    public AmbrosiaMessageReader wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.count = 0;
        this.type = -1;
        this.messageOffset = offset;
        this.messageLength = 0;
        this.dataOffset = offset;
        this.dataLength = 0;
        if (null == buffer || !AmbrosiaWireStatus.inBounds(offset, length, buffer.capacity()))
        {
            this.position = 0;
            this.limit = 0;
            this.status = OUT_OF_BOUNDS;
        }
        else
        {
            this.position = offset;
            this.limit = offset + length;
            this.status = END;
        }
        return this;
    }

    /**
     * Move to the next message.
     *
     * @return {@link #MESSAGE}, {@link #END}, or a negative {@link AmbrosiaWireStatus} code (sticky).
     */
    public int next()
    {
        if (status < 0)
        {
            return status;
        }
        if (position >= limit)
        {
            return status = END;
        }
        final int sizeLength = AmbrosiaZigZag.readInt(buffer, position, limit, varint);
        if (sizeLength <= 0)
        {
            return status = (sizeLength == 0 ? VARINT_TRUNCATED : sizeLength);
        }
        final long size = varint.value;
        if (size <= 0)
        {
            return status = MESSAGE_SIZE_NOT_POSITIVE;
        }
        final int afterSize = position + sizeLength;
        if (size > limit - afterSize)
        {
            return status = MESSAGE_PAST_END;
        }
        final int messageType = buffer.getByte(afterSize) & 0xFF;
        if (!AmbrosiaMessageType.isKnown(messageType))
        {
            return status = UNKNOWN_MESSAGE_TYPE;
        }
        type = messageType;
        messageOffset = position;
        messageLength = sizeLength + (int)size;
        dataOffset = afterSize + 1;
        dataLength = (int)size - 1;
        position += messageLength;
        count++;
        return status = MESSAGE;
    }

    /**
     * @return the current message's type, 0..15.
     */
    public int type()
    {
        return type;
    }

    /**
     * @return offset of the current message's first byte (its size varint).
     */
    public int messageOffset()
    {
        return messageOffset;
    }

    /**
     * @return bytes of the current message: size varint, type byte and data.
     */
    public int messageLength()
    {
        return messageLength;
    }

    /**
     * @return offset of the current message's data (just after the type byte).
     */
    public int dataOffset()
    {
        return dataOffset;
    }

    /**
     * @return bytes of the current message's data, 0 or more.
     */
    public int dataLength()
    {
        return dataLength;
    }

    /**
     * @return offset of the next message, or the end of the range.
     */
    public int position()
    {
        return position;
    }

    /**
     * @return messages returned since {@link #wrap}.
     */
    public int count()
    {
        return count;
    }

    /**
     * @return the last status {@link #next()} returned ({@link #END} right after a sound {@link #wrap}).
     */
    public int status()
    {
        return status;
    }

    /**
     * @return a constant string for {@link #status()}: "ok" unless it is an error.
     */
    public String reason()
    {
        return status >= 0 ? AmbrosiaWireStatus.R_OK : AmbrosiaWireStatus.reason(status);
    }
}
