package io.boomscooter.client;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.boomscooter.codecs.ingress.CommitNoticeDecoder;
import io.boomscooter.codecs.ingress.IngressRejectDecoder;
import io.boomscooter.codecs.ingress.SubmitAckDecoder;
import io.boomscooter.codecs.ingress.SubmitStatus;
import io.boomscooter.codecs.notification.LogProgressDecoder;
import io.boomscooter.codecs.notification.SegmentCreatedDecoder;
import io.boomscooter.codecs.subscriber.AuthChallengeDecoder;
import io.boomscooter.codecs.subscriber.AuthResultDecoder;
import io.boomscooter.codecs.subscriber.AuthStatus;
import io.boomscooter.codecs.subscriber.CompleteDecoder;
import io.boomscooter.codecs.subscriber.CompleteReason;
import io.boomscooter.codecs.subscriber.DropReason;
import io.boomscooter.codecs.subscriber.DroppedDecoder;
import io.boomscooter.codecs.subscriber.EntryDecoder;
import io.boomscooter.codecs.subscriber.LogSwitchDecoder;
import io.boomscooter.codecs.subscriber.SubscribeResponseDecoder;
import io.boomscooter.codecs.subscriber.SubscribeStatus;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteOrder;

/**
 * Fuzz targets for {@link MessageCheck} and the generated SBE decoders it guards on the client side
 * (docs/fuzzing.md): what {@link ProducerClient} reads from a node (SubmitAck, CommitNotice, IngressReject) and what
 * {@link SubscriberClient} reads (entries, responses, notifications; the handshake's AuthChallenge and AuthResult
 * through {@link SubscriberHandshake#decode} itself). Both handlers are private and need a live connection, so these
 * targets make the same checks in the same order and then read every field the client reads.
 * A message is the input after byte 0, which picks its offset (0-7 bytes in); the buffer ends where it ends, so a
 * decoder reading past a checked length fails Agrona's bounds check.
 */
@ExtendWith(FuzzRegressionTimeout.class)
class MessageCheckFuzzTest
{
    private final MessageCheck check = new MessageCheck();
    private final io.boomscooter.codecs.ingress.MessageHeaderDecoder ingressHeader =
        new io.boomscooter.codecs.ingress.MessageHeaderDecoder();
    private final SubmitAckDecoder ack = new SubmitAckDecoder();
    private final CommitNoticeDecoder commit = new CommitNoticeDecoder();
    private final IngressRejectDecoder reject = new IngressRejectDecoder();
    private final io.boomscooter.codecs.subscriber.MessageHeaderDecoder subscriberHeader =
        new io.boomscooter.codecs.subscriber.MessageHeaderDecoder();
    private final EntryDecoder entry = new EntryDecoder();
    private final SubscribeResponseDecoder response = new SubscribeResponseDecoder();
    private final LogSwitchDecoder logSwitch = new LogSwitchDecoder();
    private final CompleteDecoder complete = new CompleteDecoder();
    private final DroppedDecoder dropped = new DroppedDecoder();
    private final io.boomscooter.codecs.notification.MessageHeaderDecoder notificationHeader =
        new io.boomscooter.codecs.notification.MessageHeaderDecoder();
    private final LogProgressDecoder progress = new LogProgressDecoder();
    private final SegmentCreatedDecoder segmentCreated = new SegmentCreatedDecoder();
    private final SubscriberHandshake handshake = new SubscriberHandshake();

    /**
     * {@code ProducerClient.onResponse}.
     */
    @FuzzTest(maxDuration = "30s")
    void producerResponse(final byte[] input)
    {
        if (input.length < 1)
        {
            return;
        }
        final int offset = Math.min(1 + (input[0] & 7), input.length);
        final int length = input.length - offset;
        final UnsafeBuffer buffer = new UnsafeBuffer(input);
        final int templateId = check.header(buffer, offset, length,
            io.boomscooter.codecs.ingress.MessageHeaderDecoder.SCHEMA_ID,
            io.boomscooter.codecs.ingress.MessageHeaderDecoder.SCHEMA_VERSION);
        if (templateId < 0)
        {
            check(null != check.reason(), "refused without a reason");
            return;
        }
        ingressHeader.wrap(buffer, offset);
        switch (templateId)
        {
            case SubmitAckDecoder.TEMPLATE_ID:
                if (check.block(offset, SubmitAckDecoder.BLOCK_LENGTH))
                {
                    ack.wrapAndApplyHeader(buffer, offset, ingressHeader);
                    ack.logId();
                    ack.producerId();
                    ack.producerSeqno();
                    ack.seqno();
                    ack.commitSeqno();
                    ack.timestampNs();
                    status(ack.statusRaw());
                    ack.epoch();
                }
                break;
            case CommitNoticeDecoder.TEMPLATE_ID:
                if (check.block(offset, CommitNoticeDecoder.BLOCK_LENGTH))
                {
                    commit.wrapAndApplyHeader(buffer, offset, ingressHeader);
                    commit.logId();
                    commit.epoch();
                    commit.commitSeqno();
                }
                break;
            case IngressRejectDecoder.TEMPLATE_ID:
                if (check.block(offset, IngressRejectDecoder.BLOCK_LENGTH) && check.varUint8())
                {
                    reject.wrapAndApplyHeader(buffer, offset, ingressHeader);
                    reject.logId();
                    reject.producerId();
                    reject.producerSeqno();
                    reject.expectedProducerSeqno();
                    status(reject.statusRaw());
                    final int reasonLength = reject.reasonLength();
                    inside(reject.limit() + IngressRejectDecoder.reasonHeaderLength(), reasonLength, offset, length,
                        "reason");
                    reject.reason();
                }
                break;
            default:
                break;
        }
    }

    /**
     * {@code SubscriberClient.onMessage} and {@code onNotification}, with {@code onEntry}'s field walk.
     */
    @FuzzTest(maxDuration = "30s")
    void subscriberMessage(final byte[] input)
    {
        if (input.length < 1)
        {
            return;
        }
        final int offset = Math.min(1 + (input[0] & 7), input.length);
        final int length = input.length - offset;
        final UnsafeBuffer buffer = new UnsafeBuffer(input);
        if (length < io.boomscooter.codecs.subscriber.MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return;
        }
        final int schemaId = buffer.getShort(offset + 4, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (schemaId == LogProgressDecoder.SCHEMA_ID)
        {
            notification(buffer, offset, length);
            return;
        }
        final int templateId = check.header(buffer, offset, length,
            io.boomscooter.codecs.subscriber.MessageHeaderDecoder.SCHEMA_ID,
            io.boomscooter.codecs.subscriber.MessageHeaderDecoder.SCHEMA_VERSION);
        subscriberHeader.wrap(buffer, offset);
        switch (templateId)
        {
            case EntryDecoder.TEMPLATE_ID:
                if (check.block(offset, EntryDecoder.BLOCK_LENGTH) && check.varUint8() && check.varUint32() &&
                    check.varUint32())
                {
                    final EntryDecoder d = entry.wrapAndApplyHeader(buffer, offset, subscriberHeader);
                    d.logId();
                    d.seqno();
                    d.timestampNs();
                    d.producerId();
                    d.producerSeqno();
                    final int channelLength = d.channelLength();
                    inside(d.limit() + EntryDecoder.channelHeaderLength(), channelLength, offset, length, "channel");
                    d.skipChannel();
                    final int keyLength = d.keyLength();
                    inside(d.limit() + EntryDecoder.keyHeaderLength(), keyLength, offset, length, "key");
                    d.skipKey();
                    final int payloadLength = d.payloadLength();
                    inside(d.limit() + EntryDecoder.payloadHeaderLength(), payloadLength, offset, length, "payload");
                }
                break;
            case SubscribeResponseDecoder.TEMPLATE_ID:
                if (check.block(offset, SubscribeResponseDecoder.BLOCK_LENGTH) && check.varUint8())
                {
                    final SubscribeResponseDecoder d = response.wrapAndApplyHeader(buffer, offset, subscriberHeader);
                    d.correlationId();
                    d.logId();
                    if (MessageCheck.isKnownEnum(d.statusRaw(), SubscribeStatus.values().length - 1))
                    {
                        SubscribeStatus.get(d.statusRaw());
                    }
                    d.earliestSeqno();
                    d.commitSeqno();
                    d.message();
                }
                break;
            case LogSwitchDecoder.TEMPLATE_ID:
                if (check.block(offset, LogSwitchDecoder.BLOCK_LENGTH))
                {
                    logSwitch.wrapAndApplyHeader(buffer, offset, subscriberHeader).logId();
                }
                break;
            case CompleteDecoder.TEMPLATE_ID:
                if (check.block(offset, CompleteDecoder.BLOCK_LENGTH))
                {
                    final CompleteDecoder d = complete.wrapAndApplyHeader(buffer, offset, subscriberHeader);
                    d.correlationId();
                    d.logId();
                    d.lastSeqno();
                    d.delivered();
                    if (MessageCheck.isKnownEnum(d.reasonRaw(), CompleteReason.values().length - 1))
                    {
                        CompleteReason.get(d.reasonRaw());
                    }
                }
                break;
            case DroppedDecoder.TEMPLATE_ID:
                if (check.block(offset, DroppedDecoder.BLOCK_LENGTH) && check.varUint8())
                {
                    final DroppedDecoder d = dropped.wrapAndApplyHeader(buffer, offset, subscriberHeader);
                    d.correlationId();
                    d.logId();
                    if (MessageCheck.isKnownEnum(d.reasonRaw(), DropReason.values().length - 1))
                    {
                        DropReason.get(d.reasonRaw());
                    }
                    d.lastSeqno();
                    d.message();
                }
                break;
            case AuthChallengeDecoder.TEMPLATE_ID:
            case AuthResultDecoder.TEMPLATE_ID:
            {
                final int decoded = handshake.decode(buffer, offset, length);
                check(decoded == templateId || (SubscriberHandshake.MALFORMED == decoded && null != handshake.reason()),
                    "handshake decode returned " + decoded);
                check(AuthResultDecoder.TEMPLATE_ID != decoded || null != handshake.status, "a result without status");
                check(AuthResultDecoder.TEMPLATE_ID != decoded || AuthStatus.NULL_VAL == handshake.status ||
                    handshake.status.value() < AuthStatus.values().length - 1, "status out of range");
                break;
            }
            default:
                break;
        }
    }

    private void notification(final DirectBuffer buffer, final int offset, final int length)
    {
        final int templateId = check.header(buffer, offset, length, LogProgressDecoder.SCHEMA_ID,
            LogProgressDecoder.SCHEMA_VERSION);
        notificationHeader.wrap(buffer, offset);
        if (LogProgressDecoder.TEMPLATE_ID == templateId && check.block(offset, LogProgressDecoder.BLOCK_LENGTH) &&
            check.varUint8())
        {
            final LogProgressDecoder d = progress.wrapAndApplyHeader(buffer, offset, notificationHeader);
            d.logId();
            d.segmentBaseSeqno();
            d.writtenSize();
            d.commitSeqno();
            inside(d.limit() + LogProgressDecoder.segmentFileHeaderLength(), d.segmentFileLength(), offset, length,
                "segment file");
        }
        else if (SegmentCreatedDecoder.TEMPLATE_ID == templateId &&
            check.block(offset, SegmentCreatedDecoder.BLOCK_LENGTH) && check.varUint8())
        {
            final SegmentCreatedDecoder d = segmentCreated.wrapAndApplyHeader(buffer, offset, notificationHeader);
            d.logId();
            d.segmentBaseSeqno();
            d.segmentLength();
            inside(d.limit() + SegmentCreatedDecoder.segmentFileHeaderLength(), d.segmentFileLength(), offset, length,
                "segment file");
        }
    }

    /**
     * Writes the seed inputs of these targets (docs/fuzzing.md) when run with
     * {@code -Dboomscooter.fuzz.writeSeeds=true}, with the generated encoders.
     */
    @Test
    @EnabledIfSystemProperty(named = "boomscooter.fuzz.writeSeeds", matches = "true")
    void writeSeeds()
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[512]);
        final io.boomscooter.codecs.ingress.MessageHeaderEncoder ih =
            new io.boomscooter.codecs.ingress.MessageHeaderEncoder();
        int n = new io.boomscooter.codecs.ingress.SubmitAckEncoder().wrapAndApplyHeader(b, 0, ih).logId(1)
            .producerId(7).producerSeqno(3).seqno(10).commitSeqno(9).timestampNs(5).status(SubmitStatus.values()[0])
            .epoch(2).encodedLength();
        writeSeed("producerResponse", "submit-ack", message(b, n));
        n = new io.boomscooter.codecs.ingress.CommitNoticeEncoder().wrapAndApplyHeader(b, 0, ih).logId(1).epoch(2)
            .commitSeqno(10).encodedLength();
        writeSeed("producerResponse", "commit-notice", message(b, n));
        n = new io.boomscooter.codecs.ingress.IngressRejectEncoder().wrapAndApplyHeader(b, 0, ih).logId(1)
            .producerId(7).producerSeqno(5).expectedProducerSeqno(4).status(SubmitStatus.values()[1])
            .reason("gap").encodedLength();
        writeSeed("producerResponse", "ingress-reject", message(b, n));
        writeSeed("producerResponse", "reject-reason-past-end", java.util.Arrays.copyOf(message(b, n), 1 + 8 + n - 2));

        final io.boomscooter.codecs.subscriber.MessageHeaderEncoder sh =
            new io.boomscooter.codecs.subscriber.MessageHeaderEncoder();
        final byte[] key = {9, 9};
        final byte[] payload = "payload".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        n = new io.boomscooter.codecs.subscriber.EntryEncoder().wrapAndApplyHeader(b, 0, sh).logId(1).seqno(10)
            .timestampNs(5).producerId(7).producerSeqno(3).channel("orders.eu").putKey(key, 0, key.length)
            .putPayload(payload, 0, payload.length).encodedLength();
        writeSeed("subscriberMessage", "entry", message(b, n));
        n = new io.boomscooter.codecs.subscriber.SubscribeResponseEncoder().wrapAndApplyHeader(b, 0, sh)
            .correlationId(1).logId(1).status(SubscribeStatus.values()[0]).earliestSeqno(1).commitSeqno(10)
            .message("ok").encodedLength();
        writeSeed("subscriberMessage", "subscribe-response", message(b, n));
        n = new io.boomscooter.codecs.subscriber.CompleteEncoder().wrapAndApplyHeader(b, 0, sh).correlationId(1)
            .logId(1).lastSeqno(10).delivered(10).reason(CompleteReason.values()[0]).encodedLength();
        writeSeed("subscriberMessage", "complete", message(b, n));
        n = new io.boomscooter.codecs.subscriber.DroppedEncoder().wrapAndApplyHeader(b, 0, sh).correlationId(1)
            .logId(1).reason(DropReason.values()[0]).lastSeqno(3).message("slow").encodedLength();
        writeSeed("subscriberMessage", "dropped", message(b, n));
        n = new io.boomscooter.codecs.subscriber.LogSwitchEncoder().wrapAndApplyHeader(b, 0, sh).logId(2)
            .encodedLength();
        writeSeed("subscriberMessage", "log-switch", message(b, n));
        final io.boomscooter.codecs.notification.MessageHeaderEncoder nh =
            new io.boomscooter.codecs.notification.MessageHeaderEncoder();
        n = new io.boomscooter.codecs.notification.LogProgressEncoder().wrapAndApplyHeader(b, 0, nh).logId(1)
            .segmentBaseSeqno(1).writtenSize(4096).highestSeqno(10).commitSeqno(9)
            .segmentFile("00000000000000000001.seg").encodedLength();
        writeSeed("subscriberMessage", "log-progress", message(b, n));
        n = new io.boomscooter.codecs.notification.SegmentCreatedEncoder().wrapAndApplyHeader(b, 0, nh).logId(1)
            .segmentBaseSeqno(11).segmentLength(65536).segmentFile("00000000000000000011.seg").encodedLength();
        writeSeed("subscriberMessage", "segment-created", message(b, n));
        writeSeed("subscriberMessage", "unknown-template", new byte[]{0, 0, 0, 99, 0, 104, 0, 1, 0});
        final byte[] nonce = new byte[16];
        java.util.Arrays.fill(nonce, (byte)0xa5);
        n = new io.boomscooter.codecs.subscriber.AuthChallengeEncoder().wrapAndApplyHeader(b, 0, sh).correlationId(1)
            .sessionId(7).putNonce(nonce, 0, nonce.length).encodedLength();
        writeSeed("subscriberMessage", "auth-challenge", message(b, n));
        n = new io.boomscooter.codecs.subscriber.AuthResultEncoder().wrapAndApplyHeader(b, 0, sh).correlationId(1)
            .status(AuthStatus.BAD_PROOF).message("the proof does not match a key of principal 'alice'").encodedLength();
        writeSeed("subscriberMessage", "auth-result", message(b, n));
        final byte[] unknownStatus = message(b, n);
        unknownStatus[1 + 8 + 8] = 99;
        writeSeed("subscriberMessage", "auth-result-unknown-status", unknownStatus);
    }

    private static byte[] message(final UnsafeBuffer b, final int encodedLength)
    {
        final byte[] out = new byte[1 + 8 + encodedLength];
        b.getBytes(0, out, 1, 8 + encodedLength);
        return out;
    }

    private static void writeSeed(final String method, final String name, final byte[] bytes)
    {
        final java.nio.file.Path dir = java.nio.file.Path.of("src", "test", "resources")
            .resolve(MessageCheckFuzzTest.class.getPackageName().replace('.', '/'))
            .resolve(MessageCheckFuzzTest.class.getSimpleName() + "Inputs")
            .resolve(method);
        try
        {
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.write(dir.resolve(name), bytes);
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static SubmitStatus status(final short raw)
    {
        for (final SubmitStatus status : SubmitStatus.values())
        {
            if (status.value() == raw)
            {
                return status;
            }
        }
        return SubmitStatus.NULL_VAL;
    }

    private static void inside(
        final int rangeOffset, final int rangeLength, final int offset, final int length, final String what)
    {
        if (!(rangeLength >= 0 && rangeOffset >= offset && (long)rangeOffset + rangeLength <= (long)offset + length))
        {
            throw new AssertionError(what + " [" + rangeOffset + ", +" + rangeLength + ") outside the message [" +
                offset + ", +" + length + ")");
        }
    }

    private static void check(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new AssertionError(message);
        }
    }
}
