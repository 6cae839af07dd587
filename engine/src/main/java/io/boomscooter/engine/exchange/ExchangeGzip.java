package io.boomscooter.engine.exchange;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * gofast's gzip layer: each packet is one gzip member as Go's {@code gzip.Writer} leaves it after Write and Flush
 * without Close: the 10-byte header Go writes (no name, comment or time; XFL 4 at level 1, 2 at level 9, else 0;
 * OS 255), raw deflate data ending in a sync flush ({@code 00 00 ff ff}), and no final block or trailer. Holds
 * one {@link Deflater} and one {@link Inflater} (raw, reset per packet), a CRC-32 for header and trailer checks,
 * and input and output scratch arrays sized from {@code maxLength}, since the zip classes only work on arrays.
 * <p>
 * The decoder takes a header with any of the optional fields (FTEXT is ignored, a header CRC must match,
 * reserved flag bits are refused), then either such an unfinished stream, whole up to its sync flush, or a
 * finished one followed by exactly its CRC-32 and length trailer.
 * <p>
 * Go's peer reads a packet with one {@code Read}. That read goes on across deflate blocks but stops at the first
 * sync flush, at the final block, and when its 32 KiB window is full: a packet of more than 32768 bytes arrives
 * cut to its first 32768 bytes, without an error. One deflate call with a sync flush writes one marker, at the end.
 */
public final class ExchangeGzip implements ExchangeCompression
{
    private static final int HEADER_LENGTH = 10;
    private static final int TRAILER_LENGTH = 8;
    private static final int FHCRC = 0x02;
    private static final int FEXTRA = 0x04;
    private static final int FNAME = 0x08;
    private static final int FCOMMENT = 0x10;
    private static final int RESERVED = 0xe0;
    private static final byte[] FINAL_EMPTY_BLOCK = {0x03, 0x00};
    /** Magic, deflate, no flags, MTIME 0, XFL (set from the level), OS 255 (unknown). */
    private static final byte[] GO_HEADER = {0x1f, (byte)0x8b, 8, 0, 0, 0, 0, 0, 0, (byte)0xff};

    private final int maxLength;
    private final byte[] in;
    private final byte[] out;
    private final byte[] probe = new byte[1];
    private final Deflater deflater;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte extraFlags;
    private String lastError = "";

    /**
     * Level 1, Go's {@code flate.BestSpeed}, gofast's default {@code gzip.level}.
     *
     * @param maxLength the longest uncompressed packet to compress or to decompress.
     */
    public ExchangeGzip(final int maxLength)
    {
        this(maxLength, Deflater.BEST_SPEED);
    }

    /**
     * @param maxLength the longest uncompressed packet to compress or to decompress.
     * @param level     a Go compression level: -2 (Huffman only), -1 (default) or 0–9.
     */
    public ExchangeGzip(final int maxLength, final int level)
    {
        if (level < -2 || level > Deflater.BEST_COMPRESSION)
        {
            throw new IllegalArgumentException("gzip level " + level + " is not within -2..9");
        }
        this.maxLength = maxLength;
        // Stored blocks are the worst case: 5 bytes per block of up to 16 KiB, then the sync flush.
        final int bound = HEADER_LENGTH + maxLength + (maxLength >> 10) + 64;
        this.in = new byte[bound];
        this.out = new byte[Math.max(bound, maxLength)];
        this.deflater = new Deflater(level == -2 ? Deflater.BEST_SPEED : level, true);
        if (level == -2)
        {
            deflater.setStrategy(Deflater.HUFFMAN_ONLY);
        }
        this.extraFlags = (byte)(level == Deflater.BEST_COMPRESSION ? 2 : level == Deflater.BEST_SPEED ? 4 : 0);
    }

    public String name()
    {
        return "gzip";
    }

    public String lastError()
    {
        return lastError;
    }

    public int compress(
        final DirectBuffer src,
        final int srcOffset,
        final int srcLength,
        final MutableDirectBuffer dst,
        final int dstOffset,
        final int dstCapacity)
    {
        if (srcLength <= 0)
        {
            return 0;
        }
        if (srcLength > maxLength)
        {
            return fail(TOO_LONG, "gzip: input longer than maxLength");
        }
        src.getBytes(srcOffset, in, 0, srcLength);
        deflater.reset();
        deflater.setInput(in, 0, srcLength);
        System.arraycopy(GO_HEADER, 0, out, 0, HEADER_LENGTH);
        out[8] = extraFlags;
        final int room = out.length - HEADER_LENGTH;
        final int deflated = deflater.deflate(out, HEADER_LENGTH, room, Deflater.SYNC_FLUSH);
        if (deflated == room || !deflater.needsInput())
        {
            return fail(TOO_LONG, "gzip: compressed packet longer than the scratch buffer");
        }
        final int length = HEADER_LENGTH + deflated;
        if (length > dstCapacity)
        {
            return fail(TOO_LONG, "gzip: compressed packet longer than the capacity");
        }
        dst.putBytes(dstOffset, out, 0, length);
        return length;
    }

    public int decompress(
        final DirectBuffer src,
        final int srcOffset,
        final int srcLength,
        final MutableDirectBuffer dst,
        final int dstOffset,
        final int dstCapacity)
    {
        if (srcLength <= 0)
        {
            return 0;
        }
        if (srcLength > in.length)
        {
            return fail(TOO_LONG, "gzip: compressed packet longer than the scratch buffer");
        }
        src.getBytes(srcOffset, in, 0, srcLength);
        final int start = skipHeader(srcLength);
        if (start < 0)
        {
            return MALFORMED;
        }
        final int limit = Math.min(dstCapacity, maxLength);
        inflater.reset();
        inflater.setInput(in, start, srcLength - start);
        try
        {
            int length = 0;
            int n;
            while ((n = inflater.inflate(out, length, limit - length)) > 0)
            {
                length += n;
            }
            if (length == limit && !inflater.finished() && inflater.inflate(probe, 0, 1) > 0)
            {
                return fail(TOO_LONG, "gzip: decompressed packet longer than the capacity");
            }
            if (inflater.finished())
            {
                final String trailerError = trailerError(srcLength - inflater.getRemaining(), srcLength, length);
                if (trailerError != null)
                {
                    return fail(MALFORMED, trailerError);
                }
            }
            else if (!inflater.needsInput() || !endsOnSyncFlush(start, srcLength))
            {
                return fail(MALFORMED, "gzip: stream cut short inside a block");
            }
            dst.putBytes(dstOffset, out, 0, length);
            return length;
        }
        catch (final DataFormatException ex)
        {
            return fail(MALFORMED, "gzip: invalid deflate data");
        }
    }

    /**
     * @return where the deflate data starts in {@link #in}, or -1 with {@link #lastError} set.
     */
    private int skipHeader(final int length)
    {
        if (length < HEADER_LENGTH)
        {
            return fail(-1, "gzip: header cut short");
        }
        if ((in[0] & 0xff) != 0x1f || (in[1] & 0xff) != 0x8b || in[2] != 8)
        {
            return fail(-1, "gzip: not a gzip deflate header");
        }
        final int flags = in[3] & 0xff;
        if ((flags & RESERVED) != 0)
        {
            return fail(-1, "gzip: reserved header flag set");
        }
        int position = HEADER_LENGTH;
        if ((flags & FEXTRA) != 0)
        {
            if (length - position < 2)
            {
                return fail(-1, "gzip: header cut short");
            }
            final int extra = (in[position] & 0xff) | (in[position + 1] & 0xff) << 8;
            position += 2;
            if (length - position < extra)
            {
                return fail(-1, "gzip: header cut short");
            }
            position += extra;
        }
        for (int field = FNAME; field <= FCOMMENT; field <<= 1)
        {
            if ((flags & field) != 0)
            {
                while (position < length && in[position] != 0)
                {
                    position++;
                }
                if (position == length)
                {
                    return fail(-1, "gzip: header cut short");
                }
                position++;
            }
        }
        if ((flags & FHCRC) != 0)
        {
            if (length - position < 2)
            {
                return fail(-1, "gzip: header cut short");
            }
            crc.reset();
            crc.update(in, 0, position);
            final int expected = (in[position] & 0xff) | (in[position + 1] & 0xff) << 8;
            if (((int)crc.getValue() & 0xffff) != expected)
            {
                return fail(-1, "gzip: header CRC does not match");
            }
            position += 2;
        }
        return position;
    }

    /**
     * @return null when the 8 bytes after a final block are the CRC-32 and length of the output, else why not.
     */
    private String trailerError(final int trailer, final int end, final int length)
    {
        if (end - trailer != TRAILER_LENGTH)
        {
            return end - trailer < TRAILER_LENGTH ? "gzip: trailer cut short" : "gzip: bytes after the trailer";
        }
        crc.reset();
        crc.update(out, 0, length);
        if ((int)crc.getValue() != littleEndianInt(trailer) || length != littleEndianInt(trailer + 4))
        {
            return "gzip: trailer CRC or length does not match";
        }
        return null;
    }

    /**
     * A stream without a final block is whole when it ends on a sync flush: its last bytes are the empty stored
     * block's {@code 00 00 ff ff}, and a final empty block put after them ends the stream with no more output.
     */
    private boolean endsOnSyncFlush(final int start, final int end) throws DataFormatException
    {
        if (end - start < 5 || in[end - 4] != 0 || in[end - 3] != 0 || in[end - 2] != -1 || in[end - 1] != -1)
        {
            return false;
        }
        inflater.setInput(FINAL_EMPTY_BLOCK, 0, FINAL_EMPTY_BLOCK.length);
        return inflater.inflate(probe, 0, 1) == 0 && inflater.finished() && inflater.getRemaining() == 0;
    }

    private int littleEndianInt(final int at)
    {
        return (in[at] & 0xff) | (in[at + 1] & 0xff) << 8 | (in[at + 2] & 0xff) << 16 | (in[at + 3] & 0xff) << 24;
    }

    private int fail(final int result, final String reason)
    {
        lastError = reason;
        return result;
    }

    public void close()
    {
        deflater.end();
        inflater.end();
    }
}
