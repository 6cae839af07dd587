package io.boomscooter.engine.exchange;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.boomscooter.engine.FuzzSupport;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.boomscooter.engine.FuzzSupport.boundedAllocation;
import static io.boomscooter.engine.FuzzSupport.bytes;
import static io.boomscooter.engine.FuzzSupport.concat;
import static io.boomscooter.engine.FuzzSupport.check;

/**
 * Fuzz targets for what a gofast peer sends an exchange endpoint (docs/fuzzing.md): the CBOR frame stream, the
 * packet inside each frame with its compression layers, the whoami message, and the gzip and lzw layers on their own.
 */
@ExtendWith(FuzzSupport.RegressionTimeout.class)
class GofastFuzzTest
{
    private static final int SMALL_PACKET = 256;
    private static final int LARGE_PACKET = 64 * 1024;

    private final ExchangeCompression[] accepted = {new ExchangeGzip(LARGE_PACKET), new ExchangeLzw(LARGE_PACKET)};
    private final GofastPacketReader[] readers = {
        new GofastPacketReader(GofastTags.CURRENT, accepted, SMALL_PACKET),
        new GofastPacketReader(GofastTags.SEED, accepted, SMALL_PACKET),
        new GofastPacketReader(GofastTags.CURRENT, accepted, LARGE_PACKET),
        new GofastPacketReader(GofastTags.SEED, accepted, LARGE_PACKET)};
    private final GofastCbor cbor = new GofastCbor();
    private final UnsafeBuffer decompressed = new UnsafeBuffer(new byte[LARGE_PACKET]);
    private final UnsafeBuffer recompressed = new UnsafeBuffer(new byte[2 * LARGE_PACKET]);
    private final UnsafeBuffer again = new UnsafeBuffer(new byte[LARGE_PACKET]);

    /**
     * The TCP stream from a gofast peer: {@link GofastFramer#decode} frame after frame (byte 0: bit 0 the tag
     * numbering, bit 1 the announced buffer size, 256 or 64 KiB), each frame then read by
     * {@link GofastPacketReader#read} as the endpoint does, taking off gzip and lzw layers.
     */
    @FuzzTest(maxDuration = "30s")
    void frames(final byte[] input)
    {
        if (input.length < 1)
        {
            return;
        }
        final int control = input[0] & 0xFF;
        final GofastPacketReader reader = readers[control & 3];
        final GofastFramer framer = new GofastFramer((control & 2) == 0 ? SMALL_PACKET : LARGE_PACKET);
        final UnsafeBuffer buffer = FuzzSupport.exact(input);
        boundedAllocation(input.length, "gofast framing and packet read", () -> FuzzSupport.checkFramer(framer,
            buffer, 1,
            input.length - 1, (b, frameOffset, frameLength, messageOffset, messageLength) ->
            {
                if (reader.read(b, messageOffset, messageLength))
                {
                    if (!(GofastWire.isFrameType(reader.type)))
                    {
                        throw new AssertionError("frame type " + reader.type);
                    }
                    if (reader.type != GofastWire.FINISH)
                    {
                        check(reader.messageId != 0 && reader.dataLength >= 0 && reader.dataOffset >= 0 &&
                            reader.dataOffset + (long)reader.dataLength <= reader.data.capacity(),
                            "data outside its buffer");
                        if (reader.data == b)
                        {
                            check(reader.dataOffset >= messageOffset &&
                                reader.dataOffset + reader.dataLength <= messageOffset + messageLength,
                                "data outside the frame");
                        }
                    }
                }
                else
                {
                    check(null != reader.error(), "refused without a reason");
                }
            }));
    }

    /**
     * {@link GofastCbor#read} at every offset of the input with every limit up to its end: a head's length never
     * runs past the limit.
     */
    @FuzzTest(maxDuration = "30s")
    void cborHeads(final byte[] input)
    {
        final UnsafeBuffer buffer = FuzzSupport.exact(input);
        boundedAllocation(input.length, "GofastCbor.read", () ->
        {
            for (int offset = 0; offset <= input.length; offset++)
            {
                for (int limit = offset; limit <= Math.min(input.length, offset + 10); limit++)
                {
                    final int result = cbor.read(buffer, offset, limit);
                    if (!(result == GofastCbor.SHORT || result == GofastCbor.INVALID ||
                        (result >= 1 && result <= 9 && offset + result <= limit)))
                    {
                        throw new AssertionError("head read returned " + result);
                    }
                }
            }
        });
    }

    /**
     * {@link GofastWhoami} decode: refused or a whole whoami; trailing bytes ignored. Decoded once per connection,
     * so its strings are not bounded here.
     */
    @FuzzTest(maxDuration = "30s")
    void whoami(final byte[] input)
    {
        final GofastWhoami whoami = new GofastWhoami();
        if (whoami.decode(FuzzSupport.exact(input), 0, input.length))
        {
            if (!(whoami.bufferSize() > 0 && whoami.version() >= 0))
            {
                throw new AssertionError("decoded " + whoami);
            }
            if (!(null != whoami.name() && null != whoami.tags()))
            {
                throw new AssertionError("decoded " + whoami);
            }
        }
    }

    /**
     * A compression layer alone (byte 0: bit 0 lzw or gzip, bit 1 a small output capacity):
     * {@link ExchangeCompression#decompress} of arbitrary bytes answers a length within the capacity or a refusal
     * with a reason; what decompresses compresses and decompresses back to the same bytes.
     */
    @FuzzTest(maxDuration = "30s")
    void compression(final byte[] input)
    {
        if (input.length < 1)
        {
            return;
        }
        final int control = input[0] & 0xFF;
        final ExchangeCompression codec = accepted[control & 1];
        final int capacity = (control & 2) == 0 ? SMALL_PACKET : LARGE_PACKET;
        final UnsafeBuffer buffer = FuzzSupport.exact(input);
        boundedAllocation(input.length, codec.name() + " decompress", () ->
        {
            final int n = codec.decompress(buffer, 1, input.length - 1, decompressed, 0, capacity);
            if (n < 0)
            {
                if (!(n == ExchangeCompression.TOO_LONG || n == ExchangeCompression.MALFORMED))
                {
                    throw new AssertionError("result " + n);
                }
                check(null != codec.lastError(), "refused without a reason");
                return;
            }
            if (!(n <= capacity))
            {
                throw new AssertionError(codec.name() + " wrote " + n + " bytes into " + capacity);
            }
            roundTrip(codec, decompressed, n);
        });
    }

    /**
     * Writes the seed inputs of these targets (docs/fuzzing.md), with {@link GofastFrameWriter} in both numberings.
     */
    @Test
    @EnabledIfSystemProperty(named = FuzzSupport.WRITE_SEEDS_PROPERTY, matches = "true")
    void writeSeeds()
    {
        final Class<?> c = GofastFuzzTest.class;
        final UnsafeBuffer b = new UnsafeBuffer(new byte[8192]);
        final UnsafeBuffer data = new UnsafeBuffer("the quick brown fox, the quick brown fox".getBytes(
            java.nio.charset.StandardCharsets.US_ASCII));
        for (final GofastTags tags : GofastTags.values())
        {
            final GofastFrameWriter writer = new GofastFrameWriter(tags, LARGE_PACKET + GofastFramer.OVERHEAD);
            final long opaque = tags.opaqueMin + 34;
            final byte[] post = bytes(b, writer.write(b, 0, b.capacity(), GofastWire.POST, opaque, 0x2001, data, 0,
                data.capacity(), new ExchangeCompression[0], 0));
            final byte[] request = bytes(b, writer.write(b, 0, b.capacity(), GofastWire.REQUEST, opaque, 0x2002, data,
                0, data.capacity(), new ExchangeCompression[0], 0));
            final byte[] start = bytes(b, writer.write(b, 0, b.capacity(), GofastWire.START, opaque + 1, 0x2003, data,
                0, data.capacity(), new ExchangeCompression[0], 0));
            final byte[] stream = bytes(b, writer.write(b, 0, b.capacity(), GofastWire.STREAM, opaque + 1, 0x2003,
                data, 0, data.capacity(), new ExchangeCompression[0], 0));
            final byte[] finish = bytes(b, writer.writeFinish(b, 0, b.capacity(), opaque + 1));
            final byte[] gzip = bytes(b, writer.write(b, 0, b.capacity(), GofastWire.POST, opaque, 0x2004, data, 0,
                data.capacity(), new ExchangeCompression[]{accepted[0]}, 1));
            final byte[] lzw = bytes(b, writer.write(b, 0, b.capacity(), GofastWire.POST, opaque, 0x2005, data, 0,
                data.capacity(), new ExchangeCompression[]{accepted[1]}, 1));
            final byte[] both = bytes(b, writer.write(b, 0, b.capacity(), GofastWire.POST, opaque, 0x2006, data, 0,
                data.capacity(), accepted, 2));
            final byte control = (byte)(2 | (tags == GofastTags.SEED ? 1 : 0));
            FuzzSupport.writeSeed(c, "frames", tags.name().toLowerCase() + "-post-request-stream-finish",
                concat(new byte[]{control}, post, request, start, stream, finish));
            FuzzSupport.writeSeed(c, "frames", tags.name().toLowerCase() + "-compressed",
                concat(new byte[]{control}, gzip, lzw, both));
        }
        FuzzSupport.writeSeed(c, "frames", "bad-prefix", new byte[]{0, (byte)0xd9, (byte)0xd9, 0});
        FuzzSupport.writeSeed(c, "frames", "finish-without-break", new byte[]{0, (byte)0xd9, (byte)0xd9, (byte)0xf7,
            (byte)0xc8, 0x43, (byte)0xd9, 0x01, 0x2c, 0x40});

        FuzzSupport.writeSeed(c, "cborHeads", "each-length", new byte[]{0x17, 0x18, 0x20, 0x59, 0x01, 0x00, 0x5a, 0,
            0, 1, 0, 0x5b, 0, 0, 0, 0, 0, 0, 1, 0, 0x5f, (byte)0xff, 0x1c});

        final byte[] name = "gofast-peer".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        final byte[] tagsText = "gzip,lzw".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        FuzzSupport.writeSeed(c, "whoami", "gzip-lzw", bytes(b, GofastWhoami.encode(b, 0, name, 1, LARGE_PACKET,
            tagsText)));
        FuzzSupport.writeSeed(c, "whoami", "no-tags", bytes(b, GofastWhoami.encode(b, 0, name, 300, 1, new byte[0])));
        FuzzSupport.writeSeed(c, "whoami", "name-past-end", new byte[]{20, 'a'});

        for (int i = 0; i < accepted.length; i++)
        {
            final int n = accepted[i].compress(data, 0, data.capacity(), b, 0, b.capacity());
            FuzzSupport.writeSeed(c, "compression", accepted[i].name(), concat(new byte[]{(byte)(2 | i)}, bytes(b, n)));
            FuzzSupport.writeSeed(c, "compression", accepted[i].name() + "-small-capacity",
                concat(new byte[]{(byte)i}, bytes(b, n)));
        }
        FuzzSupport.writeSeed(c, "compression", "gzip-header-only", new byte[]{2, 0x1f, (byte)0x8b, 8, 0, 0, 0, 0, 0,
            0, (byte)0xff});
    }

    private void roundTrip(final ExchangeCompression codec, final DirectBuffer data, final int length)
    {
        final int c = codec.compress(data, 0, length, recompressed, 0, recompressed.capacity());
        if (!(c >= 0))
        {
            throw new AssertionError(codec.name() + " cannot compress what it decompressed: " + codec.lastError());
        }
        final int d = codec.decompress(recompressed, 0, c, again, 0, again.capacity());
        if (!(d == length))
        {
            throw new AssertionError(codec.name() + " round trip gave " + d + " bytes, not " + length + ": " +
                codec.lastError());
        }
        for (int i = 0; i < length; i++)
        {
            if (!(data.getByte(i) == again.getByte(i)))
            {
                throw new AssertionError(codec.name() + " round trip differs at byte " + i);
            }
        }
    }
}
