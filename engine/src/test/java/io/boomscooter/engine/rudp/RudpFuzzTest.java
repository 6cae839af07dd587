package io.boomscooter.engine.rudp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.boomscooter.engine.FuzzSupport;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;

import static io.boomscooter.engine.FuzzSupport.boundedAllocation;
import static io.boomscooter.engine.FuzzSupport.bytes;
import static io.boomscooter.engine.FuzzSupport.chunk;
import static io.boomscooter.engine.FuzzSupport.concat;
import static io.boomscooter.engine.FuzzSupport.check;

/**
 * Fuzz targets for reliable-UDP datagrams (docs/fuzzing.md): the packet header and sync messages on their own, a
 * receive stream fed packets and syncs in any order, and whole datagrams through a real {@link RudpEndpoint} on
 * loopback, without a key and with one (where arbitrary bytes must all be refused, and bytes the harness seals with
 * the key reach the header and stream code).
 */
@ExtendWith(FuzzSupport.RegressionTimeout.class)
class RudpFuzzTest
{
    private static final byte[] KEY = new byte[32];
    private static final int MAX_MESSAGE = 1024;
    private static final int HORIZON = 8;
    private static final int NONCE = 12;
    private static final int TAG = 16;
    private static final int MAX_DATAGRAMS = 16;

    static
    {
        for (int i = 0; i < KEY.length; i++)
        {
            KEY[i] = (byte)(i * 7 + 1);
        }
    }

    private static DatagramChannel sender;

    private final RudpHeader header = new RudpHeader();
    private final RudpSync sync = new RudpSync();
    private final RudpAesGcm aes = new RudpAesGcm(KEY);
    private final ByteBuffer datagram = ByteBuffer.allocate(2048);
    private final ByteBuffer drain = ByteBuffer.allocate(2048);

    /**
     * {@link RudpHeader#decode} at offset 1 of the input (byte 0 picks the end: the input's end or a few bytes less),
     * then the sync decoder its kind calls for ({@link RudpSync#decodeRecvSync}, {@link RudpSync#decodeSendSync}):
     * the payload and the NAK list lie inside the packet.
     */
    @FuzzTest(maxDuration = "30s")
    void header(final byte[] input)
    {
        if (input.length < 1)
        {
            return;
        }
        final int end = Math.max(1, input.length - (input[0] & 7));
        final UnsafeBuffer buffer = FuzzSupport.exact(input);
        boundedAllocation(input.length, "RudpHeader and RudpSync decode", () ->
        {
            if (!header.decode(buffer, 1, end))
            {
                check(null != header.error, "refused without a reason");
                return;
            }
            if (!(header.payloadOffset >= 1 && header.payloadOffset <= end))
            {
                throw new AssertionError("payload offset " + header.payloadOffset);
            }
            if (header.kind == RudpHeader.KIND_SEQUENCED && header.firstMessageOffset != RudpHeader.NO_MESSAGE_START)
            {
                check(header.payloadOffset + header.firstMessageOffset <= end, "first message past the end");
            }
            if (sync.decodeRecvSync(buffer, header.payloadOffset, end))
            {
                check(sync.nakCount >= 0 && sync.naksOffset + 8L * sync.nakCount <= end, "NAKs past the end");
                for (int i = 0; i < sync.nakCount; i++)
                {
                    sync.nak(buffer, i);
                }
            }
            sync.decodeSendSync(buffer, header.payloadOffset, end);
        });
    }

    /**
     * One sequenced stream's receiving side ({@link RudpReceiveStream#onPacket}, {@link RudpReceiveStream#onSendSync},
     * {@link RudpReceiveStream#collectNaks}) driven by operations read from the input: packets with any number, first
     * message offset (as a decoded header allows) and payload; send syncs with any high and low water marks (as
     * {@link RudpSync#decodeSendSync} allows); NAK collection; a sender restart. Messages delivered lie inside their
     * buffer and within the maximum length.
     */
    @FuzzTest(maxDuration = "30s")
    void receiveStream(final byte[] input)
    {
        final FuzzSupport.Input in = new FuzzSupport.Input(input);
        final RudpReceiveStream stream = new RudpReceiveStream(0, 1, HORIZON, new RudpBufferPool(4, 2048),
            MAX_MESSAGE, new RudpCounters());
        final RudpReceiveStream.Delivery delivery = (peer, streamId, buffer, offset, length) ->
        {
            if (!(length >= 0 && length <= MAX_MESSAGE && offset >= 0 && offset + length <= buffer.capacity()))
            {
                throw new AssertionError("delivered [" + offset + ", +" + length + ") of " + buffer.capacity());
            }
        };
        final long[] naks = new long[HORIZON];
        long tick = 0;
        for (int ops = 0; ops < 64 && in.remaining() > 0; ops++)
        {
            final int op = in.u8();
            switch (op & 3)
            {
                case 0:
                {
                    final long number = (op & 4) != 0 ? in.i64() : stream.expected + (byte)in.u8();
                    final byte[] payload = in.chunk(1400);
                    int first = in.u16();
                    if (first != RudpHeader.NO_MESSAGE_START && first > payload.length)
                    {
                        first = first % (payload.length + 1); // RudpHeader.decode refuses an offset past the payload
                    }
                    stream.onPacket(new UnsafeBuffer(payload), 0, payload.length, first, number, tick, delivery);
                    break;
                }
                case 1:
                {
                    final long high = (op & 4) != 0 ? in.i64() : stream.expected + (byte)in.u8();
                    final long low = (op & 8) != 0 ? in.i64() : stream.expected + (byte)in.u8();
                    if (Long.compareUnsigned(low, high) <= 0) // what RudpSync.decodeSendSync lets through
                    {
                        stream.onSendSync(high, low, tick, delivery);
                    }
                    break;
                }
                case 2:
                {
                    final int n = stream.collectNaks(naks, naks.length, tick++, 2);
                    if (!(n >= 0 && n <= naks.length))
                    {
                        throw new AssertionError("collectNaks " + n);
                    }
                    break;
                }
                default:
                    if ((op & 4) != 0)
                    {
                        stream.reset();
                    }
                    tick++;
                    break;
            }
        }
    }

    /**
     * Whole datagrams, no key: byte 0 is ignored, then up to 16 datagrams as u16 length and bytes, sent over
     * loopback to a fresh {@link RudpEndpoint} that has the sender as a peer with two send streams open (so RECV_SYNC
     * NAKs ask it to resend). Whatever arrives: no exception, no error reported, delivered messages inside their
     * buffers.
     */
    @FuzzTest(maxDuration = "30s")
    void datagram(final byte[] input)
    {
        datagrams(input, false);
    }

    /**
     * Whole datagrams with a key: byte 0 bit 0 clear sends the bytes as they are, which must all be refused
     * (version, length or tag; nothing delivered); set, the harness seals each as the endpoint's peer would
     * (version 0, a fresh nonce, AES-256-GCM with the shared key), so the fuzzer reaches the header and stream code
     * behind the decryption.
     */
    @FuzzTest(maxDuration = "30s")
    void datagramWithKey(final byte[] input)
    {
        datagrams(input, true);
    }

    private void datagrams(final byte[] input, final boolean keyed)
    {
        final FuzzSupport.Input in = new FuzzSupport.Input(input);
        final boolean seal = keyed && in.bool();
        final int[] delivered = {0};
        final Throwable[] error = {null};
        final RudpSettings settings = new RudpSettings()
            .bindV4(new InetSocketAddress("127.0.0.1", 0))
            .receiveHorizon(64)
            .receiveBuffers(16)
            .maxMessageLength(4096)
            .sendWindow(16)
            .key(keyed ? KEY : null);
        final RudpEndpoint endpoint = new RudpEndpoint(settings, (peer, streamId, buffer, offset, length) ->
        {
            if (!(offset >= 0 && length >= 0 && offset + length <= buffer.capacity()))
            {
                throw new AssertionError("delivered [" + offset + ", +" + length + ") of " + buffer.capacity());
            }
            delivered[0]++;
        }, ex -> error[0] = ex);
        try
        {
            final DatagramChannel out = sender();
            final InetSocketAddress to = endpoint.localV4();
            final int peer = endpoint.addPeer((InetSocketAddress)out.getLocalAddress());
            endpoint.openStream(peer, 1, RudpReliability.RELIABLE);
            endpoint.openStream(peer, 2, RudpReliability.RELIABLE);
            final UnsafeBuffer message = new UnsafeBuffer(new byte[100]);
            for (int i = 0; i < 3; i++)
            {
                endpoint.offer(peer, 1, message, 0, message.capacity());
            }
            endpoint.doWork();
            final long before = endpoint.counters().packetsReceived;
            int sent = 0;
            long counter = 1;
            while (sent < MAX_DATAGRAMS && in.remaining() > 0)
            {
                final byte[] bytes = in.chunk(1400);
                datagram.clear();
                if (seal)
                {
                    final byte[] sealed = new byte[1 + NONCE + bytes.length + TAG];
                    final UnsafeBuffer view = new UnsafeBuffer(sealed);
                    view.putInt(1, 1, ByteOrder.BIG_ENDIAN);
                    view.putLong(5, counter++, ByteOrder.BIG_ENDIAN);
                    System.arraycopy(bytes, 0, sealed, 1 + NONCE, bytes.length);
                    aes.encrypt(sealed, 1, 1 + NONCE, bytes.length);
                    datagram.put(sealed);
                }
                else
                {
                    datagram.put(bytes);
                }
                datagram.flip();
                if (out.send(datagram, to) > 0 || !datagram.hasRemaining())
                {
                    sent++;
                }
            }
            for (int spins = 0; spins < 100 && endpoint.counters().packetsReceived - before < sent; spins++)
            {
                endpoint.doWork();
            }
            endpoint.doWork();
            if (keyed && !seal)
            {
                check(delivered[0] == 0, "a datagram not sealed with the key was delivered");
                final RudpCounters c = endpoint.counters();
                if (!(c.droppedVersion + c.droppedDecrypt + c.droppedMalformed ==
                    endpoint.counters().packetsReceived - before))
                {
                    throw new AssertionError("a datagram not sealed with the key got past " +
                        "the decryption");
                }
            }
            if (null != error[0])
            {
                throw new AssertionError("the endpoint reported an error", error[0]);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        finally
        {
            endpoint.onClose();
            drainSender();
        }
    }

    /**
     * Writes the seed inputs of these targets (docs/fuzzing.md), with {@link RudpHeader#encode} and the sync writers.
     */
    @Test
    @EnabledIfSystemProperty(named = FuzzSupport.WRITE_SEEDS_PROPERTY, matches = "true")
    void writeSeeds()
    {
        final Class<?> c = RudpFuzzTest.class;
        final UnsafeBuffer b = new UnsafeBuffer(new byte[2048]);
        // a sequenced packet carrying one whole message and the start of another
        int at = RudpHeader.encode(b, 0, RudpHeader.KIND_SEQUENCED, 0, 0, 1, 0, 0);
        b.putInt(at, 5, ByteOrder.BIG_ENDIAN);
        b.putStringWithoutLengthAscii(at + 4, "hello");
        b.putInt(at + 9, 10, ByteOrder.BIG_ENDIAN);
        b.putStringWithoutLengthAscii(at + 13, "part");
        final byte[] sequenced = bytes(b, at + 17);
        // the next packet: the rest of the message, no new message starts in it
        at = RudpHeader.encode(b, 0, RudpHeader.KIND_SEQUENCED, 0, 0, 1, RudpHeader.NO_MESSAGE_START, 1);
        b.putStringWithoutLengthAscii(at, "-two!");
        final byte[] continuation = bytes(b, at + 5);
        at = RudpHeader.encode(b, 0, RudpHeader.KIND_FIRE_AND_FORGET, 0, 0, 0, 0, 0);
        b.putInt(at, 3, ByteOrder.BIG_ENDIAN);
        b.putStringWithoutLengthAscii(at + 4, "f&f");
        final byte[] fireAndForget = bytes(b, at + 7);
        at = RudpHeader.encode(b, 0, RudpHeader.KIND_RECV_SYNC, 0, 0, 1, 0, 0);
        at += RudpSync.encodeRecvSyncStart(b, at, 3, 0, 1, 2);
        b.putLong(at, 1, ByteOrder.BIG_ENDIAN);
        b.putLong(at + 8, 2, ByteOrder.BIG_ENDIAN);
        final byte[] recvSync = bytes(b, at + 16);
        at = RudpHeader.encode(b, 0, RudpHeader.KIND_SEND_SYNC, 0, 0, 1, 0, 0);
        at += RudpSync.encodeSendSync(b, at, 2, 0);
        final byte[] sendSync = bytes(b, at);
        final byte[] ping = bytes(b, RudpHeader.encode(b, 0, RudpHeader.KIND_PING, 0, 0, 0, 0, 0));

        FuzzSupport.writeSeed(c, "header", "sequenced", concat(new byte[]{0}, sequenced));
        FuzzSupport.writeSeed(c, "header", "recv-sync", concat(new byte[]{0}, recvSync));
        FuzzSupport.writeSeed(c, "header", "send-sync", concat(new byte[]{0}, sendSync));
        FuzzSupport.writeSeed(c, "header", "ping-cut-short", concat(new byte[]{3}, ping));
        FuzzSupport.writeSeed(c, "header", "ipv6-reply-to", new byte[]{0, 0x01 | 0x04, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0,
            0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 0, 80, 0, 0, 0, 0});

        // receiveStream ops: packet 0 (first message offset 0), packet 2 ahead of a gap, a NAK round, packet 1
        final byte[] p0 = {0, 0, 0, 0, 3, 'a', 'b', 'c', 0, 0, 0, 6, 'd', 'e'};
        final byte[] p1 = {'f', 'g', 'h', 'i'};
        final byte[] p2 = {0, 0, 0, 1, 'z'};
        FuzzSupport.writeSeed(c, "receiveStream", "in-order-gap-repair", concat(
            new byte[]{0, 0}, chunk(p0), new byte[]{0, 0},
            new byte[]{0, 1}, chunk(p2), new byte[]{0, 0},
            new byte[]{2, 2},
            new byte[]{0, 0}, chunk(p1), new byte[]{(byte)0xff, (byte)0xff}));
        FuzzSupport.writeSeed(c, "receiveStream", "send-sync-skips-a-gap", concat(
            new byte[]{0, 1}, chunk(p2), new byte[]{0, 0},
            new byte[]{1, 3, 2}));
        FuzzSupport.writeSeed(c, "receiveStream", "restart", new byte[]{0, 0, 1, 0, 'x', 0, 0, 7});

        final byte[] version = {RudpHeader.VERSION};
        FuzzSupport.writeSeed(c, "datagram", "each-kind", concat(new byte[]{0},
            chunk(concat(version, sequenced)), chunk(concat(version, continuation)),
            chunk(concat(version, fireAndForget)), chunk(concat(version, recvSync)), chunk(concat(version, sendSync)),
            chunk(concat(version, ping))));
        FuzzSupport.writeSeed(c, "datagram", "wrong-version", concat(new byte[]{0}, chunk(concat(new byte[]{1},
            ping))));
        // with a key: bit 0 set, the harness seals each plaintext (version byte, nonce and tag added)
        FuzzSupport.writeSeed(c, "datagramWithKey", "sealed-each-kind", concat(new byte[]{1}, chunk(sequenced),
            chunk(continuation), chunk(fireAndForget), chunk(recvSync), chunk(sendSync), chunk(ping)));
        FuzzSupport.writeSeed(c, "datagramWithKey", "unsealed", concat(new byte[]{0}, chunk(concat(version,
            new byte[NONCE], sequenced, new byte[TAG]))));
    }

    private static synchronized DatagramChannel sender() throws IOException
    {
        if (null == sender)
        {
            sender = DatagramChannel.open();
            sender.bind(new InetSocketAddress("127.0.0.1", 0));
            sender.configureBlocking(false);
        }
        return sender;
    }

    private void drainSender()
    {
        try
        {
            while (null != sender && null != sender.receive(drain.clear()))
            {
                // answers (pings, syncs, resends) the endpoint sent back: not looked at
            }
        }
        catch (final IOException ignore)
        {
            // a port-unreachable from an earlier endpoint, closed since
        }
    }
}
