package io.boomscooter.engine.exchange;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.boomscooter.engine.exchange.ExchangePair.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two endpoints on loopback: the handshake, posts and requests both ways on one connection, 10,000 requests in
 * flight, streams opened from both ends at once, ping and heartbeats, compression.
 */
class ExchangeEndpointTest
{
    static UnsafeBuffer text(final String s)
    {
        return new UnsafeBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    static ExchangePair pair(final ExchangeSettings serverSettings, final ExchangeRecorder server,
        final ExchangeSettings clientSettings, final ExchangeRecorder client) throws Exception
    {
        final ExchangePair pair = new ExchangePair(serverSettings, server, clientSettings, client);
        server.endpoint = pair.server;
        client.endpoint = pair.client;
        await("both handshakes", 10_000, () -> server.readyPeer != 0 && client.readyPeer != 0);
        return pair;
    }

    @Test
    void postsAndRequestsBothWaysOnOneConnection() throws Exception
    {
        final ExchangeRecorder server = new ExchangeRecorder();
        final ExchangeRecorder client = new ExchangeRecorder();
        try (ExchangePair pair = pair(new ExchangeSettings().name("srv"), server,
            new ExchangeSettings().name("cli").version(7), client))
        {
            assertEquals("srv", client.peerWhoami.name());
            assertEquals("cli", server.peerWhoami.name());
            assertEquals(7, server.peerWhoami.version());
            assertEquals(512, server.peerWhoami.bufferSize());
            final long serverSide = server.readyPeer;
            final UnsafeBuffer hello = text("hello from the dialler");
            final UnsafeBuffer back = text("hello from the listener");
            final long fromClient = pair.call(() -> pair.client.request(pair.clientPeer, 42, hello, 0,
                hello.capacity()));
            final long fromServer = pair.call(() -> pair.server.request(serverSide, 43, back, 0, back.capacity()));
            assertTrue(pair.call(() -> pair.client.post(pair.clientPeer, 44, hello, 0, hello.capacity())) >= 0);
            assertTrue(pair.call(() -> pair.server.post(serverSide, 45, back, 0, back.capacity())) >= 0);
            await("responses both ways", 10_000, () -> client.responses.size() == 1 && server.responses.size() == 1);
            await("posts both ways", 10_000, () -> client.posts.size() == 1 && server.posts.size() == 1);
            assertEquals("42:hello from the dialler", client.responses.get(fromClient));
            assertEquals("43:hello from the listener", server.responses.get(fromServer));
            assertEquals("42:hello from the dialler", server.requests.peek());
            assertEquals("43:hello from the listener", client.requests.peek());
            assertEquals("44:hello from the dialler", server.posts.peek());
            assertEquals("45:hello from the listener", client.posts.peek());
            assertTrue(pair.errors.isEmpty(), pair.errors.toString());
        }
    }

    @Test
    void tenThousandRequestsInFlightOnOneConnection() throws Exception
    {
        final ExchangeRecorder server = new ExchangeRecorder();
        final ExchangeRecorder client = new ExchangeRecorder();
        server.echoRequests = false;
        final List<long[]> held = new ArrayList<>();
        final java.util.concurrent.atomic.AtomicInteger heldCount = new java.util.concurrent.atomic.AtomicInteger();
        final ExchangeRecorder holdingServer = new ExchangeRecorder()
        {
            public void onRequest(final long peer, final long opaque, final long messageId,
                final org.agrona.DirectBuffer data, final int offset, final int length)
            {
                held.add(new long[]{peer, opaque, data.getLong(offset)});
                heldCount.incrementAndGet();
            }
        };
        try (ExchangePair pair = pair(new ExchangeSettings(), holdingServer,
            new ExchangeSettings().sendBufferLength(16 * 1024 * 1024), client))
        {
            final int n = 10_000;
            final long[] opaques = new long[n];
            pair.call(() ->
            {
                final UnsafeBuffer body = new UnsafeBuffer(new byte[8]);
                for (int i = 0; i < n; i++)
                {
                    body.putLong(0, i);
                    opaques[i] = pair.client.request(pair.clientPeer, 1, body, 0, 8);
                }
                return null;
            });
            for (int i = 0; i < n; i++)
            {
                assertTrue(opaques[i] > 0, "request " + i + ": " + ExchangeResult.describe(opaques[i]));
            }
            await("10,000 requests held at the server", 20_000, () -> heldCount.get() == n);
            assertEquals(n, pair.call(() -> pair.client.inFlight(pair.clientPeer)));
            // Answer in reverse order: each response must find its own request by opaque.
            pair.call(() ->
            {
                final UnsafeBuffer body = new UnsafeBuffer(new byte[8]);
                for (int i = n - 1; i >= 0; i--)
                {
                    final long[] h = held.get(i);
                    body.putLong(0, h[2] * 3);
                    pair.server.respond(h[0], h[1], 2, body, 0, 8);
                }
                return null;
            });
            await("10,000 responses", 20_000, () -> client.responseCount.get() == n);
            for (int i = 0; i < n; i++)
            {
                final byte[] expected = new byte[8];
                new UnsafeBuffer(expected).putLong(0, i * 3L);
                assertEquals("2:" + new String(expected, StandardCharsets.UTF_8), client.responses.get(opaques[i]),
                    "response to request " + i);
            }
            assertEquals(0, pair.call(() -> pair.client.inFlight(pair.clientPeer)));
        }
    }

    @Test
    void streamsOpenedFromBothEndsAtOnce() throws Exception
    {
        final ExchangeRecorder server = new ExchangeRecorder();
        final ExchangeRecorder client = new ExchangeRecorder();
        try (ExchangePair pair = pair(new ExchangeSettings(), server, new ExchangeSettings(), client))
        {
            final long serverSide = server.readyPeer;
            final long[] streams = pair.call(() -> new long[]{
                pair.client.openStream(pair.clientPeer, 10, text("c-open"), 0, 6),
                pair.server.openStream(serverSide, 11, text("s-open"), 0, 6)});
            assertTrue(streams[0] > 0 && streams[1] > 0);
            for (int i = 0; i < 3; i++)
            {
                final int k = i;
                pair.call(() -> pair.client.streamSend(pair.clientPeer, streams[0], 10, text("c" + k), 0, 2));
                pair.call(() -> pair.server.streamSend(serverSide, streams[1], 11, text("s" + k), 0, 2));
            }
            await("echoes on both streams", 10_000, () ->
                client.streamEvents.stream().filter(e -> e.startsWith("on mine")).count() == 3 &&
                server.streamEvents.stream().filter(e -> e.startsWith("on mine")).count() == 3);
            assertEquals(List.of("started c-open", "on theirs c0", "on theirs c1", "on theirs c2"),
                server.streamEvents.stream().filter(e -> !e.startsWith("on mine")).toList());
            assertEquals(List.of("on mine c0", "on mine c1", "on mine c2"),
                client.streamEvents.stream().filter(e -> e.startsWith("on mine")).toList());
            assertEquals(List.of("on mine s0", "on mine s1", "on mine s2"),
                server.streamEvents.stream().filter(e -> e.startsWith("on mine")).toList());
            assertTrue(pair.call(() -> pair.client.finish(pair.clientPeer, streams[0])) >= 0);
            assertTrue(pair.call(() -> pair.client.finish(pair.clientPeer, streams[1]))
                >= 0, "the client may finish the stream the server opened");
            await("both streams finished at the server", 10_000, () ->
                server.streamEvents.contains("peer finished theirs") &&
                server.streamEvents.contains("peer finished mine"));
            // Both ends finish (as gofast): each side's opaque is free once the other's finish came back.
            await("both opaques released", 10_000, () ->
            {
                try
                {
                    return pair.call(() -> pair.client.inFlight(pair.clientPeer) + pair.server.inFlight(serverSide)) == 0;
                }
                catch (final Exception ex)
                {
                    throw new IllegalStateException(ex);
                }
            });
            assertTrue(pair.server.counters().finishesIn >= 2 && pair.client.counters().finishesIn >= 1);
            assertEquals(ExchangeResult.UNKNOWN_EXCHANGE,
                pair.call(() -> pair.client.streamSend(pair.clientPeer, streams[0], 10, text("late"), 0, 4)));
        }
    }

    @Test
    void pingIsEchoedAndHeartbeatsArrive() throws Exception
    {
        final ExchangeRecorder server = new ExchangeRecorder();
        final ExchangeRecorder client = new ExchangeRecorder();
        try (ExchangePair pair = pair(new ExchangeSettings().heartbeatPeriodNs(20_000_000), server,
            new ExchangeSettings().heartbeatPeriodNs(20_000_000), client))
        {
            final long opaque = pair.call(() -> pair.client.ping(pair.clientPeer, "are you there"));
            assertTrue(opaque > 0);
            await("pong", 10_000, () -> client.responses.containsKey(opaque));
            assertEquals(GofastWire.MSG_PING + ":\u0000\rare you there", client.responses.get(opaque));
            await("heartbeats both ways", 10_000, () -> pair.server.counters().heartbeatsIn() >= 3 &&
                pair.client.counters().heartbeatsIn() >= 3);
            assertEquals(0, pair.server.counters().malformed());
        }
    }

    @Test
    void compressedBothWaysWithGzipAndLzw() throws Exception
    {
        for (final String tags : new String[]{"gzip", "lzw", "gzip,lzw", "lzw,gzip"})
        {
            final ExchangeRecorder server = new ExchangeRecorder();
            final ExchangeRecorder client = new ExchangeRecorder();
            try (ExchangePair pair = pair(new ExchangeSettings().tags(tags).bufferSize(4096), server,
                new ExchangeSettings().tags(tags).bufferSize(4096), client))
            {
                final String body = "{\"symbol\":\"XYZ\",\"price\":101.25,\"qty\":300}".repeat(40);
                final UnsafeBuffer buffer = text(body);
                final long opaque = pair.call(() -> pair.client.request(pair.clientPeer, 9, buffer, 0,
                    buffer.capacity()));
                assertTrue(opaque > 0, tags + ": " + ExchangeResult.describe(opaque));
                await("compressed echo", 10_000, () -> client.responses.containsKey(opaque));
                assertEquals("9:" + body, client.responses.get(opaque), tags);
                assertTrue(pair.client.counters().bytesOut < body.length(),
                    tags + ": " + pair.client.counters().bytesOut + " bytes out for a " + body.length() +
                    "-byte body: not compressed");
                assertEquals(0, pair.server.counters().malformed(), tags);
            }
        }
    }

    @Test
    void theSeedNumberingAndBatchingWorkEndToEnd() throws Exception
    {
        final ExchangeRecorder server = new ExchangeRecorder();
        final ExchangeRecorder client = new ExchangeRecorder();
        try (ExchangePair pair = pair(new ExchangeSettings().numbering(GofastTags.SEED).batchSize(8)
                .flushPeriodNs(2_000_000), server,
            new ExchangeSettings().numbering(GofastTags.SEED).batchSize(8).flushPeriodNs(2_000_000), client))
        {
            final UnsafeBuffer body = text("batched");
            final long[] opaques = pair.call(() ->
            {
                final long[] o = new long[20];
                for (int i = 0; i < o.length; i++)
                {
                    o[i] = pair.client.request(pair.clientPeer, 3, body, 0, body.capacity());
                }
                return o;
            });
            await("20 batched responses (the last 4 by the flush period)", 10_000,
                () -> client.responseCount.get() == 20);
            for (final long opaque : opaques)
            {
                assertTrue(opaque >= 10_000 && opaque <= 32_999, "seed numbering's dialling range: " + opaque);
                assertEquals("3:batched", client.responses.get(opaque));
            }
            assertTrue(pair.client.counters().framesOut >= 21);
        }
    }
}
