package io.boomscooter.engine.exchange;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every frame the writer makes is well-formed CBOR by an independent parser (Jackson's), and each packet's inner
 * byte strings parse too, down to the message map. A stream's frames (start, messages, finish) together form one
 * CBOR item: the start opens an indefinite array that the finish's ff closes. Also pins the bytes of one POST.
 */
class GofastCborWellFormedTest
{
    private static final CBORFactory CBOR = new CBORFactory();
    private final GofastFrameWriter writer = new GofastFrameWriter(GofastTags.CURRENT, 64 * 1024);
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[64 * 1024]);

    private byte[] frame(final int type, final long opaque, final long id, final String data,
        final ExchangeCompression... layers)
    {
        final byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        final int n = writer.write(out, 0, out.capacity(), type, opaque, id, new UnsafeBuffer(bytes), 0, bytes.length,
            layers, layers.length);
        final byte[] frame = new byte[n];
        out.getBytes(0, frame);
        return frame;
    }

    /** Parses one whole CBOR item and returns the packet byte string inside the outer tags. */
    private static byte[] parseFrame(final byte[] frame) throws Exception
    {
        try (CBORParser parser = CBOR.createParser(frame))
        {
            // POST is tag 6 over the packet, a stream message tag 7; REQUEST/RESPONSE (81) an array of one.
            final boolean array = parser.nextToken() == JsonToken.START_ARRAY;
            if (array)
            {
                parser.nextToken();
            }
            assertEquals(JsonToken.VALUE_EMBEDDED_OBJECT, parser.currentToken());
            final byte[] packet = parser.getBinaryValue();
            if (array)
            {
                assertEquals(JsonToken.END_ARRAY, parser.nextToken());
            }
            assertNull(parser.nextToken(), "one item per frame");
            return packet;
        }
    }

    /** The packet is tag(opaque) bytes(...): returns the inner bytes. */
    private static byte[] parsePacket(final byte[] packet, final long opaque) throws Exception
    {
        try (CBORParser parser = CBOR.createParser(packet))
        {
            assertEquals(JsonToken.VALUE_EMBEDDED_OBJECT, parser.nextToken());
            assertEquals(opaque, parser.getCurrentTag());
            final byte[] inner = parser.getBinaryValue();
            assertNull(parser.nextToken());
            return inner;
        }
    }

    private static void parseMessage(final byte[] inner, final long id, final String data) throws Exception
    {
        try (CBORParser parser = CBOR.createParser(inner))
        {
            assertEquals(JsonToken.START_OBJECT, parser.nextToken());
            assertEquals(43, parser.getCurrentTag());
            // In CBOR terms the header is a map of one pair: key tag44(id), value tag45(data).
            assertEquals(JsonToken.FIELD_NAME, parser.nextToken());
            assertEquals(Long.toString(id), parser.currentName());
            assertEquals(JsonToken.VALUE_EMBEDDED_OBJECT, parser.nextToken());
            assertEquals(45, parser.getCurrentTag());
            assertArrayEquals(data.getBytes(StandardCharsets.UTF_8), parser.getBinaryValue());
            assertEquals(JsonToken.END_OBJECT, parser.nextToken());
            assertNull(parser.nextToken());
        }
    }

    @Test
    void everyFrameTypeParses() throws Exception
    {
        for (final int type : new int[]{GofastWire.POST, GofastWire.REQUEST, GofastWire.STREAM})
        {
            for (final long id : new long[]{1, 23, 24, 255, 256, 65_535, 65_536, 1L << 40})
            {
                final byte[] frame = frame(type, 266, id, "payload " + id);
                parseMessage(parsePacket(parseFrame(frame), 266), id, "payload " + id);
            }
        }
        final byte[] big = frame(GofastWire.REQUEST, 15_309_735, 7, "x".repeat(60_000));
        parseMessage(parsePacket(parseFrame(big), 15_309_735), 7, "x".repeat(60_000));
    }

    @Test
    void compressedFramesParseAndTheirLayersAreTaggedByteStrings() throws Exception
    {
        final String text = "{\"k\":\"value\",\"n\":12345}".repeat(30);
        final ExchangeGzip gzip = new ExchangeGzip(64 * 1024);
        final ExchangeLzw lzw = new ExchangeLzw(64 * 1024);
        final byte[] frame = frame(GofastWire.POST, 300, 9, text, gzip, lzw);
        final byte[] inner = parsePacket(parseFrame(frame), 300);
        try (CBORParser parser = CBOR.createParser(inner))
        {
            assertEquals(JsonToken.VALUE_EMBEDDED_OBJECT, parser.nextToken());
            // gzip first; lzw over gzip's output would not shrink it, so the writer leaves that layer out.
            assertEquals(46, parser.getCurrentTag());
            assertTrue(parser.getBinaryValue().length < text.length());
        }
        final byte[] lzwOnly = parsePacket(parseFrame(frame(GofastWire.POST, 300, 9, text, lzw)), 300);
        try (CBORParser parser = CBOR.createParser(lzwOnly))
        {
            assertEquals(JsonToken.VALUE_EMBEDDED_OBJECT, parser.nextToken());
            assertEquals(47, parser.getCurrentTag());
            assertTrue(parser.getBinaryValue().length < text.length());
        }
    }

    @Test
    void aStreamsFramesFormOneItem() throws Exception
    {
        final ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.write(frame(GofastWire.START, 1004, 3, "open"));
        stream.write(frame(GofastWire.STREAM, 1004, 3, "one"));
        stream.write(frame(GofastWire.STREAM, 1004, 3, "two"));
        final int n = writer.writeFinish(out, 0, out.capacity(), 1004);
        final byte[] finish = new byte[n];
        out.getBytes(0, finish);
        assertArrayEquals(new byte[]{(byte)0xd9, (byte)0xd9, (byte)0xf7, (byte)0xc8, 0x44, (byte)0xd9, 0x03,
            (byte)0xec, 0x40, (byte)0xff}, finish);
        stream.write(finish);
        try (JsonParser parser = CBOR.createParser(stream.toByteArray()))
        {
            assertEquals(JsonToken.START_ARRAY, parser.nextToken());
            int items = 0;
            while (parser.nextToken() == JsonToken.VALUE_EMBEDDED_OBJECT)
            {
                items++;
            }
            assertEquals(JsonToken.END_ARRAY, parser.currentToken());
            assertEquals(4, items, "start packet, two messages, finish packet");
            assertNull(parser.nextToken());
        }
    }

    @Test
    void aPostByteForByte()
    {
        // The worked example in docs/exchanges.md: POST, opaque 300, message id 100, data "hi".
        final byte[] frame = frame(GofastWire.POST, 300, 100, "hi");
        final String hex = org.agrona.BitUtil.toHex(frame);
        assertEquals("d9d9f7c6" + "51" + "d9012c" + "4d" + "d82b" + "bf" + "d82c" + "1864" + "d82d" + "426869" + "ff",
            hex);
    }
}
