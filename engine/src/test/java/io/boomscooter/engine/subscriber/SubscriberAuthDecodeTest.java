package io.boomscooter.engine.subscriber;

import io.boomscooter.client.MessageCheck;
import io.boomscooter.client.SubscriberHandshake;
import io.boomscooter.client.auth.AuthProof;
import io.boomscooter.codecs.subscriber.AuthProofDecoder;
import io.boomscooter.codecs.subscriber.AuthProofEncoder;
import io.boomscooter.codecs.subscriber.AuthRequestDecoder;
import io.boomscooter.codecs.subscriber.AuthRequestEncoder;
import io.boomscooter.codecs.subscriber.MessageHeaderEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The node's decoding of AuthRequest and AuthProof ({@link SubscriberRequestAdapter}) with well-formed and malformed
 * input: every refusal is a status with a reason, never an exception; and the proof test vector of
 * docs/subscriber-protocol.md.
 */
class SubscriberAuthDecodeTest
{
    private static final byte[] MAC = new byte[AuthProof.MAC_LENGTH];

    private final SubscriberRequestAdapter adapter = new SubscriberRequestAdapter();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    @Test
    void decodesAWellFormedAuthRequestAndAuthProof()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        int length = request(buffer, 3, "aeron:udp?endpoint=localhost:40124");
        assertEquals(AuthRequestDecoder.TEMPLATE_ID, adapter.decode(exact(buffer, length), 0, length));
        assertEquals(3, adapter.authRequest.correlationId());
        assertEquals(4002, adapter.responseStreamId);
        assertEquals("aeron:udp?endpoint=localhost:40124",
            adapter.buffer.getStringWithoutLengthAscii(adapter.responseChannelOffset, adapter.responseChannelLength));
        assertEquals(3, adapter.correlationIdOrNull(adapter.buffer, 0, length));

        final byte[] mac = new byte[AuthProof.MAC_LENGTH];
        Arrays.fill(mac, (byte)0x5a);
        length = proof(buffer, 11, "alice", mac);
        assertEquals(AuthProofDecoder.TEMPLATE_ID, adapter.decode(exact(buffer, length), 0, length));
        assertEquals(11, adapter.authProof.correlationId());
        assertEquals("alice", adapter.buffer.getStringWithoutLengthAscii(adapter.principalOffset,
            adapter.principalLength));
        final byte[] decoded = new byte[AuthProof.MAC_LENGTH];
        adapter.buffer.getBytes(adapter.macOffset, decoded);
        assertArrayEquals(mac, decoded);
        assertEquals(11, adapter.correlationIdOrNull(adapter.buffer, 0, length));
    }

    @Test
    void refusesATruncatedAuthProofAtEveryLength()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        final int length = proof(buffer, 11, "alice", MAC);
        for (int cut = 0; cut < length; cut++)
        {
            assertRefused(exact(buffer, cut), cut, null);
        }
        final int requestLength = request(buffer, 3, "aeron:ipc");
        for (int cut = 0; cut < requestLength; cut++)
        {
            assertRefused(exact(buffer, cut), cut, null);
        }
    }

    @Test
    void refusesAPrincipalThatIsTooLongEmptyOrNotPrintable()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        int length = proof(buffer, 1, "a".repeat(65), MAC);
        assertRefused(exact(buffer, length), length, SubscriberRequestAdapter.BAD_PRINCIPAL);
        length = proof(buffer, 1, "a".repeat(64), MAC);
        assertEquals(AuthProofDecoder.TEMPLATE_ID, adapter.decode(exact(buffer, length), 0, length));
        length = proof(buffer, 1, "", MAC);
        assertRefused(exact(buffer, length), length, SubscriberRequestAdapter.BAD_PRINCIPAL);
        length = proof(buffer, 1, "al ice", MAC);
        assertRefused(exact(buffer, length), length, SubscriberRequestAdapter.BAD_PRINCIPAL);
        length = proof(buffer, 1, "al\u0001ce", MAC);
        assertRefused(exact(buffer, length), length, SubscriberRequestAdapter.BAD_PRINCIPAL);
        length = proof(buffer, 1, "alic\u00e9", MAC); // UTF-8: two bytes >= 0x80
        assertRefused(exact(buffer, length), length, SubscriberRequestAdapter.BAD_PRINCIPAL);
    }

    @Test
    void refusesAMacThatIsNotExactly32Bytes()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        for (final int macLength : new int[]{0, 1, 31, 33, 254})
        {
            final int length = proof(buffer, 1, "alice", new byte[macLength]);
            assertRefused(exact(buffer, length), length, SubscriberRequestAdapter.BAD_MAC_LENGTH);
        }
    }

    @Test
    void refusesAResponseChannelLongerThan254Bytes()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        // the encoder refuses 255 bytes, so write the length byte by hand
        final int length = request(buffer, 1, "x".repeat(254));
        buffer.putByte(MessageHeaderEncoder.ENCODED_LENGTH + AuthRequestEncoder.BLOCK_LENGTH, (byte)255);
        final byte[] longer = Arrays.copyOf(bytes(buffer, length), length + 1);
        longer[length] = 'x';
        assertRefused(new UnsafeBuffer(longer), longer.length, SubscriberRequestAdapter.LONG_RESPONSE_CHANNEL);
    }

    @Test
    void refusesAVarLengthRunningPastTheEnd()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        final int length = proof(buffer, 1, "alice", MAC);
        final byte[] bytes = bytes(buffer, length);
        bytes[MessageHeaderEncoder.ENCODED_LENGTH + AuthProofEncoder.BLOCK_LENGTH] = (byte)200; // principal length
        assertRefused(new UnsafeBuffer(bytes), bytes.length, MessageCheck.TRUNCATED_VAR);
        bytes[MessageHeaderEncoder.ENCODED_LENGTH + AuthProofEncoder.BLOCK_LENGTH] = 5;
        bytes[MessageHeaderEncoder.ENCODED_LENGTH + AuthProofEncoder.BLOCK_LENGTH + 6] = 33; // mac length, 32 there
        assertRefused(new UnsafeBuffer(bytes), bytes.length, MessageCheck.TRUNCATED_VAR);
    }

    @Test
    void theDocumentedProofVectorHolds()
    {
        final HexFormat hex = HexFormat.of();
        final byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++)
        {
            key[i] = (byte)i;
        }
        final byte[] nonce = new byte[16];
        for (int i = 0; i < nonce.length; i++)
        {
            nonce[i] = (byte)(0xa0 + i);
        }
        final byte[] message = SubscriberHandshake.proofMessage(nonce, "alice", 7, 42, SubscriberHandshake.TRANSPORT_TCP);
        assertEquals("626f6f6d73636f6f74657220737562736372696265722076310" +
            "0a0a1a2a3a4a5a6a7a8a9aaabacadaeaf616c69636500" +
            "0000000000000007000000000000002a0000000000000001", hex.formatHex(message));
        final byte[] mac = new byte[32];
        new AuthProof().sign(key, message, mac, 0);
        assertEquals("309fd2aa73dc2e82ede4602a2deddf1d3f6c57eccc5cc7881b4e004104d45f66", hex.formatHex(mac));
    }

    private void assertRefused(final UnsafeBuffer buffer, final int length, final String reason)
    {
        final int result = adapter.decode(buffer, 0, length);
        assertEquals(SubscriberRequestAdapter.NOT_DECODED, result, "decoded " + length + " bytes");
        if (null != reason)
        {
            assertEquals(reason, adapter.reason());
        }
        adapter.correlationIdOrNull(buffer, 0, length); // reads nothing past the end either
    }

    private int request(final UnsafeBuffer buffer, final long correlationId, final String channel)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new AuthRequestEncoder().wrapAndApplyHeader(buffer, 0, header)
            .protocolVersion(1).correlationId(correlationId).responseStreamId(4002).responseChannel(channel)
            .encodedLength();
    }

    private int proof(final UnsafeBuffer buffer, final long correlationId, final String principal, final byte[] mac)
    {
        final byte[] name = principal.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return MessageHeaderEncoder.ENCODED_LENGTH + new AuthProofEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(correlationId).putPrincipal(name, 0, name.length).putMac(mac, 0, mac.length)
            .encodedLength();
    }

    /** A buffer that ends where the message ends, so a read past it fails Agrona's bounds check. */
    private static UnsafeBuffer exact(final UnsafeBuffer buffer, final int length)
    {
        return new UnsafeBuffer(bytes(buffer, length));
    }

    private static byte[] bytes(final UnsafeBuffer buffer, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}
