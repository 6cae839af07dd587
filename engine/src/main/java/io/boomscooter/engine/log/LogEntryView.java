package io.boomscooter.engine.log;

import io.boomscooter.codecs.log.LogEntryDecoder;
import io.boomscooter.codecs.log.MessageHeaderDecoder;
import org.agrona.DirectBuffer;

import static io.boomscooter.engine.log.LogFormat.FRAME_HEADER_LENGTH;

/**
 * Reusable flyweight over the SBE LogEntry body of an ENTRY frame. It parses by hand rather than with the
 * generated decoder so that every length read from the file is bounds-checked against the frame first:
 * a malformed body is a clear {@link #error()}, never an exception from deep inside a decoder.
 */
public final class LogEntryView
{
    /** SBE message header + fixed block + the three length prefixes, all data empty. */
    public static final int MIN_BODY_LENGTH =
        MessageHeaderDecoder.ENCODED_LENGTH + LogEntryDecoder.BLOCK_LENGTH + 1 + 4 + 4;

    private DirectBuffer buffer;
    private int blockOffset;
    private int channelOffset;
    private int channelLength;
    private int keyOffset;
    private int keyLength;
    private int payloadOffset;
    private int payloadLength;
    private String error;

    /**
     * @param buffer      holding the frame.
     * @param frameOffset where the frame header starts.
     * @param frameLength length of the frame, header included, unaligned.
     * @return true when the body is a well-formed LogEntry; otherwise {@link #error()} says why.
     */
    public boolean wrap(final DirectBuffer buffer, final int frameOffset, final int frameLength)
    {
        this.buffer = buffer;
        final int bodyOffset = frameOffset + FRAME_HEADER_LENGTH;
        final int end = frameOffset + frameLength;
        if (frameLength - FRAME_HEADER_LENGTH < MIN_BODY_LENGTH)
        {
            return fail("body shorter than an empty LogEntry");
        }
        final int blockLength = buffer.getShort(bodyOffset, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int templateId = buffer.getShort(bodyOffset + 2, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int schemaId = buffer.getShort(bodyOffset + 4, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (schemaId != LogEntryDecoder.SCHEMA_ID || templateId != LogEntryDecoder.TEMPLATE_ID)
        {
            return fail("body is not an SBE LogEntry (schema/template id)");
        }
        if (blockLength < LogEntryDecoder.BLOCK_LENGTH)
        {
            return fail("LogEntry block length too short");
        }
        blockOffset = bodyOffset + MessageHeaderDecoder.ENCODED_LENGTH;
        int position = blockOffset + blockLength;
        if (position + 1 > end)
        {
            return fail("LogEntry block overruns frame");
        }
        channelLength = buffer.getByte(position) & 0xFF;
        channelOffset = position + 1;
        position = channelOffset + channelLength;
        if (position + 4 > end)
        {
            return fail("channel overruns frame");
        }
        keyLength = buffer.getInt(position, java.nio.ByteOrder.LITTLE_ENDIAN);
        keyOffset = position + 4;
        if (keyLength < 0 || keyLength > end - keyOffset - 4)
        {
            return fail("key length out of frame");
        }
        position = keyOffset + keyLength;
        payloadLength = buffer.getInt(position, java.nio.ByteOrder.LITTLE_ENDIAN);
        payloadOffset = position + 4;
        if (payloadLength < 0 || payloadLength > end - payloadOffset)
        {
            return fail("payload length out of frame");
        }
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
        return buffer.getLong(blockOffset, java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    public long producerSeqno()
    {
        return buffer.getLong(blockOffset + 8, java.nio.ByteOrder.LITTLE_ENDIAN);
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
