package io.boomscooter.engine.subscriber;

import io.boomscooter.driver.tcp.TcpTransportPoller;
import io.boomscooter.engine.auth.CredentialsWatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import static io.boomscooter.engine.subscriber.SubscriberAuthTest.KEY_1;
import static io.boomscooter.engine.subscriber.SubscriberAuthTest.hex;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.LOG_ID;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.Server;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.TestLog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The authentication handshake over TCP with frames built and parsed by hand from the byte offsets in
 * docs/subscriber-protocol.md ("Authentication") and the JDK's HMAC: the documented proof is accepted, and a proof
 * bound to another session, one replayed from an earlier challenge and one without a challenge are refused.
 */
class SubscriberAuthHandEncodedTest
{
    private static final int AUTH_REQUEST = 9;
    private static final int AUTH_CHALLENGE = 10;
    private static final int AUTH_PROOF = 11;
    private static final int AUTH_RESULT = 12;
    private static final int OK = 0;
    private static final int UNKNOWN_PRINCIPAL = 1;
    private static final int BAD_PROOF = 2;
    private static final int NO_CHALLENGE = 3;

    @TempDir
    Path tmp;

    @Test
    void theDocumentedHandshakeIsAcceptedAndItsBindingsHold() throws IOException
    {
        final Path file = tmp.resolve("credentials");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, "alice = " + hex(KEY_1) + "\n", StandardCharsets.UTF_8);
        try (CredentialsWatcher watcher = new CredentialsWatcher(file, 3_600_000, Throwable::printStackTrace);
            TestLog log = new TestLog(tmp.resolve("log"), LOG_ID, 64 * 1024);
            Server server = new Server(new SubscriberAgent.Context()
                .tcp(new TcpTransportPoller.Context().host("127.0.0.1").port(0))
                .credentialsWatcher(watcher).logSource(log)))
        {
            log.appendAndCommit(3, 1);

            // the documented handshake, then a Subscribe is served
            try (SocketChannel socket = connect(server))
            {
                final Challenge challenge = requestChallenge(socket, 42);
                sendProof(socket, 42, "alice", KEY_1, challenge.nonce, challenge.sessionId, 42, 1);
                assertResult(read(socket), 42, OK);
                send(socket, subscribe(7, 3));
                final ByteBuffer response = read(socket);
                assertEquals(2, response.getShort(2), "SubscribeResponse");
                assertEquals(0, response.get(8 + 12), "status OK");
            }

            // a proof bound to another session id, or another transport, does not verify
            for (final long[] binding : new long[][]{{1, 0}, {0, 1}})
            {
                try (SocketChannel socket = connect(server))
                {
                    final Challenge challenge = requestChallenge(socket, 5);
                    sendProof(socket, 5, "alice", KEY_1, challenge.nonce, challenge.sessionId + binding[0], 5,
                        1 + binding[1]);
                    assertResult(read(socket), 5, BAD_PROOF);
                    assertClosed(socket);
                }
            }

            // a nonce proves one attempt: the proof of an earlier challenge does not pass a later one
            try (SocketChannel socket = connect(server))
            {
                final Challenge first = requestChallenge(socket, 1);
                final Challenge second = requestChallenge(socket, 2);
                assertFalse(Arrays.equals(first.nonce, second.nonce), "a fresh nonce per challenge");
                assertEquals(first.sessionId, second.sessionId);
                sendProof(socket, 2, "alice", KEY_1, first.nonce, first.sessionId, 2, 1);
                assertResult(read(socket), 2, BAD_PROOF);
                assertClosed(socket);
            }

            // a proof without a challenge is refused, and so is a second proof for one challenge (its first, for
            // an unknown principal, used it up); the third failure closes the connection
            try (SocketChannel socket = connect(server))
            {
                sendProof(socket, 3, "alice", KEY_1, new byte[16], 0, 3, 1);
                assertResult(read(socket), 3, NO_CHALLENGE);
                final Challenge challenge = requestChallenge(socket, 4);
                sendProof(socket, 4, "bob", KEY_1, challenge.nonce, challenge.sessionId, 4, 1);
                assertResult(read(socket), 4, UNKNOWN_PRINCIPAL);
                sendProof(socket, 4, "alice", KEY_1, challenge.nonce, challenge.sessionId, 4, 1);
                assertResult(read(socket), 4, NO_CHALLENGE);
                assertClosed(socket);
            }
            assertEquals(6, server.counters.authFailures());
        }
    }

    private record Challenge(long sessionId, byte[] nonce)
    {
    }

    private static Challenge requestChallenge(final SocketChannel socket, final long correlationId) throws IOException
    {
        final ByteBuffer request = frame(8 + 14 + 1);
        header(request, 14, AUTH_REQUEST);
        request.putShort((short)1).putLong(correlationId).putInt(0).put((byte)0);
        send(socket, request);
        final ByteBuffer challenge = read(socket);
        assertEquals(AUTH_CHALLENGE, challenge.getShort(2));
        assertEquals(16, challenge.getShort(0), "blockLength");
        assertEquals(correlationId, challenge.getLong(8));
        assertEquals(16, challenge.get(8 + 16), "nonce length");
        final byte[] nonce = new byte[16];
        challenge.position(8 + 17);
        challenge.get(nonce);
        return new Challenge(challenge.getLong(8 + 8), nonce);
    }

    private static void sendProof(final SocketChannel socket, final long correlationId, final String principal,
        final byte[] key, final byte[] nonce, final long sessionId, final long signedCorrelationId, final long transport)
        throws IOException
    {
        final byte[] name = principal.getBytes(StandardCharsets.US_ASCII);
        final ByteBuffer signed = ByteBuffer.allocate(25 + 1 + 16 + name.length + 1 + 24); // big-endian
        signed.put("boomscooter subscriber v1".getBytes(StandardCharsets.US_ASCII)).put((byte)0).put(nonce).put(name)
            .put((byte)0).putLong(sessionId).putLong(signedCorrelationId).putLong(transport);
        final byte[] mac;
        try
        {
            final Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac = hmac.doFinal(signed.array());
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
        final ByteBuffer proof = frame(8 + 8 + 1 + name.length + 1 + 32);
        header(proof, 8, AUTH_PROOF);
        proof.putLong(correlationId).put((byte)name.length).put(name).put((byte)32).put(mac);
        send(socket, proof);
    }

    private static ByteBuffer subscribe(final long correlationId, final long endSeqno)
    {
        final ByteBuffer subscribe = frame(8 + 67 + 3);
        header(subscribe, 67, 1);
        subscribe.putShort((short)1).putLong(correlationId).putInt(LOG_ID).put((byte)0).putLong(1).putLong(endSeqno)
            .putLong(-1).putLong(-1).putLong(10).putLong(0).putInt(0).put((byte)0).put((byte)0).put((byte)0);
        return subscribe;
    }

    private static void assertResult(final ByteBuffer message, final long correlationId, final int status)
    {
        assertEquals(AUTH_RESULT, message.getShort(2), "AuthResult");
        assertEquals(9, message.getShort(0), "blockLength");
        assertEquals(correlationId, message.getLong(8));
        assertEquals(status, message.get(8 + 8), "status");
        final int textLength = message.get(8 + 9) & 0xFF;
        assertTrue(OK == status || textLength > 0, "a reason with every refusal");
        assertEquals(message.limit(), 8 + 9 + 1 + textLength);
    }

    private static SocketChannel connect(final Server server) throws IOException
    {
        final SocketChannel socket = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.agent.tcpPort()));
        socket.socket().setSoTimeout(10_000);
        return socket;
    }

    private static void assertClosed(final SocketChannel socket) throws IOException
    {
        assertEquals(-1, socket.socket().getInputStream().read(), "closed by the node");
    }

    private static ByteBuffer frame(final int messageLength)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(4 + messageLength).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(messageLength);
        return buffer;
    }

    private static void header(final ByteBuffer buffer, final int blockLength, final int templateId)
    {
        buffer.putShort((short)blockLength).putShort((short)templateId).putShort((short)104).putShort((short)1);
    }

    private static void send(final SocketChannel socket, final ByteBuffer frame) throws IOException
    {
        frame.flip();
        while (frame.hasRemaining())
        {
            socket.write(frame);
        }
    }

    /** Reads one frame (blocking, with the socket's 10 s read timeout). */
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
