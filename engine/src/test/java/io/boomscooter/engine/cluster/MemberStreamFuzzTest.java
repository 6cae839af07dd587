package io.boomscooter.engine.cluster;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.boomscooter.client.MessageCheck;
import io.boomscooter.codecs.replication.MessageHeaderDecoder;
import io.boomscooter.codecs.replication.PromoteDecoder;
import io.boomscooter.codecs.replication.RejectCode;
import io.boomscooter.engine.FuzzSupport;
import io.boomscooter.engine.ingress.IngressAdapter;
import io.boomscooter.engine.ingress.IngressHandler;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.boomscooter.engine.FuzzSupport.boundedAllocation;
import static io.boomscooter.engine.FuzzSupport.concat;
import static io.boomscooter.engine.FuzzSupport.check;

/**
 * Fuzz targets for the SBE messages that arrive on a member's streams from the network (docs/fuzzing.md): the
 * replication and control stream ({@link ReplicationAdapter}: MessageCheck, then the generated decoders), the ingress
 * stream ({@link IngressAdapter}) and the admin stream's Promote request (the check and decode of
 * {@code AdminEndpoint.onAdminFragment}, which needs Aeron to run, applied here in the same order). A fragment is
 * the input at an offset picked by byte 0, in a buffer that ends where the fragment ends; every range handed to a
 * handler must lie inside the fragment.
 */
@ExtendWith(FuzzSupport.RegressionTimeout.class)
class MemberStreamFuzzTest
{
    private final CheckingHandler handler = new CheckingHandler();
    private final ReplicationAdapter replication = new ReplicationAdapter(handler);
    private final IngressAdapter ingress = new IngressAdapter(handler);
    private final MessageCheck adminCheck = new MessageCheck();
    private final MessageHeaderDecoder adminHeader = new MessageHeaderDecoder();
    private final PromoteDecoder promote = new PromoteDecoder();

    /**
     * {@link ReplicationAdapter#onFragment}: every replication-schema message (AppendFrames, acks, votes, ...).
     */
    @FuzzTest(maxDuration = "30s")
    void replication(final byte[] input)
    {
        if (input.length < 1)
        {
            return;
        }
        final int offset = 1 + (input[0] & 7);
        final UnsafeBuffer buffer = FuzzSupport.exact(input);
        final int length = Math.max(0, input.length - offset);
        handler.expect(Math.min(offset, input.length), length);
        boundedAllocation(input.length, "ReplicationAdapter.onFragment", () ->
            replication.onFragment(buffer, Math.min(offset, input.length), length, null));
    }

    /**
     * {@link IngressAdapter#onFragment}: SubmitEntry and ProducerConnect from producers.
     */
    @FuzzTest(maxDuration = "30s")
    void ingress(final byte[] input)
    {
        if (input.length < 1)
        {
            return;
        }
        final int offset = Math.min(1 + (input[0] & 7), input.length);
        final UnsafeBuffer buffer = FuzzSupport.exact(input);
        final int length = input.length - offset;
        handler.expect(offset, length);
        boundedAllocation(input.length, "IngressAdapter.onFragment", () -> ingress.onFragment(buffer, offset,
            length, null));
    }

    /**
     * The admin stream's Promote: the checks {@code AdminEndpoint.onAdminFragment} makes, then the decode it does.
     */
    @FuzzTest(maxDuration = "30s")
    void admin(final byte[] input)
    {
        final UnsafeBuffer buffer = FuzzSupport.exact(input);
        final int templateId = adminCheck.header(buffer, 0, input.length, MessageHeaderDecoder.SCHEMA_ID,
            MessageHeaderDecoder.SCHEMA_VERSION);
        if (templateId != PromoteDecoder.TEMPLATE_ID || !adminCheck.block(0, PromoteDecoder.BLOCK_LENGTH) ||
            !adminCheck.varUint32())
        {
            check(null != adminCheck.reason() || templateId >= 0, "refused without a reason");
            return;
        }
        adminHeader.wrap(buffer, 0);
        promote.wrapAndApplyHeader(buffer, 0, adminHeader);
        promote.logId();
        promote.responseStreamId();
        final int channelOffset = promote.limit() + PromoteDecoder.responseChannelHeaderLength();
        final int channelLength = promote.responseChannelLength();
        check(channelLength >= 0 && channelOffset + (long)channelLength <= input.length, "channel past the message");
        buffer.getStringWithoutLengthUtf8(channelOffset, channelLength);
    }

    /**
     * Writes the seed inputs of these targets (docs/fuzzing.md) with the generated encoders.
     */
    @Test
    @EnabledIfSystemProperty(named = FuzzSupport.WRITE_SEEDS_PROPERTY, matches = "true")
    void writeSeeds()
    {
        final Class<?> c = MemberStreamFuzzTest.class;
        final UnsafeBuffer b = new UnsafeBuffer(new byte[1024]);
        final io.boomscooter.codecs.replication.MessageHeaderEncoder h =
            new io.boomscooter.codecs.replication.MessageHeaderEncoder();
        final byte[] frames = new byte[64];
        new UnsafeBuffer(frames).putInt(0, 40);
        int n = new io.boomscooter.codecs.replication.AppendFramesEncoder().wrapAndApplyHeader(b, 0, h).logId(1)
            .leaderId(2).epoch(3).firstSeqno(4).lastSeqno(4).commitSeqno(3).putFrames(frames, 0, frames.length)
            .encodedLength();
        replicationSeed(c, "append-frames", b, n);
        n = new io.boomscooter.codecs.replication.AppendAckEncoder().wrapAndApplyHeader(b, 0, h).logId(1).nodeId(2)
            .epoch(3).ackSeqno(4).encodedLength();
        replicationSeed(c, "append-ack", b, n);
        n = new io.boomscooter.codecs.replication.ReplicationRejectEncoder().wrapAndApplyHeader(b, 0, h).logId(1)
            .nodeId(2).epoch(3).code(RejectCode.MALFORMED).reason("bad frames").encodedLength();
        replicationSeed(c, "reject", b, n);
        n = new io.boomscooter.codecs.replication.VoteEncoder().wrapAndApplyHeader(b, 0, h).logId(1).voterId(2)
            .epoch(3).granted((short)1).lastSeqno(4).lastEpoch(2).encodedLength();
        replicationSeed(c, "vote", b, n);
        n = new io.boomscooter.codecs.replication.PreVoteAnswerEncoder().wrapAndApplyHeader(b, 0, h).logId(1)
            .voterId(2).epoch(3).granted((short)0).lastSeqno(4).lastEpoch(2).encodedLength();
        replicationSeed(c, "pre-vote-answer", b, n);
        n = new io.boomscooter.codecs.replication.CatchupRequestEncoder().wrapAndApplyHeader(b, 0, h).logId(1)
            .nodeId(2).epoch(3).fromSeqno(4).lastEpoch(2).lastEpochStartSeqno(1).encodedLength();
        replicationSeed(c, "catchup-request", b, n);
        FuzzSupport.writeSeed(c, "replication", "block-too-short", new byte[]{0, 4, 0, 1, 0, 102, 0, 1, 0, 0, 0});

        final io.boomscooter.codecs.ingress.MessageHeaderEncoder ih =
            new io.boomscooter.codecs.ingress.MessageHeaderEncoder();
        final byte[] key = {1, 2, 3};
        final byte[] payload = "payload".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        n = new io.boomscooter.codecs.ingress.SubmitEntryEncoder().wrapAndApplyHeader(b, 0, ih).logId(1)
            .producerId(7).producerSeqno(1).timestampNs(5).channel("orders.eu").putKey(key, 0, key.length)
            .putPayload(payload, 0, payload.length).encodedLength();
        FuzzSupport.writeSeed(c, "ingress", "submit-entry", concat(new byte[]{0}, FuzzSupport.bytes(b, n + 8)));
        final byte[] channel =
            "aeron:udp?endpoint=localhost:40123".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        n = new io.boomscooter.codecs.ingress.ProducerConnectEncoder().wrapAndApplyHeader(b, 0, ih).producerId(7)
            .responseStreamId(1001).putResponseChannel(channel, 0, channel.length).encodedLength();
        FuzzSupport.writeSeed(c, "ingress", "producer-connect", concat(new byte[]{0}, FuzzSupport.bytes(b, n + 8)));
        FuzzSupport.writeSeed(c, "ingress", "var-field-past-end", concat(new byte[]{0},
            FuzzSupport.bytes(b, n + 8 - channel.length)));
        n = new io.boomscooter.codecs.ingress.AuthResponseEncoder().wrapAndApplyHeader(b, 0, ih).logId(1)
            .producerId(7).putMac(new byte[32], 0, 32).principal("alice").encodedLength();
        FuzzSupport.writeSeed(c, "ingress", "auth-response", concat(new byte[]{0}, FuzzSupport.bytes(b, n + 8)));

        n = new io.boomscooter.codecs.replication.PromoteEncoder().wrapAndApplyHeader(b, 0, h).logId(1)
            .responseStreamId(1002).putResponseChannel(channel, 0, channel.length).encodedLength();
        FuzzSupport.writeSeed(c, "admin", "promote", FuzzSupport.bytes(b, n + 8));
        FuzzSupport.writeSeed(c, "admin", "promote-truncated", FuzzSupport.bytes(b, n));
    }

    private static void replicationSeed(final Class<?> c, final String name, final UnsafeBuffer b, final int n)
    {
        FuzzSupport.writeSeed(c, "replication", name, concat(new byte[]{0}, FuzzSupport.bytes(b, n + 8)));
    }

    /**
     * Checks that every range a message hands on lies inside the fragment, and that malformed ones have a reason.
     */
    static final class CheckingHandler implements ReplicationHandler, IngressHandler
    {
        private int offset;
        private int length;

        void expect(final int offset, final int length)
        {
            this.offset = offset;
            this.length = length;
        }

        private void inside(final int rangeOffset, final int rangeLength, final String what)
        {
            if (!(rangeLength >= 0 && rangeOffset >= offset && (long)rangeOffset + rangeLength <= (long)offset +
                length))
            {
                throw new AssertionError(what + " [" + rangeOffset + ", +" + rangeLength +
                    ") outside the fragment [" + offset + ", +" + length +
                    ")");
            }
        }

        public void onAppendFrames(final int logId, final int leaderId, final long epoch, final long firstSeqno,
            final long lastSeqno, final long commitSeqno, final DirectBuffer buffer, final int framesOffset,
            final int framesLength)
        {
            inside(framesOffset, framesLength, "AppendFrames frames");
        }

        public void onAppendAck(final int logId, final int nodeId, final long epoch, final long ackSeqno)
        {
        }

        public void onAuthResponse(final int logId, final long producerId, final DirectBuffer buffer,
            final int macOffset, final String principal)
        {
            inside(macOffset, io.boomscooter.client.auth.AuthProof.MAC_LENGTH, "AuthResponse mac");
            if (principal.isEmpty() || principal.length() > io.boomscooter.client.auth.Credentials.MAX_PRINCIPAL_LENGTH)
            {
                throw new AssertionError("principal of " + principal.length() + " characters");
            }
        }

        public void onCommitPosition(final int logId, final int leaderId, final long epoch, final long commitSeqno,
            final long lastSeqno)
        {
        }

        public void onCatchupRequest(final int logId, final int nodeId, final long epoch, final long fromSeqno,
            final long lastEpoch, final long lastEpochStart)
        {
        }

        public void onNewLeader(final int logId, final int leaderId, final long epoch, final long epochStartSeqno)
        {
        }

        public void onTruncateTo(final int logId, final int leaderId, final long epoch, final long seqno)
        {
        }

        public void onReject(final int logId, final int nodeId, final long epoch, final RejectCode code)
        {
            if (!(null != code && code != RejectCode.NULL_VAL))
            {
                throw new AssertionError("reject code " + code);
            }
        }

        public void onRequestVote(final int logId, final int candidateId, final long epoch, final long lastSeqno,
            final long lastEpoch)
        {
        }

        public void onVote(final int logId, final int voterId, final long epoch, final boolean granted,
            final long lastSeqno, final long lastEpoch)
        {
        }

        public void onPreVoteRequest(final int logId, final int candidateId, final long epoch, final long lastSeqno,
            final long lastEpoch)
        {
        }

        public void onPreVoteAnswer(final int logId, final int voterId, final long epoch, final boolean granted,
            final long lastSeqno, final long lastEpoch)
        {
        }

        public void onProducerConnect(final long producerId, final int responseStreamId, final DirectBuffer buffer,
            final int channelOffset, final int channelLength)
        {
            inside(channelOffset, channelLength, "ProducerConnect response channel");
        }

        public void onSubmitEntry(final int logId, final long producerId, final long producerSeqno,
            final long timestampNs, final DirectBuffer buffer, final int channelOffset, final int channelLength,
            final int keyOffset, final int keyLength, final int payloadOffset, final int payloadLength,
            final int messageOffset, final int messageLength)
        {
            inside(channelOffset, channelLength, "SubmitEntry channel");
            inside(keyOffset, keyLength, "SubmitEntry key");
            inside(payloadOffset, payloadLength, "SubmitEntry payload");
            inside(messageOffset, messageLength, "SubmitEntry message");
        }

        public void onMalformed(final String reason)
        {
            check(null != reason, "malformed without a reason");
        }
    }
}
