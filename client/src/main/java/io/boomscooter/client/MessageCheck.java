package io.boomscooter.client;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Bounds checks for SBE messages read from the network, done before any generated decoder touches
 * them, so a malformed or truncated message becomes a counted rejection with a reason and never an
 * exception from inside a decoder. Allocation-free: reasons are constants.
 */
public final class MessageCheck
{
    public static final int HEADER_LENGTH = 8;

    public static final String TOO_SHORT = "shorter than an SBE message header";
    public static final String WRONG_SCHEMA = "wrong schema id";
    public static final String WRONG_VERSION = "unsupported schema version";
    public static final String BLOCK_TOO_SHORT = "block length shorter than the template's";
    public static final String TRUNCATED_BLOCK = "message truncated inside its fixed block";
    public static final String TRUNCATED_VAR = "variable-length field runs past the end of the message";
    public static final String UNKNOWN_TEMPLATE = "unknown template id";

    private String reason;
    private int limit;
    private int end;
    private DirectBuffer buffer;

    /**
     * Checks the header of a message in buffer[offset, offset+length).
     *
     * @return the template id, or -1 with {@link #reason()} set.
     */
    public int header(
        final DirectBuffer buffer, final int offset, final int length, final int schemaId, final int maxVersion)
    {
        this.buffer = buffer;
        this.end = offset + length;
        if (length < HEADER_LENGTH)
        {
            return fail(TOO_SHORT);
        }
        final int templateId = buffer.getShort(offset + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int schema = buffer.getShort(offset + 4, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int version = buffer.getShort(offset + 6, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (schema != schemaId)
        {
            return fail(WRONG_SCHEMA);
        }
        if (version < 1 || version > maxVersion)
        {
            return fail(WRONG_VERSION);
        }
        return templateId;
    }

    /**
     * After {@link #header}: checks the fixed block fits and positions at the first variable field.
     *
     * @param minBlockLength the template's block length.
     * @return true when it fits.
     */
    public boolean block(final int offset, final int minBlockLength)
    {
        final int blockLength = buffer.getShort(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (blockLength < minBlockLength)
        {
            return fail(BLOCK_TOO_SHORT) >= 0;
        }
        limit = offset + HEADER_LENGTH + blockLength;
        if (limit > end)
        {
            return fail(TRUNCATED_BLOCK) >= 0;
        }
        return true;
    }

    /**
     * Skips a variable-length field whose length prefix is uint8.
     *
     * @return true when it fits.
     */
    public boolean varUint8()
    {
        if (limit + 1 > end)
        {
            return fail(TRUNCATED_VAR) >= 0;
        }
        final int length = buffer.getByte(limit) & 0xFF;
        return advance(1, length);
    }

    /**
     * Skips a variable-length field whose length prefix is uint32.
     *
     * @return true when it fits.
     */
    public boolean varUint32()
    {
        if (limit + 4 > end)
        {
            return fail(TRUNCATED_VAR) >= 0;
        }
        final long length = buffer.getInt(limit, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
        if (length > end - limit - 4)
        {
            return fail(TRUNCATED_VAR) >= 0;
        }
        return advance(4, (int)length);
    }

    private boolean advance(final int prefix, final int length)
    {
        if (limit + prefix + length > end)
        {
            return fail(TRUNCATED_VAR) >= 0;
        }
        limit += prefix + length;
        return true;
    }

    /**
     * For a generated SBE enum whose valid values are 0 to validValues - 1 (every enum in our schemas):
     * check its raw value before asking the decoder for the enum, whose lookup throws on a value it does
     * not know. Pass {@code Enum.values().length - 1} (the generated NULL_VAL is last).
     *
     * @param raw         the raw value read from the message.
     * @param validValues how many values the enum defines.
     * @return true when {@code raw} names one of them.
     */
    public static boolean isKnownEnum(final int raw, final int validValues)
    {
        return raw >= 0 && raw < validValues;
    }

    private int fail(final String reason)
    {
        this.reason = reason;
        return -1;
    }

    /**
     * @return why the last check failed.
     */
    public String reason()
    {
        return reason;
    }

    /**
     * @param reason why a message was rejected, for callers' own checks.
     */
    public void reject(final String reason)
    {
        this.reason = reason;
    }
}
