package io.boomscooter.engine.exchange;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * gofast's whoami message (id 0x1002), sent as a request by each side on connect and answered by the other:
 * u8 name length, the name, the version as a CBOR unsigned integer, u64 big-endian buffer size, u16 big-endian
 * tags length, the tags (comma-separated compressions the sender accepts). Decoded once per connection, so the
 * strings it makes are not a per-message allocation.
 */
public final class GofastWhoami
{
    static final String MALFORMED = "whoami is not u8 name-length, name, CBOR uint version, u64 buffer size, " +
        "u16 tags-length, tags";

    String name = "";
    long version;
    long bufferSize;
    String tags = "";

    public String name()
    {
        return name;
    }

    public long version()
    {
        return version;
    }

    /** @return the longest packet the peer accepts. */
    public long bufferSize()
    {
        return bufferSize;
    }

    public String tags()
    {
        return tags;
    }

    /** @return bytes written. */
    static int encode(
        final MutableDirectBuffer buffer,
        final int offset,
        final byte[] name,
        final long version,
        final long bufferSize,
        final byte[] tags)
    {
        int at = offset;
        buffer.putByte(at++, (byte)name.length);
        buffer.putBytes(at, name);
        at += name.length;
        at += GofastCbor.putHead(buffer, at, GofastCbor.MAJOR_UINT, version);
        buffer.putLong(at, bufferSize, ByteOrder.BIG_ENDIAN);
        at += 8;
        buffer.putShort(at, (short)tags.length, ByteOrder.BIG_ENDIAN);
        at += 2;
        buffer.putBytes(at, tags);
        at += tags.length;
        return at - offset;
    }

    /** @return true when the bytes hold a whole whoami (trailing bytes are ignored, as gofast does). */
    boolean decode(final DirectBuffer buffer, final int offset, final int length)
    {
        final int end = offset + length;
        int at = offset;
        if (at >= end)
        {
            return false;
        }
        final int nameLength = buffer.getByte(at++) & 0xff;
        if (at + nameLength > end)
        {
            return false;
        }
        final String decodedName = buffer.getStringWithoutLengthUtf8(at, nameLength);
        at += nameLength;
        final GofastCbor head = new GofastCbor();
        if (head.read(buffer, at, end) <= 0 || head.major != GofastCbor.MAJOR_UINT || head.value < 0)
        {
            return false;
        }
        at += head.headLength;
        if (at + 10 > end)
        {
            return false;
        }
        final long size = buffer.getLong(at, ByteOrder.BIG_ENDIAN);
        at += 8;
        final int tagsLength = buffer.getShort(at, ByteOrder.BIG_ENDIAN) & 0xffff;
        at += 2;
        if (at + tagsLength > end || size <= 0)
        {
            return false;
        }
        name = decodedName;
        version = head.value;
        bufferSize = size;
        tags = buffer.getStringWithoutLengthUtf8(at, tagsLength);
        return true;
    }

    static byte[] utf8(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public String toString()
    {
        return "whoami(name=" + name + ", version=" + version + ", buffersize=" + bufferSize + ", tags=" + tags + ")";
    }
}
