package io.boomscooter.engine.log;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static io.boomscooter.engine.log.LogFormat.*;

/**
 * Reusable flyweight over the body of an ENTRY frame (format 2): producerId, producerSeqno, key length, channel
 * length, channel, key, and the payload running to the frame's end. No SBE header: the frame type says what the
 * body is. Parsed by hand so that every length read from the file is bounds-checked against the frame first:
 * a malformed body is a clear {@link #error()}, never an exception.
 */
public final class LogEntryView
{
    /** Body of an entry with empty channel, key and payload. */
    public static final int MIN_BODY_LENGTH = ENTRY_FIXED_LENGTH;

    private DirectBuffer buffer;
    private int bodyOffset;
    private int channelOffset;
    private int channelLength;
    private int keyOffset;
    private int keyLength;
    private int payloadOffset;
    private int payloadLength;
    private String error;

    /** @return the ENTRY body length for these parts, or a negative value when it overflows an int. */
    public static int bodyLength(final int channelLength, final int keyLength, final int payloadLength)
    {
        final long length = (long)ENTRY_FIXED_LENGTH + channelLength + keyLength + payloadLength;
        return length > Integer.MAX_VALUE ? -1 : (int)length;
    }

    /**
     * Writes the fixed part of an ENTRY body at bodyOffset.
     *
     * @return the offset where the channel bytes go; the key follows them, then the payload.
     */
    public static int putFixed(final MutableDirectBuffer buffer, final int bodyOffset, final long producerId,
        final long producerSeqno, final int channelLength, final int keyLength)
    {
        buffer.putLong(bodyOffset + ENTRY_PRODUCER_ID_OFFSET, producerId, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(bodyOffset + ENTRY_PRODUCER_SEQNO_OFFSET, producerSeqno, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(bodyOffset + ENTRY_KEY_LENGTH_OFFSET, keyLength, ByteOrder.LITTLE_ENDIAN);
        buffer.putByte(bodyOffset + ENTRY_CHANNEL_LENGTH_OFFSET, (byte)channelLength);
        return bodyOffset + ENTRY_FIXED_LENGTH;
    }

    /**
     * @param buffer      holding the frame.
     * @param frameOffset where the frame header starts.
     * @param frameLength length of the frame, header included, unaligned.
     * @return true when the body is a well-formed entry; otherwise {@link #error()} says why.
     */
    public boolean wrap(final DirectBuffer buffer, final int frameOffset, final int frameLength)
    {
        this.buffer = buffer;
        final int bodyOffset = frameOffset + FRAME_HEADER_LENGTH;
        final int end = frameOffset + frameLength;
        if (frameLength - FRAME_HEADER_LENGTH < MIN_BODY_LENGTH)
        {
            return fail("body shorter than an empty entry");
        }
        if (end > buffer.capacity())
        {
            return fail("frame runs past the buffer");
        }
        this.bodyOffset = bodyOffset;
        channelLength = buffer.getByte(bodyOffset + ENTRY_CHANNEL_LENGTH_OFFSET) & 0xFF;
        keyLength = buffer.getInt(bodyOffset + ENTRY_KEY_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
        channelOffset = bodyOffset + ENTRY_FIXED_LENGTH;
        if (channelLength > MAX_CHANNEL_LENGTH || channelLength > end - channelOffset)
        {
            return fail("channel overruns frame");
        }
        keyOffset = channelOffset + channelLength;
        if (keyLength < 0 || keyLength > end - keyOffset)
        {
            return fail("key length out of frame");
        }
        payloadOffset = keyOffset + keyLength;
        payloadLength = end - payloadOffset;
        error = null;
        return true;
    }

    private boolean fail(final String reason)
    {
        error = reason;
        return false;
    }

    /** @return why the last {@link #wrap} failed, or null. */
    public String error()
    {
        return error;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    public long producerId()
    {
        return buffer.getLong(bodyOffset + ENTRY_PRODUCER_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public long producerSeqno()
    {
        return buffer.getLong(bodyOffset + ENTRY_PRODUCER_SEQNO_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public int channelOffset()
    {
        return channelOffset;
    }

    public int channelLength()
    {
        return channelLength;
    }

    public int keyOffset()
    {
        return keyOffset;
    }

    public int keyLength()
    {
        return keyLength;
    }

    public int payloadOffset()
    {
        return payloadOffset;
    }

    public int payloadLength()
    {
        return payloadLength;
    }

    /** Allocates: for tools and tests, not hot paths. */
    public String channelAsString()
    {
        final byte[] bytes = new byte[channelLength];
        buffer.getBytes(channelOffset, bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
