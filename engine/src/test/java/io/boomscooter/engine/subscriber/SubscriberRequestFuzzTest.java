package io.boomscooter.engine.subscriber;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.boomscooter.client.auth.AuthProof;
import io.boomscooter.codecs.subscriber.AuthProofDecoder;
import io.boomscooter.codecs.subscriber.AuthRequestDecoder;
import io.boomscooter.codecs.subscriber.RefillDecoder;
import io.boomscooter.codecs.subscriber.SubscribeDecoder;
import io.boomscooter.codecs.subscriber.SubscribeMode;
import io.boomscooter.codecs.subscriber.UnsubscribeDecoder;
import io.boomscooter.client.MessageCheck;
import io.boomscooter.engine.FuzzSupport;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.boomscooter.engine.FuzzSupport.boundedAllocation;
import static io.boomscooter.engine.FuzzSupport.check;

/**
 * Fuzz target for subscriber requests (docs/fuzzing.md): {@link SubscriberRequestAdapter#decode} over a request
 * from a subscriber (TCP or Aeron; Subscribe, Refill, Unsubscribe, AuthRequest, AuthProof), then the fields the
 * subscriber agent reads from a decoded one (an AuthProof's principal within bounds and printable, its mac 32 bytes), and
 * {@link SubscriberRequestAdapter#correlationIdOrNull} (used to answer even a refused request).
 */
@ExtendWith(FuzzSupport.RegressionTimeout.class)
class SubscriberRequestFuzzTest
{
    private final SubscriberRequestAdapter adapter = new SubscriberRequestAdapter();

    /**
     * Byte 0 picks the request's offset (0-7 bytes of padding before it); the buffer ends where the request ends.
     */
    @FuzzTest(maxDuration = "30s")
    void request(final byte[] input)
    {
        if (input.length < 1)
        {
            return;
        }
        final int offset = Math.min(1 + (input[0] & 7), input.length);
        final int length = input.length - offset;
        final UnsafeBuffer buffer = FuzzSupport.exact(input);
        boundedAllocation(input.length, "SubscriberRequestAdapter.decode", () ->
        {
            final int templateId = adapter.decode(buffer, offset, length);
            adapter.correlationIdOrNull(buffer, offset, length);
            switch (templateId)
            {
                case SubscribeDecoder.TEMPLATE_ID:
                {
                    final SubscribeDecoder d = adapter.subscribe;
                    d.protocolVersion();
                    d.correlationId();
                    d.logId();
                    d.startSeqno();
                    d.endSeqno();
                    d.maxCount();
                    d.maxBytes();
                    d.initialCredit();
                    d.notifyIntervalMs();
                    d.responseStreamId();
                    if (MessageCheck.isKnownEnum(d.modeRaw(), SubscribeMode.values().length - 1))
                    {
                        d.mode();
                    }
                    inside(adapter.prefixOffset, adapter.prefixLength, offset, length, "channel prefix");
                    inside(adapter.credentialsOffset, adapter.credentialsLength, offset, length, "credentials");
                    inside(adapter.responseChannelOffset, adapter.responseChannelLength, offset, length,
                        "response channel");
                    break;
                }
                case RefillDecoder.TEMPLATE_ID:
                    adapter.refill.correlationId();
                    adapter.refill.logId();
                    adapter.refill.credit();
                    break;
                case UnsubscribeDecoder.TEMPLATE_ID:
                    adapter.unsubscribe.correlationId();
                    adapter.unsubscribe.logId();
                    break;
                case AuthRequestDecoder.TEMPLATE_ID:
                    adapter.authRequest.protocolVersion();
                    adapter.authRequest.correlationId();
                    adapter.authRequest.responseStreamId();
                    inside(adapter.responseChannelOffset, adapter.responseChannelLength, offset, length,
                        "response channel");
                    check(adapter.responseChannelLength <= SubscriberAgent.MAX_STRING_LENGTH, "response channel length");
                    break;
                case AuthProofDecoder.TEMPLATE_ID:
                {
                    adapter.authProof.correlationId();
                    inside(adapter.principalOffset, adapter.principalLength, offset, length, "principal");
                    inside(adapter.macOffset, AuthProof.MAC_LENGTH, offset, length, "mac");
                    check(adapter.principalLength >= 1 && adapter.principalLength <= 64, "principal length");
                    for (int i = 0; i < adapter.principalLength; i++)
                    {
                        final byte b = buffer.getByte(adapter.principalOffset + i);
                        check(b > ' ' && b < 127, "principal not printable ASCII");
                    }
                    break;
                }
                default:
                    if (!(templateId == SubscriberRequestAdapter.NOT_DECODED ||
                        templateId == SubscriberRequestAdapter.BAD_SCHEMA_VERSION))
                    {
                        throw new AssertionError("decode returned " + templateId);
                    }
                    check(null != adapter.reason(), "refused without a reason");
                    break;
            }
        });
    }

    /**
     * Writes the seed inputs of this target (docs/fuzzing.md) with the generated encoders.
     */
    @Test
    @EnabledIfSystemProperty(named = FuzzSupport.WRITE_SEEDS_PROPERTY, matches = "true")
    void writeSeeds()
    {
        final Class<?> c = SubscriberRequestFuzzTest.class;
        final UnsafeBuffer b = new UnsafeBuffer(new byte[512]);
        final io.boomscooter.codecs.subscriber.MessageHeaderEncoder h =
            new io.boomscooter.codecs.subscriber.MessageHeaderEncoder();
        int n = new io.boomscooter.codecs.subscriber.SubscribeEncoder().wrapAndApplyHeader(b, 0, h).protocolVersion(1)
            .correlationId(9).logId(1).mode(SubscribeMode.values()[0]).startSeqno(1).endSeqno(-1).maxCount(-1)
            .maxBytes(-1).initialCredit(64).notifyIntervalMs(-1).responseStreamId(1003).channelPrefix("orders.")
            .credentials("token").responseChannel("aeron:udp?endpoint=localhost:40124").encodedLength();
        FuzzSupport.writeSeed(c, "request", "subscribe", FuzzSupport.concat(new byte[]{0}, FuzzSupport.bytes(b, n +
            8)));
        FuzzSupport.writeSeed(c, "request", "subscribe-truncated",
            FuzzSupport.concat(new byte[]{0}, FuzzSupport.bytes(b, n)));
        n = new io.boomscooter.codecs.subscriber.RefillEncoder().wrapAndApplyHeader(b, 0, h).correlationId(9).logId(1)
            .credit(64).encodedLength();
        FuzzSupport.writeSeed(c, "request", "refill", FuzzSupport.concat(new byte[]{3}, new byte[3],
            FuzzSupport.bytes(b, n + 8)));
        n = new io.boomscooter.codecs.subscriber.UnsubscribeEncoder().wrapAndApplyHeader(b, 0, h).correlationId(9)
            .logId(1).encodedLength();
        FuzzSupport.writeSeed(c, "request", "unsubscribe", FuzzSupport.concat(new byte[]{0},
            FuzzSupport.bytes(b, n + 8)));
        FuzzSupport.writeSeed(c, "request", "wrong-version", new byte[]{0, 0, 0, 1, 0, 104, 0, 99, 0});
        n = new io.boomscooter.codecs.subscriber.AuthRequestEncoder().wrapAndApplyHeader(b, 0, h).protocolVersion(1)
            .correlationId(9).responseStreamId(1003).responseChannel("aeron:udp?endpoint=localhost:40124")
            .encodedLength();
        FuzzSupport.writeSeed(c, "request", "auth-request", FuzzSupport.concat(new byte[]{0},
            FuzzSupport.bytes(b, n + 8)));
        final byte[] mac = new byte[AuthProof.MAC_LENGTH];
        java.util.Arrays.fill(mac, (byte)0x5a);
        n = new io.boomscooter.codecs.subscriber.AuthProofEncoder().wrapAndApplyHeader(b, 0, h).correlationId(9)
            .principal("alice").putMac(mac, 0, mac.length).encodedLength();
        FuzzSupport.writeSeed(c, "request", "auth-proof", FuzzSupport.concat(new byte[]{2}, new byte[2],
            FuzzSupport.bytes(b, n + 8)));
        n = new io.boomscooter.codecs.subscriber.AuthProofEncoder().wrapAndApplyHeader(b, 0, h).correlationId(9)
            .principal("alice").putMac(mac, 0, mac.length - 1).encodedLength();
        FuzzSupport.writeSeed(c, "request", "auth-proof-31-byte-mac", FuzzSupport.concat(new byte[]{0},
            FuzzSupport.bytes(b, n + 8)));
    }

    private static void inside(
        final int rangeOffset, final int rangeLength, final int offset, final int length, final String what)
    {
        if (!(rangeLength >= 0 && rangeOffset >= offset && (long)rangeOffset + rangeLength <= (long)offset + length))
        {
            throw new AssertionError(what + " [" + rangeOffset + ", +" + rangeLength + ") outside the request [" +
                offset + ", +" + length + ")");
        }
    }
}
