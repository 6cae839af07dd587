package io.boomscooter.engine.exchange;

import io.boomscooter.engine.AgentHarness;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.boomscooter.engine.exchange.ExchangePair.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input from a peer closes that connection with a reason and a counter, never the endpoint: garbage, a
 * truncated frame, an oversized packet; an unknown message id is dropped and counted; a silent peer is closed; a
 * peer that stops answering fails the requests waiting on it. After each, a well-formed peer is still served.
 */
class ExchangeHostileInputTest
{
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    private static final class Registered implements ExchangeMessage
    {
        public long id()
        {
            return 5;
        }

        public int encode(final MutableDirectBuffer buffer, final int offset, final int limit)
        {
            return 0;
        }

        public boolean decode(final DirectBuffer buffer, final int offset, final int length)
        {
            return true;
        }
    }

    @Test
    void badInputClosesOnlyThatConnectionWithAReason() throws Exception
    {
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final ExchangeRecorder recorder = new ExchangeRecorder();
        final ExchangeEndpoint server = new ExchangeEndpoint(new ExchangeSettings().silenceTimeoutNs(1_000_000_000L),
            recorder, "127.0.0.1", 0, errors::add);
        recorder.endpoint = server;
        server.register(new Registered());
        try (AgentHarness runner = new AgentHarness(server))
        {
            final int port = server.port();

            try (RawGofastPeer garbage = RawGofastPeer.connect(port))
            {
                garbage.send("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertTrue(garbage.closedByPeer());
            }
            await("garbage counted", 5_000, () -> server.counters().malformed() == 1);

            try (RawGofastPeer oversized = RawGofastPeer.connect(port))
            {
                // d9 d9 f7 c6, then a byte string head of 100,000 bytes: beyond the 512 announced.
                oversized.send(new byte[]{(byte)0xd9, (byte)0xd9, (byte)0xf7, (byte)0xc6, 0x5a, 0, 1, (byte)0x86,
                    (byte)0xa0});
                assertTrue(oversized.closedByPeer());
            }
            await("oversized counted", 5_000, () -> server.counters().malformed() == 2);

            try (RawGofastPeer badHeader = RawGofastPeer.connect(port))
            {
                badHeader.handshake();
                final byte[] post = badHeader.frame(GofastWire.POST, 300, 5, HELLO);
                post[post.length - 1] = 0x00; // the message header's closing ff
                badHeader.send(post);
                assertTrue(badHeader.closedByPeer());
            }
            await("bad header counted", 5_000, () -> server.counters().malformed() == 3);

            try (RawGofastPeer truncated = RawGofastPeer.connect(port))
            {
                final byte[] post = truncated.frame(GofastWire.POST, 300, 5, HELLO);
                truncated.send(java.util.Arrays.copyOf(post, post.length - 3));
            }
            await("truncated frame reported", 5_000, () ->
                recorder.closed.stream().anyMatch(r -> r.startsWith("PEER_CLOSED_MID_FRAME")));

            try (RawGofastPeer unknown = RawGofastPeer.connect(port))
            {
                unknown.handshake();
                unknown.send(unknown.frame(GofastWire.POST, 300, 77, HELLO));
                unknown.send(unknown.frame(GofastWire.REQUEST, 301, 5, HELLO));
                final GofastPacketReader answer = unknown.read();
                assertEquals(5, answer.messageId, "the connection carries on after an unknown id");
                assertEquals(301, answer.opaque);
                assertEquals(1, server.counters().unknownIds());
                assertEquals(List.of("5:hello"), List.copyOf(recorder.requests));
                assertTrue(recorder.posts.isEmpty());
            }

            try (RawGofastPeer silent = RawGofastPeer.connect(port))
            {
                assertTrue(silent.closedByPeer());
                await("silent peer counted", 5_000, () -> server.counters().peersClosedSilent() == 1);
            }
            assertEquals(3, server.counters().malformed());
            assertTrue(errors.stream().anyMatch(e -> e.getMessage().contains(GofastFramer.BAD_PREFIX)), errors.toString());
            assertTrue(errors.stream().anyMatch(e -> e.getMessage().contains(GofastFramer.TOO_LONG)));
            assertTrue(errors.stream().anyMatch(e -> e.getMessage().contains(GofastPacketReader.BAD_HEADER)));
        }
    }

    @Test
    void aPeerThatStopsAnsweringFailsItsPendingRequests() throws Exception
    {
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final ExchangeRecorder recorder = new ExchangeRecorder();
        final ExchangeEndpoint client = new ExchangeEndpoint(new ExchangeSettings().silenceTimeoutNs(300_000_000L)
            .heartbeatPeriodNs(50_000_000L), recorder, null, 0, errors::add);
        recorder.endpoint = client;
        try (ServerSocket listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
            AgentHarness runner = new AgentHarness(client))
        {
            final long peer = runner.call(() -> client.connect(
                new java.net.InetSocketAddress("127.0.0.1", listener.getLocalPort())));
            try (Socket accepted = listener.accept(); RawGofastPeer frozen = new RawGofastPeer(accepted))
            {
                frozen.handshake();
                // It answers our whoami, then asks its own and never answers anything again.
                frozen.send(frozen.frame(GofastWire.REQUEST, 400, GofastWire.MSG_WHOAMI, new byte[]{0, 0, 0, 0, 0,
                    0, 0, 0, 2, 0, 0, 0}));
                await("ready", 5_000, () -> recorder.readyPeer == peer);
                final long opaque = runner.call(() -> client.request(peer, 9, new org.agrona.concurrent.UnsafeBuffer(
                    HELLO), 0, HELLO.length));
                assertTrue(opaque > 0);
                await("request failed after the silence", 5_000, () -> !recorder.failed.isEmpty());
                assertEquals(opaque + " CLOSED_BY_APPLICATION", recorder.failed.peek());
                assertEquals(1, client.counters().peersClosedSilent());
                assertTrue(frozen.closedByPeer());
            }
        }
    }
}
