package io.boomscooter.engine.subscriber;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static io.boomscooter.engine.subscriber.SubscriberTestSupport.LOG_ID;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.Server;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.TestLog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Speaks the TCP subscriber protocol with frames built and parsed by hand from the byte offsets in
 * docs/subscriber-protocol.md and docs/tcp-transport.md: no generated codec, no Boomscooter client class.
 */
class SubscriberHandEncodedTcpTest
{
    @TempDir
    Path tmp;

    @Test
    void subscribeReceiveRefillAndCompleteFromTheDocumentAlone() throws IOException
    {
        try (TestLog log = new TestLog(tmp, LOG_ID, 64 * 1024); Server server = Server.tcp(log);
            SocketChannel socket = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.agent.tcpPort())))
        {
            for (int i = 1; i <= 50; i++)
            {
                log.append(i % 2 == 0 ? "even.x" : "odd.x", 16);
            }
            log.commit.set(50);
            socket.socket().setSoTimeout(10_000);

            // Subscribe: header + 67-byte block + three empty strings
            final byte[] prefix = "even.".getBytes(StandardCharsets.UTF_8);
            final ByteBuffer subscribe = frame(8 + 67 + 1 + prefix.length + 1 + 1);
            header(subscribe, 67, 1, 104);
            subscribe.putShort((short)1);            // 0 protocolVersion
            subscribe.putLong(4242);                 // 2 correlationId
            subscribe.putInt(LOG_ID);                // 10 logId
            subscribe.put((byte)0);                  // 14 mode FULL
            subscribe.putLong(1);                    // 15 startSeqno
            subscribe.putLong(50);                   // 23 endSeqno
            subscribe.putLong(-1);                   // 31 maxCount
            subscribe.putLong(-1);                   // 39 maxBytes
            subscribe.putLong(10);                   // 47 initialCredit
            subscribe.putLong(0);                    // 55 notifyIntervalMs
            subscribe.putInt(0);                     // 63 responseStreamId
            subscribe.put((byte)prefix.length).put(prefix); // channelPrefix
            subscribe.put((byte)0);                  // credentials
            subscribe.put((byte)0);                  // responseChannel
            send(socket, subscribe);

            ByteBuffer message = read(socket);
            assertHeader(message, 2, 104);
            assertEquals(4242, message.getLong(8));                 // correlationId
            assertEquals(LOG_ID, message.getInt(8 + 8));            // logId
            assertEquals(0, message.get(8 + 12));                   // status OK
            assertEquals(1, message.getLong(8 + 13));               // earliestSeqno
            assertEquals(50, message.getLong(8 + 21));              // commitSeqno

            long expected = 2;
            for (int i = 0; i < 10; i++)
            {
                expected = assertEntry(read(socket), expected);
            }
            assertEquals(22, expected, "ten even entries on ten credits");

            final ByteBuffer refill = frame(8 + 20);
            header(refill, 20, 4, 104);
            refill.putLong(4242).putInt(LOG_ID).putLong(100);
            send(socket, refill);
            for (int i = 0; i < 15; i++)
            {
                expected = assertEntry(read(socket), expected);
            }
            assertEquals(52, expected);

            message = read(socket);
            assertHeader(message, 6, 104);
            assertEquals(4242, message.getLong(8));
            assertEquals(50, message.getLong(8 + 12));              // lastSeqno
            assertEquals(25, message.getLong(8 + 20));              // delivered
            assertEquals(0, message.get(8 + 28));                   // END_SEQNO

            // a malformed request: a Refill cut short. The node answers MALFORMED and closes.
            final ByteBuffer broken = frame(8 + 4);
            header(broken, 20, 4, 104);
            broken.putInt(1);
            send(socket, broken);
            message = read(socket);
            assertHeader(message, 2, 104);
            assertEquals(5, message.get(8 + 12));                   // MALFORMED
            final int textLength = message.get(8 + 29) & 0xFF;
            assertTrue(textLength > 0, "a reason");
            assertEquals(-1, socket.read(ByteBuffer.allocate(1)), "closed by the node");
        }
    }

    private static long assertEntry(final ByteBuffer m, final long expectedSeqno)
    {
        assertHeader(m, 3, 104);
        final int blockLength = m.getShort(0) & 0xFFFF;
        assertEquals(LOG_ID, m.getInt(8));
        assertEquals(expectedSeqno, m.getLong(8 + 4));
        assertEquals(expectedSeqno * 10, m.getLong(8 + 12));     // timestampNs written by the test log
        assertEquals(99, m.getLong(8 + 20));                     // producerId
        int position = 8 + blockLength;
        final int channelLength = m.get(position) & 0xFF;
        final byte[] channel = new byte[channelLength];
        m.position(position + 1);
        m.get(channel);
        assertEquals("even.x", new String(channel, StandardCharsets.UTF_8));
        position += 1 + channelLength;
        final int keyLength = m.getInt(position);
        position += 4 + keyLength;
        final int payloadLength = m.getInt(position);
        assertEquals(m.limit(), position + 4 + payloadLength, "payload ends the message");
        assertEquals(expectedSeqno, m.getLong(position + 4), "payload starts with the seqno");
        return expectedSeqno + 2;
    }

    private static ByteBuffer frame(final int messageLength)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(4 + messageLength).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(messageLength);
        return buffer;
    }

    private static void header(final ByteBuffer buffer, final int blockLength, final int templateId, final int schemaId)
    {
        buffer.putShort((short)blockLength).putShort((short)templateId).putShort((short)schemaId).putShort((short)1);
    }

    private static void assertHeader(final ByteBuffer message, final int templateId, final int schemaId)
    {
        assertEquals(templateId, message.getShort(2) & 0xFFFF, "templateId");
        assertEquals(schemaId, message.getShort(4) & 0xFFFF, "schemaId");
        assertEquals(1, message.getShort(6) & 0xFFFF, "version");
    }

    private static void send(final SocketChannel socket, final ByteBuffer frame) throws IOException
    {
        frame.flip();
        while (frame.hasRemaining())
        {
            socket.write(frame);
        }
    }

    /** Reads one frame (blocking, with the socket's read timeout): a length, then that many bytes. */
    private static ByteBuffer read(final SocketChannel socket) throws IOException
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
        final java.io.InputStream in = socket.socket().getInputStream();
        while (buffer.hasRemaining())
        {
            final int b = in.read();
            assertTrue(b >= 0, "end of stream");
            buffer.put((byte)b);
        }
    }
}
