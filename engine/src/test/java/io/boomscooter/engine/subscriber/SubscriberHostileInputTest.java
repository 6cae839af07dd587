package io.boomscooter.engine.subscriber;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import static io.boomscooter.engine.subscriber.SubscriberTestSupport.LOG_ID;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.Server;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.TestLog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests a subscriber written from docs/subscriber-protocol.md alone may send that the node must refuse
 * with the documented MALFORMED reply (not a silent close), and the documented SHUTDOWN drop when the node
 * stops. Frames are built by hand, byte for byte.
 */
class SubscriberHostileInputTest
{
    private static final int SUBSCRIBER_SCHEMA_ID = 104;

    @TempDir
    Path tmp;

    @Test
    void unknownModeIsRefusedMalformedWithAReason() throws IOException
    {
        for (final int mode : new int[]{ 2, 7, 254 })
        {
            try (TestLog log = new TestLog(tmp.resolve("m" + mode), LOG_ID, 64 * 1024); Server server = Server.tcp(log);
                SocketChannel socket = connect(server))
            {
                send(socket, subscribe(77, mode, new byte[0]));
                final ByteBuffer response = read(socket);
                assertResponse(response, 77, 5, "unknown mode");
                assertEquals(-1, socket.read(ByteBuffer.allocate(1)), "closed by the node after the reply");
                assertEquals(1, server.counters.malformed.get(), "counted");
            }
        }
    }

    @Test
    void channelPrefixOf255BytesIsRefusedAnd254Accepted() throws IOException
    {
        try (TestLog log = new TestLog(tmp, LOG_ID, 64 * 1024); Server server = Server.tcp(log))
        {
            log.append("x", 8);
            log.commit.set(1);
            final byte[] longest = new byte[254];
            Arrays.fill(longest, (byte)'a');
            try (SocketChannel socket = connect(server))
            {
                send(socket, subscribe(1, 0, longest));
                assertResponse(read(socket), 1, 0, "");
            }
            final byte[] tooLong = new byte[255];
            Arrays.fill(tooLong, (byte)'a');
            try (SocketChannel socket = connect(server))
            {
                send(socket, subscribe(2, 0, tooLong));
                assertResponse(read(socket), 2, 5, "channelPrefix longer than 254 bytes");
                assertEquals(-1, socket.read(ByteBuffer.allocate(1)), "closed by the node after the reply");
            }
        }
    }

    @Test
    void openSubscriptionsAreToldShutdownWhenTheNodeStops() throws IOException
    {
        try (TestLog log = new TestLog(tmp, LOG_ID, 64 * 1024))
        {
            log.append("x", 8);
            log.commit.set(1);
            final Server server = Server.tcp(log);
            try (SocketChannel socket = connect(server))
            {
                send(socket, subscribe(9, 0, new byte[0]));
                assertResponse(read(socket), 9, 0, "");
                final ByteBuffer entry = read(socket);
                assertEquals(3, entry.getShort(2) & 0xFFFF, "the committed entry");
                server.close(); // the agent's onClose, as when the node stops

                final ByteBuffer dropped = read(socket);
                assertEquals(8, dropped.getShort(2) & 0xFFFF, "Dropped");
                assertEquals(9, dropped.getLong(8));                    // correlationId
                assertEquals(LOG_ID, dropped.getInt(8 + 8));             // logId
                assertEquals(3, dropped.get(8 + 12));                    // SHUTDOWN
                assertEquals(1, dropped.getLong(8 + 13));                // lastSeqno delivered
                assertEquals(-1, socket.read(ByteBuffer.allocate(1)), "then the end of the stream");
            }
        }
    }

    /** Subscribe: header + 67-byte block + channelPrefix, empty credentials and responseChannel. */
    static ByteBuffer subscribe(final long correlationId, final int mode, final byte[] prefix)
    {
        return subscribe(correlationId, mode, prefix, "", 0);
    }

    /** Subscribe with a response channel (Aeron subscribers). */
    static ByteBuffer subscribe(final long correlationId, final int mode, final byte[] prefix,
        final String responseChannel, final int responseStreamId)
    {
        final byte[] channel = responseChannel.getBytes(StandardCharsets.US_ASCII);
        final int length = 8 + 67 + 1 + prefix.length + 1 + 1 + channel.length;
        final ByteBuffer b = ByteBuffer.allocate(4 + length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(length);
        b.putShort((short)67).putShort((short)1).putShort((short)SUBSCRIBER_SCHEMA_ID).putShort((short)1);
        b.putShort((short)1);          // 0 protocolVersion
        b.putLong(correlationId);      // 2
        b.putInt(LOG_ID);              // 10
        b.put((byte)mode);             // 14 mode
        b.putLong(1);                  // 15 startSeqno
        b.putLong(-1);                 // 23 endSeqno
        b.putLong(-1);                 // 31 maxCount
        b.putLong(-1);                 // 39 maxBytes
        b.putLong(100);                // 47 initialCredit
        b.putLong(0);                  // 55 notifyIntervalMs
        b.putInt(responseStreamId);    // 63 responseStreamId
        b.put((byte)prefix.length).put(prefix);
        b.put((byte)0);
        b.put((byte)channel.length).put(channel);
        return b;
    }

    private static void assertResponse(final ByteBuffer m, final long correlationId, final int status,
        final String text)
    {
        assertEquals(2, m.getShort(2) & 0xFFFF, "SubscribeResponse");
        assertEquals(SUBSCRIBER_SCHEMA_ID, m.getShort(4) & 0xFFFF);
        assertEquals(correlationId, m.getLong(8));
        assertEquals(status, m.get(8 + 12), "status");
        final int blockLength = m.getShort(0) & 0xFFFF;
        final int textLength = m.get(8 + blockLength) & 0xFF;
        final byte[] bytes = new byte[textLength];
        m.position(8 + blockLength + 1);
        m.get(bytes);
        assertEquals(text, new String(bytes, StandardCharsets.UTF_8));
    }

    private static SocketChannel connect(final Server server) throws IOException
    {
        final SocketChannel socket = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.agent.tcpPort()));
        socket.socket().setSoTimeout(10_000);
        return socket;
    }

    private static void send(final SocketChannel socket, final ByteBuffer frame) throws IOException
    {
        frame.flip();
        while (frame.hasRemaining())
        {
            socket.write(frame);
        }
    }

    /** Reads one frame (blocking, bounded by the socket's 10 s read timeout). */
    static ByteBuffer read(final SocketChannel socket) throws IOException
    {
        final ByteBuffer length = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        readFully(socket, length);
        final int messageLength = length.getInt(0);
        assertTrue(messageLength >= 8 && messageLength <= 65536, "frame length " + messageLength);
        final ByteBuffer message = ByteBuffer.allocate(messageLength).order(ByteOrder.LITTLE_ENDIAN);
        readFully(socket, message);
        message.flip();
        return message;
    }

    private static void readFully(final SocketChannel socket, final ByteBuffer buffer) throws IOException
    {
        final InputStream in = socket.socket().getInputStream();
        while (buffer.hasRemaining())
        {
            final int b = in.read();
            assertTrue(b >= 0, "end of stream");
            buffer.put((byte)b);
        }
    }
}
