package io.boomscooter.engine.service;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.boomscooter.engine.FuzzSupport;
import io.boomscooter.engine.family.CommittedFrames;
import io.boomscooter.engine.family.FamilyLog;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import static io.boomscooter.engine.FuzzSupport.boundedAllocation;
import static io.boomscooter.engine.FuzzSupport.bytes;
import static io.boomscooter.engine.FuzzSupport.concat;
import static io.boomscooter.engine.FuzzSupport.check;

/**
 * Fuzz targets for the bytes the services family reads from outside the process (docs/fuzzing.md): a logged call's
 * payload (written by any producer), a checkpoint file (from disk), the pending outputs a checkpoint carries, and
 * the forwarded-output message another member sends. Each decoder answers with a reason, never an exception.
 */
@ExtendWith(FuzzSupport.RegressionTimeout.class)
class ServiceFuzzTest
{
    private static final String NAME = "svc-1";

    private final ServiceCalls calls = new ServiceCalls();
    private final CheckpointFile file = new CheckpointFile();
    private final OutputQueue queue = new OutputQueue();
    private final FakeFamilyLog log = new FakeFamilyLog();

    /**
     * {@link ServiceCalls#wrap} over a payload from the log: a well-formed call's source and arguments lie inside it.
     */
    @FuzzTest(maxDuration = "30s")
    void serviceCall(final byte[] input)
    {
        final UnsafeBuffer buffer = FuzzSupport.exact(input);
        boundedAllocation(input.length, "ServiceCalls.wrap", () ->
        {
            for (int offset = 0; offset <= Math.min(1, input.length); offset++)
            {
                final int length = input.length - offset;
                if (calls.wrap(buffer, offset, length))
                {
                    if (!(CallKind.isKnown(calls.kind())))
                    {
                        throw new AssertionError("kind " + calls.kind());
                    }
                    checkRange(calls.sourceOffset(), calls.sourceLength(), offset, length, "source");
                    checkRange(calls.argsOffset(), calls.argsLength(), offset, length, "arguments");
                    check(calls.sourceLength() <= ServiceCalls.MAX_NAME_LENGTH, "source longer than a name");
                }
                else
                {
                    check(null != calls.reason(), "refused without a reason");
                }
            }
        });
    }

    /**
     * {@link CheckpointFile#wrap} over a checkpoint file's bytes (byte 0: bit 0 makes the harness seal the file with
     * the right CRC-32C, bit 1 makes it set the state length so the sections add up, bit 2 names the right service;
     * the file is the rest), then {@link OutputQueue#restore} of the pending outputs a sound file carries and a walk
     * over the restored records.
     */
    @FuzzTest(maxDuration = "30s")
    void checkpointFile(final byte[] input)
    {
        if (input.length < 1)
        {
            return;
        }
        final int control = input[0] & 0xFF;
        final byte[] bytes = java.util.Arrays.copyOfRange(input, 1, input.length);
        final UnsafeBuffer buffer = FuzzSupport.exact(bytes);
        final int length = bytes.length;
        if (length >= CheckpointFile.HEADER_LENGTH + CheckpointFile.TRAILER_LENGTH)
        {
            if ((control & 4) != 0)
            {
                buffer.putInt(CheckpointFile.NAME_LENGTH_OFFSET, NAME.length(), ByteOrder.LITTLE_ENDIAN);
                if (CheckpointFile.HEADER_LENGTH + NAME.length() <= length - CheckpointFile.TRAILER_LENGTH)
                {
                    buffer.putStringWithoutLengthAscii(CheckpointFile.HEADER_LENGTH, NAME);
                }
            }
            if ((control & 2) != 0)
            {
                final long state = (long)length - CheckpointFile.HEADER_LENGTH - CheckpointFile.TRAILER_LENGTH -
                    buffer.getInt(CheckpointFile.NAME_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN) -
                    buffer.getInt(CheckpointFile.PENDING_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
                buffer.putInt(CheckpointFile.STATE_LENGTH_OFFSET, (int)state, ByteOrder.LITTLE_ENDIAN);
            }
            if ((control & 1) != 0)
            {
                CheckpointFile.seal(buffer, length - CheckpointFile.TRAILER_LENGTH, new CRC32C(), new byte[256]);
            }
        }
        if (!file.wrap(buffer, 0, length, NAME))
        {
            check(null != file.reason(), "refused without a reason");
            return;
        }
        check(file.nameLength() >= 0 && file.pendingLength() >= 0 && file.stateLength() >= 0, "negative section");
        checkRange(file.stateOffset(), file.stateLength(), 0, length - CheckpointFile.TRAILER_LENGTH, "state");
        restoreAndWalk(buffer, file.pendingOffset(), file.pendingLength());
    }

    /**
     * {@link OutputQueue#restore} over arbitrary bytes, then every accessor over the records it accepted.
     */
    @FuzzTest(maxDuration = "30s")
    void outputQueue(final byte[] input)
    {
        final UnsafeBuffer buffer = FuzzSupport.exact(input);
        boundedAllocation(input.length, "OutputQueue.restore", () -> restoreAndWalk(buffer, 0, input.length));
    }

    /**
     * {@link OutputForwarding#onMessage}, the service family's member message, with a fake {@link FamilyLog} (byte 0:
     * bit 0 leads, bit 1 makes the harness write the log's id into the message so the fuzzer reaches the append):
     * what it appends lies inside the message.
     */
    @FuzzTest(maxDuration = "30s")
    void outputForwarding(final byte[] input)
    {
        if (input.length < 1)
        {
            return;
        }
        final int control = input[0] & 0xFF;
        final UnsafeBuffer buffer = FuzzSupport.exact(input);
        if ((control & 2) != 0 && input.length >= 1 + 12)
        {
            buffer.putInt(1 + 8, log.logId(), ByteOrder.LITTLE_ENDIAN);
        }
        log.leader = (control & 1) != 0;
        log.messageOffset = 1;
        log.messageLength = input.length - 1;
        boundedAllocation(input.length, "OutputForwarding.onMessage", () ->
        {
            final String refused = OutputForwarding.onMessage(buffer, 1, input.length - 1, log);
            check(null == refused || !refused.isEmpty(), "empty reason");
            OutputForwarding.onMessage(buffer, 1, input.length - 1, null);
        });
    }

    /**
     * Writes the seed inputs of these targets (docs/fuzzing.md).
     */
    @Test
    @EnabledIfSystemProperty(named = FuzzSupport.WRITE_SEEDS_PROPERTY, matches = "true")
    void writeSeeds()
    {
        final Class<?> c = ServiceFuzzTest.class;
        final UnsafeBuffer b = new UnsafeBuffer(new byte[4096]);
        final UnsafeBuffer source = new UnsafeBuffer("caller".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        final byte[] argsBytes = "arguments".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int at = ServiceCalls.putHeader(b, 0, CallKind.ASYNC, 12, 99, source, 0, source.capacity());
        b.putBytes(at, argsBytes);
        final byte[] asyncCall = bytes(b, at + argsBytes.length);
        FuzzSupport.writeSeed(c, "serviceCall", "async-from-service", asyncCall);
        at = ServiceCalls.putHeader(b, 0, CallKind.FORK, 3, 0, source, 0, 0);
        FuzzSupport.writeSeed(c, "serviceCall", "fork-from-producer-no-args", bytes(b, at));
        FuzzSupport.writeSeed(c, "serviceCall", "source-past-end", new byte[]{1, 0, 64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 'x'});
        FuzzSupport.writeSeed(c, "serviceCall", "short", new byte[]{1, 0});

        // pending outputs: two records, as a checkpoint carries them
        final OutputQueue outputs = new OutputQueue();
        final byte[] channel = "svc/other".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int n = 1; n <= 2; n++)
        {
            final int channelOffset = outputs.begin(n, channel.length);
            outputs.buffer().putBytes(channelOffset, channel);
            outputs.buffer().putBytes(channelOffset + channel.length, asyncCall);
            outputs.end(asyncCall.length);
        }
        final UnsafeBuffer pendingBuffer = new UnsafeBuffer(new byte[outputs.liveLength()]);
        outputs.copyTo(pendingBuffer, 0);
        final byte[] pending = pendingBuffer.byteArray();
        FuzzSupport.writeSeed(c, "outputQueue", "two-records", pending);
        FuzzSupport.writeSeed(c, "outputQueue", "record-lengths-do-not-add-up", new byte[]{40, 0, 0, 0, 4, 0, 0, 0, 1,
            0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0});
        FuzzSupport.writeSeed(c, "outputQueue", "truncated", new byte[]{24, 0, 0, 0});

        // a checkpoint file: header, name, pending outputs, state, CRC
        final byte[] state = "service state".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        final UnsafeBuffer f = new UnsafeBuffer(new byte[CheckpointFile.HEADER_LENGTH + NAME.length() + pending.length +
            state.length + CheckpointFile.TRAILER_LENGTH]);
        CheckpointFile.putHeader(f, 17, 2, 1, 5, NAME.length(), pending.length, state.length);
        f.putStringWithoutLengthAscii(CheckpointFile.HEADER_LENGTH, NAME);
        f.putBytes(CheckpointFile.HEADER_LENGTH + NAME.length(), pending);
        f.putBytes(CheckpointFile.HEADER_LENGTH + NAME.length() + pending.length, state);
        CheckpointFile.seal(f, f.capacity() - CheckpointFile.TRAILER_LENGTH, new CRC32C(), new byte[256]);
        FuzzSupport.writeSeed(c, "checkpointFile", "sound", concat(new byte[]{0}, f.byteArray()));
        FuzzSupport.writeSeed(c, "checkpointFile", "harness-seals", concat(new byte[]{7}, f.byteArray()));
        FuzzSupport.writeSeed(c, "checkpointFile", "short", new byte[]{0, 'B', 'S', 'C', 'P'});

        // a forwarded output
        final UnsafeBuffer m = new UnsafeBuffer(new byte[256]);
        final int length = OutputForwarding.encode(m, log.logId(), -5, 3, new UnsafeBuffer(concat(channel, asyncCall)),
            0, channel.length, channel.length, asyncCall.length);
        FuzzSupport.writeSeed(c, "outputForwarding", "leader-appends", concat(new byte[]{1}, bytes(m, length)));
        FuzzSupport.writeSeed(c, "outputForwarding", "follower", concat(new byte[]{0}, bytes(m, length)));
        FuzzSupport.writeSeed(c, "outputForwarding", "channel-past-end", concat(new byte[]{3},
            bytes(m, OutputForwarding.HEADER_LENGTH)));
        FuzzSupport.writeSeed(c, "outputForwarding", "short", new byte[]{3, 24, 0, 1, 0});
    }

    private void restoreAndWalk(final DirectBuffer src, final int offset, final int length)
    {
        final String problem = queue.restore(src, offset, length);
        if (null != problem)
        {
            return;
        }
        if (!(queue.liveLength() == length))
        {
            throw new AssertionError("restored " + queue.liveLength() + " of " + length);
        }
        int count = 0;
        for (int at = queue.isEmpty() ? -1 : 0; at >= 0; at = queue.next(at))
        {
            checkRange(queue.channelOffset(at), queue.channelLength(at), at, length - at, "channel");
            checkRange(queue.payloadOffset(at), queue.payloadLength(at), at, length - at, "payload");
            check(queue.find(queue.seq(at)) >= 0 || count > 0, "first record not found by its number");
            count++;
            check(count <= length / OutputQueue.RECORD_HEADER_LENGTH, "more records than bytes");
        }
        if (!(count == queue.count()))
        {
            throw new AssertionError("walked " + count + " records, restore counted " + queue.count());
        }
        if (!queue.isEmpty())
        {
            queue.release(queue.firstSeq());
        }
    }

    private static void checkRange(
        final int offset, final int length, final int outerOffset, final int outerLength, final String what)
    {
        if (!(length >= 0 && offset >= outerOffset && (long)offset + length <= (long)outerOffset + outerLength))
        {
            throw new AssertionError(what + " [" + offset + ", +" + length + ") outside [" + outerOffset + ", +" +
                outerLength + ")");
        }
    }

    /**
     * Not leading, or leading and appending nothing: checks the ranges it is asked to append.
     */
    static final class FakeFamilyLog implements FamilyLog
    {
        boolean leader;
        int messageOffset;
        int messageLength;

        public int logId()
        {
            return 7;
        }

        public boolean isLeader()
        {
            return leader;
        }

        public long epoch()
        {
            return 1;
        }

        public long appendFrame(final int frameType, final DirectBuffer body, final int offset, final int length)
        {
            return NOT_LEADER;
        }

        public long appendEntry(final long producerId, final long producerSeqno, final DirectBuffer buffer,
            final int channelOffset, final int channelLength, final int payloadOffset, final int payloadLength)
        {
            check(leader, "append while not leading");
            checkRange(channelOffset, channelLength, messageOffset, messageLength, "forwarded channel");
            checkRange(payloadOffset, payloadLength, messageOffset, messageLength, "forwarded payload");
            return (producerSeqno & 1) == 0 ? DUPLICATE : REFUSED;
        }

        public long lastProducerSeqno(final long producerId)
        {
            return 0;
        }

        public long lowestMemberSeqno()
        {
            return -1;
        }

        public int releaseBefore(final long seqno)
        {
            return 0;
        }

        public long firstHeldSeqno()
        {
            return 1;
        }

        public long commitSeqno()
        {
            return 0;
        }

        public int commitCounterId()
        {
            return 0;
        }

        public CommittedFrames openCommitted(final long fromSeqno)
        {
            throw new UnsupportedOperationException();
        }
    }
}
