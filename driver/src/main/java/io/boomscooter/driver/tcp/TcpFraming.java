package io.boomscooter.driver.tcp;

import java.nio.ByteOrder;

/**
 * The framing every Boomscooter TCP connection speaks in both directions: a 4-byte little-endian
 * signed length, then exactly that many bytes of one message. See {@code docs/tcp-transport.md}.
 */
public final class TcpFraming
{
    /**
     * Bytes of the length prefix in front of every frame.
     */
    public static final int LENGTH_FIELD_LENGTH = 4;

    /**
     * Byte order of the length prefix; little-endian like SBE, so an x86 reader needs no swap.
     */
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;

    /**
     * Smallest legal message length: every frame carries one message, and an empty one is not a message.
     */
    public static final int MIN_MESSAGE_LENGTH = 1;

    /**
     * Default upper bound on the message length of one frame.
     */
    public static final int DEFAULT_MAX_MESSAGE_LENGTH = 64 * 1024;

    /**
     * Largest maximum we accept: keeps {@code length + prefix} and buffer arithmetic far from int overflow.
     */
    public static final int MAX_MAX_MESSAGE_LENGTH = 16 * 1024 * 1024;

    private TcpFraming()
    {
    }

    /**
     * @param messageLength    length read from (or about to be written to) a length prefix.
     * @param maxMessageLength the configured maximum.
     * @return true when {@code 1 <= messageLength <= maxMessageLength}.
     */
    public static boolean isValidMessageLength(final int messageLength, final int maxMessageLength)
    {
        return messageLength >= MIN_MESSAGE_LENGTH && messageLength <= maxMessageLength;
    }

    /**
     * @param maxMessageLength a proposed maximum message length.
     * @return the same value when usable.
     * @throws IllegalArgumentException when outside {@code 1..MAX_MAX_MESSAGE_LENGTH}.
     */
    public static int validateMaxMessageLength(final int maxMessageLength)
    {
        if (maxMessageLength < MIN_MESSAGE_LENGTH || maxMessageLength > MAX_MAX_MESSAGE_LENGTH)
        {
            throw new IllegalArgumentException(
                "max message length must be in 1.." + MAX_MAX_MESSAGE_LENGTH + ": " + maxMessageLength);
        }
        return maxMessageLength;
    }
}
