package io.boomscooter.engine.exchange;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;

import static io.boomscooter.engine.exchange.ExchangeCompression.MALFORMED;
import static io.boomscooter.engine.exchange.ExchangeCompression.TOO_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ExchangeGzip} against Go 1.19's {@code compress/gzip} as gofast uses it: the hex constants are what Go's
 * writer produced (Write then Flush, not closed) at level 1 and at the default level for the inputs of
 * {@link ExchangeLzwTest}; Java must decode them, and its own packets must start with Go's header.
 */
class ExchangeGzipTest
{
    private static final int MAX = 64 * 1024;
    private static final String GO_HEADER_LEVEL1 = "1f8b08000000000004ff";
    private static final String GO_HEADER_DEFAULT = "1f8b08000000000000ff";
    private static final String GO_HEADER_LEVEL9 = "1f8b08000000000002ff";
    /** Go's level 1 "hello", written and closed: a final empty stored block, then CRC-32 and length. */
    private static final String GO_CLOSED_HELLO = "1f8b08000000000004ff000500faff68656c6c6f010000ffff86a6103605000000";
    private static final String GO_LEVEL1_HELLO = "1f8b08000000000004ff000500faff68656c6c6f000000ffff";
    private static final String GO_DEFAULT_HELLO = "1f8b08000000000000ffca48cdc9c907000000ffff";
    private static final String GO_LEVEL1_JSON =
        "1f8b08000000000004ff8cd02d0e02310084d1bb8cae6086ffde86400521d0a41445b83b62fde6f34fbdafee37d54dd1ebf26caa7a5f" +
        "7b9f6da8a83f54e7f8b45f598c8109305b6076c0ec8139007304e604cc1918a368326d526d726d926db26dd26df26d126e321e321e32" +
        "1e321e321e321e321e329eb5f13f000000ffff";
    private static final String GO_DEFAULT_JSON =
        "1f8b08000000000000ff8cd22d0e42310004e1bbacae6097ffde86400521d0a41445b83be2f997f1a3becc57f79beaa6e875793655bd" +
        "afbdcf3654d41faa737cdaaf2c8d4113d06c41b303cd1e3407d01c417302cd99182268226d426d626d826da26dc26de26d026e221e22" +
        "1ef436110f110f110f110f11cf9af81f0000ffff";
    private static final String GO_LEVEL1_RANDOM =
        "1f8b08000000000004ff002c01d3fec67e816b4bfbe2fb54f6bddf7c1ce18701bf31de56720f4767668759aa883c59ea56137bd285a1" +
        "d83c54552f37ae655bda027998cce31a768e5fd9998f1f3f36ee43784d0dfabea6dae4868edc296d4eff56e17020fb8fb1580590c509" +
        "dc53cdaa3b489952d3529d069feab5c206139849b2011eac3288319c52469571368f57f6391d16fa8874f5987c175c41bb6d718e0f70" +
        "59c7011b2f333d91c01da50d0dab338d7e5e8f3ee66874a63ab1c39311a864c7dbcae060e1f3bf090067a2e325a0213187d562c5a84f" +
        "7e2e096b949fb06da99e5a0b467080b6cf470ca6a52ad8acfba0ebb779247223924880c5a6a785b7d78c90e4ab63445266e39c3325f9" +
        "5eaaba73605d4b717ebea98c571971c3ca5ee52a33ac885166a17b7567649a69ef6f5642a01d51c502f7bb9245000000ffff";
    private static final String GO_DEFAULT_RANDOM =
        "1f8b08000000000000ff002c01d3fec67e816b4bfbe2fb54f6bddf7c1ce18701bf31de56720f4767668759aa883c59ea56137bd285a1" +
        "d83c54552f37ae655bda027998cce31a768e5fd9998f1f3f36ee43784d0dfabea6dae4868edc296d4eff56e17020fb8fb1580590c509" +
        "dc53cdaa3b489952d3529d069feab5c206139849b2011eac3288319c52469571368f57f6391d16fa8874f5987c175c41bb6d718e0f70" +
        "59c7011b2f333d91c01da50d0dab338d7e5e8f3ee66874a63ab1c39311a864c7dbcae060e1f3bf090067a2e325a0213187d562c5a84f" +
        "7e2e096b949fb06da99e5a0b467080b6cf470ca6a52ad8acfba0ebb779247223924880c5a6a785b7d78c90e4ab63445266e39c3325f9" +
        "5eaaba73605d4b717ebea98c571971c3ca5ee52a33ac885166a17b7567649a69ef6f5642a01d51c502f7bb9245000000ffff";
    private static final String GO_LEVEL1_REPEATED =
        "1f8b08000000000004ffecda893b1b781a07f0cc84cce3aa73ccd6a43251c768f310a923ce88a2198d7124ba61dc47ca1ac5606a34c1" +
        "d3b166d42dee338e54901947918c3059c32ab3994aacb02bd236c42eaaa9ab842afb7fecf3fb23dee7fd7ebeef4b9aa267970dfb7309" +
        "b629beee9737d2cc897ce63ae52c3bf3b464b026bc7f0463403a6788afa27c5e13b7e61a74e817ab1fa083425071cc81a7294a85d051" +
        "84f1acad94dd4cb6ecfd176dc9384bff7198df9785882092db0726c64633e477de5f99609155d0576a2d9baa53bf8c2edbb394833fa5" +
        "4c4fc65a4474b6fcd2f6803dcd9749bb272c8e2164f2b35731fd43efbc8cdb8ea5169f9313b5cdbe85d91a749fd2fefccfd98a4f34de" +
        "166d0fd5f67c51de3e3092b97bd43d63e4e732faa2b4d165e0124a44633dd86f2fdba0246b69eec6f2765b4339474fb0e43cdb02bd30" +
        "ee934707648cd4750f131eca7024eadc89b4dcbc9efe371b52dfd5c246a24d2259b675f3b2676fba67deb6141ea4f8fa24f9c069b1b4" +
        "e7ee73c2cfdbfde551323f75b35109a4f8c6c7d168589f21d15d2fce382318f68257a250e22d1fc3450b509b35fcdcdbc69e9facd254" +
        "8b670d922b3f3a7ce52075ada6ac9873ffbb1a66d6af16657c1033618f9b19e2effca52eef1b4f2376dac730343df9ba09e7134686bc" +
        "f9a9e6b2efa8f2352c8ef3443fd007ebd4b3a7af665777adfef54744dfaaf7dfbc1958fac79526bdf2e7f0ef1f525763be882f7993f6" +
        "9904e2140a7544c8d355ce874318eb8882f9f7b7b254030a92064d1042595fd364d1bad5a372237d9a2f75dd5d22e4165375b1b0df6a" +
        "20c2fb3df826c5d4e4e6b8f8bb47ce02ac3572ee282127ff6446bba597da54641f2d67af1dfb273914e6eacea272dd1437045eebde4b" +
        "d63efe27f9d5362e0a95657e7003c40fc57d6fae5d9cbf4194d17e0a8e6ded6896ba24942b8fee5c4c614be991818c784182a2838fb4" +
        "b8550fb7984fd6a841633a7fe8180ce941eb703ca0d6f49749d3926376004bf5d7f26b918c63d324b7296643e5a2624b1cd028e41f22" +
        "36ab3da835c7389651948ba03ceb3c5362a27e7bc13ed075de19024fa50f8b125c1fa38f120a781894dec1fe97dfb22accd2c792e2e1" +
        "7b4693f58428649ca50e2fe376b0d0385bd3bb48367118768bdc9b0bab53d9b5dd13543a2ee69f8c35c69a3e93437772422e4c6bafe1" +
        "dbf697b5bb7c6b660b65b5a5d110587acad5df2a4d17a46be7a17323be8ea95a38dc426b38a38163e8e5fd306f1c25e49ee25a77eedd" +
        "c77bf7217ecd59fc3b0a33733e76457d9526be8b3e4af83e3f49b4fcf4c505ff8d8aa7a19b6157144f4b45e8f3a287ebf4b90a037cf1" +
        "d7ce9ff50719fe3c2fce7919a015747d3da540ac944f2b9bb910fcaf411dfcc48ab2df891f4a6325b3012228a1c543a33e429dcd9a1f" +
        "f5b30afc8fcca77e22eba35fdc9979cba41fb96ca630b44fed53a495b21aba4d957f2a58d609e5b45a6fed923ae3042b315cfee7cc25" +
        "8ca4026942edabfa83f26fd2143dbb6cd89f4bb04df175bfbc91664ee433d72967d999a7258335e160cec19c7bad83396f0d6734700c" +
        "bdbc1fe68da384dc535cebcebdfb7830e7609f4b5dab292be65cb0cfe116f3c91a35684ce70f1d83213d609f837d4e06b99d03727ba3" +
        "907f88d8ac06b93d400425b47868d447a8b359f3a37e5620b75f428968ac07fbed651b94642de0731af0b90e2fe336f039730923a940" +
        "9a50fbaafe003e4f24cbb66e821eee6446bba597da54641f2d67af1dfb273914e6eacea272dd143780cf7138e07347d0b7436dd6f073" +
        "6f41df5eae3cba7331852da5470632e205098a0ed0b7eb66d815c5d35211fabce8e13a7daec2000f7c0e7c0e033e17039f97fd4efc50" +
        "1a2b013e6f1f18c904f77309c42914ea8890a7ab9c0fc1fddc2c7d2c291ebe6734594f8842c6019fafc470f9c0e79be04f6672735cfc" +
        "dd236701d61a09fe64f697b5bbfedfff64fe070000ffff";

    private final ExchangeGzip gzip = new ExchangeGzip(MAX);
    private final UnsafeBuffer packed = new UnsafeBuffer(new byte[MAX * 2]);
    private final UnsafeBuffer unpacked = new UnsafeBuffer(new byte[MAX]);

    private static byte[][] inputs()
    {
        final byte[] hello = {'h', 'e', 'l', 'l', 'o'};
        final byte[] json = ExchangeLzwTest.json();
        final byte[] random = ExchangeLzwTest.random(300, 1);
        return new byte[][]{hello, hello, json, json, random, random, ExchangeLzwTest.repeated()};
    }

    private static byte[][] goVectors()
    {
        return new byte[][]{hex(GO_LEVEL1_HELLO), hex(GO_DEFAULT_HELLO), hex(GO_LEVEL1_JSON), hex(GO_DEFAULT_JSON),
            hex(GO_LEVEL1_RANDOM), hex(GO_DEFAULT_RANDOM), hex(GO_LEVEL1_REPEATED)};
    }

    private static byte[] hex(final String text)
    {
        return HexFormat.of().parseHex(text);
    }

    private int decode(final byte[] stream, final int capacity)
    {
        return gzip.decompress(new UnsafeBuffer(stream), 0, stream.length, unpacked, 0, capacity);
    }

    private void assertDecodes(final byte[] expected, final byte[] stream)
    {
        assertDecodes(gzip, expected, stream);
    }

    private void assertDecodes(final ExchangeGzip codec, final byte[] expected, final byte[] stream)
    {
        final int n = codec.decompress(new UnsafeBuffer(stream), 0, stream.length, unpacked, 0, MAX);
        assertEquals(expected.length, n, codec.lastError());
        assertArrayEquals(expected, Arrays.copyOf(unpacked.byteArray(), n));
    }

    private static byte[] encode(final ExchangeGzip codec, final byte[] input, final UnsafeBuffer packed)
    {
        final int n = codec.compress(new UnsafeBuffer(input), 0, input.length, packed, 0, packed.capacity());
        assertTrue(n > 0, codec.lastError());
        return Arrays.copyOf(packed.byteArray(), n);
    }

    private static byte[] concat(final byte[] head, final byte[] tail, final int tailFrom)
    {
        final byte[] bytes = Arrays.copyOf(head, head.length + tail.length - tailFrom);
        System.arraycopy(tail, tailFrom, bytes, head.length, tail.length - tailFrom);
        return bytes;
    }

    @Test
    void decodesWhatGoWrote()
    {
        final byte[][] inputs = inputs();
        final byte[][] vectors = goVectors();
        for (int i = 0; i < inputs.length; i++)
        {
            assertDecodes(inputs[i], vectors[i]);
        }
        assertDecodes(inputs[0], hex(GO_CLOSED_HELLO));
        assertEquals(46, GofastTags.CURRENT.compressionTag(gzip.name()));
        assertEquals("gzip", gzip.name());
    }

    @Test
    void writesGoHeaderAndSyncFlush()
    {
        final int[] levels = {1, -1, 9};
        final String[] headers = {GO_HEADER_LEVEL1, GO_HEADER_DEFAULT, GO_HEADER_LEVEL9};
        for (int i = 0; i < levels.length; i++)
        {
            final ExchangeGzip codec = new ExchangeGzip(MAX, levels[i]);
            for (final byte[] input : inputs())
            {
                final byte[] stream = encode(codec, input, packed);
                assertEquals(headers[i], HexFormat.of().formatHex(stream, 0, 10));
                assertEquals("0000ffff", HexFormat.of().formatHex(stream, stream.length - 4, stream.length));
                assertDecodes(codec, input, stream);
            }
        }
    }

    @Test
    void decodesJavaGzipStreamsAndOptionalHeaderFields() throws IOException
    {
        final byte[] json = ExchangeLzwTest.json();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes))
        {
            out.write(json);
        }
        assertDecodes(json, bytes.toByteArray());

        final byte[] header = hex("1f8b081f000000000003" + "0300616263" + "6100" + "6200" + "0000");
        final CRC32 crc = new CRC32();
        crc.update(header, 0, header.length - 2);
        header[header.length - 2] = (byte)crc.getValue();
        header[header.length - 1] = (byte)(crc.getValue() >>> 8);
        assertDecodes(json, concat(header, hex(GO_LEVEL1_JSON), 10));
        header[header.length - 1] ^= 1;
        assertEquals(MALFORMED, decode(concat(header, hex(GO_LEVEL1_JSON), 10), MAX));
        assertEquals("gzip: header CRC does not match", gzip.lastError());
        assertEquals(0, decode(new byte[0], MAX));
    }

    @Test
    void refusesMalformedStreams()
    {
        final byte[] hello = hex(GO_LEVEL1_HELLO);
        final String[] broken = {
            "1f8c08000000000004ff000500faff68656c6c6f000000ffff",
            "1f8b07000000000004ff000500faff68656c6c6f000000ffff",
            "1f8b08200000000004ff000500faff68656c6c6f000000ffff",
            "1f8b080000000000",
            "1f8b08000000000004ff",
            "1f8b08040000000004ff0900",
            "1f8b08080000000004ff6162",
            "1f8b08000000000004ffffffffff",
            "1f8b08000000000004ff000500faff68656c6c6f",
            "1f8b08000000000004ff000500faff68656c6c6f010000ffff86a6103605000000ff",
            "1f8b08000000000004ff000500faff68656c6c6f010000ffff86a6103605000001",
            "1f8b08000000000004ff000500faff68656c6c6f010000ffff86a61036",
        };
        for (final String stream : broken)
        {
            assertEquals(MALFORMED, decode(hex(stream), MAX), stream);
        }
        assertEquals(MALFORMED, decode(Arrays.copyOf(hello, hello.length - 1), MAX));
        final Random random = new Random(7);
        final byte[] vector = hex(GO_LEVEL1_REPEATED);
        for (int round = 0; round < 2000; round++)
        {
            final byte[] mangled = Arrays.copyOf(vector, 1 + random.nextInt(vector.length));
            mangled[random.nextInt(mangled.length)] ^= (byte)(1 << random.nextInt(8));
            final int n = decode(mangled, MAX);
            assertTrue(n >= 0 || n == MALFORMED || n == TOO_LONG, "result " + n);
        }
    }

    @Test
    void saysTooLong()
    {
        final byte[] input = ExchangeLzwTest.json();
        final byte[] stream = encode(gzip, input, packed);
        final UnsafeBuffer source = new UnsafeBuffer(input);
        assertEquals(TOO_LONG, gzip.compress(source, 0, input.length, packed, 0, stream.length - 1));
        assertEquals(stream.length, gzip.compress(source, 0, input.length, packed, 0, stream.length));
        assertEquals(TOO_LONG, decode(stream, input.length - 1));
        assertEquals(input.length, decode(stream, input.length));
        assertEquals(TOO_LONG, new ExchangeGzip(100).compress(source, 0, 101, packed, 0, MAX));
        assertEquals(TOO_LONG, new ExchangeGzip(100).decompress(new UnsafeBuffer(stream), 0, stream.length,
            unpacked, 0, MAX));
    }

    @Test
    void roundTripsAllocateNothing()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final UnsafeBuffer[] sources = {new UnsafeBuffer(ExchangeLzwTest.json()),
            new UnsafeBuffer(ExchangeLzwTest.repeated())};
        long total = roundTrips(sources, 10_000);
        final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        total += roundTrips(sources, 10_000);
        final long after = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        assertTrue(total > 0);
        assertTrue(after - before < 1024, "allocated " + (after - before) + " bytes");
    }

    private long roundTrips(final UnsafeBuffer[] sources, final int count)
    {
        long total = 0;
        for (int i = 0; i < count; i++)
        {
            final UnsafeBuffer source = sources[i & 1];
            final int n = gzip.compress(source, 0, source.capacity(), packed, 0, packed.capacity());
            total += gzip.decompress(packed, 0, n, unpacked, 0, unpacked.capacity());
        }
        return total;
    }
}
