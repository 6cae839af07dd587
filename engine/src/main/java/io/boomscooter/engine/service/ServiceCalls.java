package io.boomscooter.engine.service;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The logged form of a call (docs/services.md): an ordinary log entry on channel {@code svc/<destination>}
 * whose payload is, little-endian,
 * <pre>
 *   0  u8   version (1)
 *   1  u8   kind ({@link CallKind})
 *   2  u16  source name length (0: from outside, a producer)
 *   4  i32  method id
 *   8  i64  call id (async: the caller's id for the call; result: the id it answers; else 0)
 *  16  source name (ASCII), then the arguments
 * </pre>
 * Calls from a service are entries of the service's own producer id ({@link #producerId}) at producer
 * seqno = the service's output number, so the log holds each output once whoever re-sends it.
 * {@link #wrap} is the bounds-checked decoder: a malformed payload is refused with a constant reason.
 */
public final class ServiceCalls
{
    public static final int VERSION = 1;
    public static final String CHANNEL_PREFIX = "svc/";
    public static final int HEADER_LENGTH = 16;
    public static final int MAX_NAME_LENGTH = 64;
    static final int KIND_OFFSET = 1;
    static final int SOURCE_LENGTH_OFFSET = 2;
    static final int METHOD_OFFSET = 4;
    static final int CALL_ID_OFFSET = 8;

    private DirectBuffer buffer;
    private int kind;
    private int methodId;
    private long callId;
    private int sourceOffset;
    private int sourceLength;
    private int argsOffset;
    private int argsLength;
    private String reason;

    /**
     * @return true when the payload is a well-formed call; else {@link #reason()} says why.
     */
    public boolean wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        if (length < HEADER_LENGTH)
        {
            reason = "call shorter than its 16-byte header";
            return false;
        }
        if ((buffer.getByte(offset) & 0xFF) != VERSION)
        {
            reason = "unknown call version";
            return false;
        }
        kind = buffer.getByte(offset + KIND_OFFSET) & 0xFF;
        if (!CallKind.isKnown(kind))
        {
            reason = "unknown call kind";
            return false;
        }
        sourceLength = buffer.getShort(offset + SOURCE_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (sourceLength > MAX_NAME_LENGTH || HEADER_LENGTH + sourceLength > length)
        {
            reason = "source name past the end of the call";
            return false;
        }
        methodId = buffer.getInt(offset + METHOD_OFFSET, ByteOrder.LITTLE_ENDIAN);
        callId = buffer.getLong(offset + CALL_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
        sourceOffset = offset + HEADER_LENGTH;
        argsOffset = sourceOffset + sourceLength;
        argsLength = length - HEADER_LENGTH - sourceLength;
        reason = null;
        return true;
    }

    public String reason()
    {
        return reason;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int kind()
    {
        return kind;
    }

    public int methodId()
    {
        return methodId;
    }

    public long callId()
    {
        return callId;
    }

    public int sourceOffset()
    {
        return sourceOffset;
    }

    public int sourceLength()
    {
        return sourceLength;
    }

    public int argsOffset()
    {
        return argsOffset;
    }

    public int argsLength()
    {
        return argsLength;
    }

    /**
     * Writes a call's header and source name.
     *
     * @return the offset where the arguments go.
     */
    public static int putHeader(final MutableDirectBuffer dst, final int offset, final int kind, final int methodId,
        final long callId, final DirectBuffer source, final int sourceOffset, final int sourceLength)
    {
        dst.putByte(offset, (byte)VERSION);
        dst.putByte(offset + KIND_OFFSET, (byte)kind);
        dst.putShort(offset + SOURCE_LENGTH_OFFSET, (short)sourceLength, ByteOrder.LITTLE_ENDIAN);
        dst.putInt(offset + METHOD_OFFSET, methodId, ByteOrder.LITTLE_ENDIAN);
        dst.putLong(offset + CALL_ID_OFFSET, callId, ByteOrder.LITTLE_ENDIAN);
        if (sourceLength > 0)
        {
            dst.putBytes(offset + HEADER_LENGTH, source, sourceOffset, sourceLength);
        }
        return offset + HEADER_LENGTH + sourceLength;
    }

    /**
     * Writes {@code svc/<name>} (ASCII).
     *
     * @return bytes written.
     */
    public static int putChannel(final MutableDirectBuffer dst, final int offset, final CharSequence name)
    {
        for (int i = 0; i < CHANNEL_PREFIX.length(); i++)
        {
            dst.putByte(offset + i, (byte)CHANNEL_PREFIX.charAt(i));
        }
        final int nameOffset = offset + CHANNEL_PREFIX.length();
        for (int i = 0, n = name.length(); i < n; i++)
        {
            dst.putByte(nameOffset + i, (byte)name.charAt(i));
        }
        return CHANNEL_PREFIX.length() + name.length();
    }

    /**
     * @return true when the channel bytes are {@code svc/} followed by exactly {@code name}'s bytes.
     */
    public static boolean isChannelOf(final DirectBuffer buffer, final int offset, final int length,
        final DirectBuffer name)
    {
        final int prefix = CHANNEL_PREFIX.length();
        if (length != prefix + name.capacity())
        {
            return false;
        }
        for (int i = 0; i < prefix; i++)
        {
            if (buffer.getByte(offset + i) != (byte)CHANNEL_PREFIX.charAt(i))
            {
                return false;
            }
        }
        for (int i = 0; i < name.capacity(); i++)
        {
            if (buffer.getByte(offset + prefix + i) != name.getByte(i))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return null when the name may name a service, else why not: 1–64 characters of
     * {@code [A-Za-z0-9._-]}.
     */
    public static String checkName(final CharSequence name)
    {
        if (null == name || name.length() == 0 || name.length() > MAX_NAME_LENGTH)
        {
            return "a service name has 1 to " + MAX_NAME_LENGTH + " characters";
        }
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                c == '_' || c == '-'))
            {
                return "a service name is letters, digits, '.', '_' and '-': " + name;
            }
        }
        return null;
    }

    /**
     * The producer id a service's calls are logged under: FNV-1a of {@code svc/<name>}, made negative so no
     * client-chosen positive id (ProducerClient takes 1..Long.MAX_VALUE) can collide with it.
     */
    public static long producerId(final CharSequence name)
    {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < CHANNEL_PREFIX.length(); i++)
        {
            hash = (hash ^ CHANNEL_PREFIX.charAt(i)) * 0x100000001b3L;
        }
        for (int i = 0; i < name.length(); i++)
        {
            hash = (hash ^ (name.charAt(i) & 0xFF)) * 0x100000001b3L;
        }
        return hash | Long.MIN_VALUE;
    }
}
