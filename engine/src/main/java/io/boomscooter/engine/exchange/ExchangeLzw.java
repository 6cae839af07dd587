package io.boomscooter.engine.exchange;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.Arrays;

/**
 * gofast's lzw layer: Go's {@code compress/lzw} with LSB bit order and 8-bit literals, one stream per packet
 * (writer created, written once, closed). Holds the encoder's open-addressed string table (keys stamped with a
 * generation, so a new stream or a full table clears it without touching the array), the decoder's prefix and
 * suffix tables, a stack for spelling one code backwards, and input and output scratch arrays sized from
 * {@code maxLength}.
 * <p>
 * The stream: codes 0–255 are literals, 256 clears the table, 257 ends the stream; codes start 9 bits wide and
 * are packed least significant bit first; the last byte is padded with zero bits. The writer starts with a clear
 * code, widens codes once the entry it has just numbered is 512, 1024 or 2048, and instead of numbering entry
 * 4095 writes a clear code (12 bits wide) and starts over at 9 bits. The reader, like Go's, accepts a stream without a
 * leading clear code, keeps a full table frozen until a clear code, ignores bytes after the end code, and refuses
 * a code above the next entry number or a stream that runs out before the end code.
 */
public final class ExchangeLzw implements ExchangeCompression
{
    private static final int CLEAR = 256;
    private static final int EOF = 257;
    private static final int FIRST_WIDTH = 9;
    private static final int MAX_WIDTH = 12;
    private static final int MAX_CODE = (1 << MAX_WIDTH) - 1;
    private static final int TABLE_SIZE = 4 << MAX_WIDTH;
    private static final int TABLE_MASK = TABLE_SIZE - 1;
    private static final int NO_CODE = -1;

    private final int maxLength;
    private final byte[] in;
    private final byte[] out;
    private final int[] entries = new int[TABLE_SIZE];
    private final int[] stamps = new int[TABLE_SIZE];
    private final short[] prefix = new short[1 << MAX_WIDTH];
    private final byte[] suffix = new byte[1 << MAX_WIDTH];
    private final byte[] spelling = new byte[1 << MAX_WIDTH];
    private int generation;
    private int bits;
    private int bitCount;
    private int width;
    private int hi;
    private int overflow;
    private int written;
    private String lastError = "";

    /**
     * @param maxLength the longest uncompressed packet to compress or to decompress.
     */
    public ExchangeLzw(final int maxLength)
    {
        this.maxLength = maxLength;
        this.in = new byte[maxLength];
        // At most one 12-bit code per byte, plus the clear codes (one per ~3800 codes), the end code and padding.
        this.out = new byte[maxLength + (maxLength >> 1) + (maxLength >> 10) + 16];
    }

    public String name()
    {
        return "lzw";
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
            return fail(TOO_LONG, "lzw: input longer than maxLength");
        }
        src.getBytes(srcOffset, in, 0, srcLength);
        bits = 0;
        bitCount = 0;
        written = 0;
        resetEncoderTable();
        writeCode(CLEAR);
        int code = in[0] & 0xff;
        next:
        for (int i = 1; i < srcLength; i++)
        {
            final int literal = in[i] & 0xff;
            final int key = code << 8 | literal;
            final int hash = (key >>> 12 ^ key) & TABLE_MASK;
            int slot = hash;
            while (stamps[slot] == generation)
            {
                final int entry = entries[slot];
                if (entry >>> 12 == key)
                {
                    code = entry & MAX_CODE;
                    continue next;
                }
                slot = (slot + 1) & TABLE_MASK;
            }
            writeCode(code);
            code = literal;
            if (nextEntry())
            {
                entries[slot] = key << 12 | hi;
                stamps[slot] = generation;
            }
        }
        writeCode(code);
        nextEntry();
        writeCode(EOF);
        if (bitCount > 0)
        {
            out[written++] = (byte)bits;
        }
        if (written > dstCapacity)
        {
            return fail(TOO_LONG, "lzw: compressed packet longer than the capacity");
        }
        dst.putBytes(dstOffset, out, 0, written);
        return written;
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
        final int limit = Math.min(dstCapacity, maxLength);
        int readBits = 0;
        int readCount = 0;
        int position = 0;
        int codeWidth = FIRST_WIDTH;
        int next = EOF;
        int nextOverflow = 1 << FIRST_WIDTH;
        int last = NO_CODE;
        int length = 0;
        while (true)
        {
            while (readCount < codeWidth)
            {
                if (position == srcLength)
                {
                    return fail(MALFORMED, "lzw: stream ends before its end code");
                }
                readBits |= (src.getByte(srcOffset + position++) & 0xff) << readCount;
                readCount += 8;
            }
            final int code = readBits & ((1 << codeWidth) - 1);
            readBits >>>= codeWidth;
            readCount -= codeWidth;
            if (code < CLEAR)
            {
                if (length == limit)
                {
                    return fail(TOO_LONG, "lzw: decompressed packet longer than the capacity");
                }
                out[length++] = (byte)code;
                if (last != NO_CODE)
                {
                    suffix[next] = (byte)code;
                    prefix[next] = (short)last;
                }
            }
            else if (code == CLEAR)
            {
                codeWidth = FIRST_WIDTH;
                next = EOF;
                nextOverflow = 1 << FIRST_WIDTH;
                last = NO_CODE;
                continue;
            }
            else if (code == EOF)
            {
                dst.putBytes(dstOffset, out, 0, length);
                return length;
            }
            else if (code <= next)
            {
                // Spell the code backwards from the end of the stack; every prefix is below its own entry
                // number, so a spelling has at most 4096 - 256 + 1 bytes.
                int i = spelling.length - 1;
                int c = code;
                if (code == next && last != NO_CODE)
                {
                    c = last;
                    while (c >= CLEAR)
                    {
                        c = prefix[c];
                    }
                    spelling[i--] = (byte)c;
                    c = last;
                }
                while (c >= CLEAR)
                {
                    spelling[i--] = suffix[c];
                    c = prefix[c];
                }
                spelling[i] = (byte)c;
                final int spelled = spelling.length - i;
                if (spelled > limit - length)
                {
                    return fail(TOO_LONG, "lzw: decompressed packet longer than the capacity");
                }
                System.arraycopy(spelling, i, out, length, spelled);
                length += spelled;
                if (last != NO_CODE)
                {
                    suffix[next] = (byte)c;
                    prefix[next] = (short)last;
                }
            }
            else
            {
                return fail(MALFORMED, "lzw: invalid code");
            }
            last = code;
            next++;
            if (next == nextOverflow)
            {
                if (codeWidth == MAX_WIDTH)
                {
                    last = NO_CODE;
                    next--;
                }
                else
                {
                    codeWidth++;
                    nextOverflow <<= 1;
                }
            }
        }
    }

    private void resetEncoderTable()
    {
        width = FIRST_WIDTH;
        hi = EOF;
        overflow = 1 << FIRST_WIDTH;
        if (++generation == 0)
        {
            Arrays.fill(stamps, 0);
            generation = 1;
        }
    }

    /**
     * Counts the entry for the code just written; when that reaches 4095 writes a clear code and starts over.
     *
     * @return true when the new entry is to be added to the table.
     */
    private boolean nextEntry()
    {
        hi++;
        if (hi == overflow)
        {
            width++;
            overflow <<= 1;
        }
        if (hi == MAX_CODE)
        {
            writeCode(CLEAR);
            resetEncoderTable();
            return false;
        }
        return true;
    }

    private void writeCode(final int code)
    {
        bits |= code << bitCount;
        bitCount += width;
        while (bitCount >= 8)
        {
            out[written++] = (byte)bits;
            bits >>>= 8;
            bitCount -= 8;
        }
    }

    private int fail(final int result, final String reason)
    {
        lastError = reason;
        return result;
    }
}
