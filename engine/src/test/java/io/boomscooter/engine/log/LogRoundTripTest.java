package io.boomscooter.engine.log;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import static io.boomscooter.engine.log.LogTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogRoundTripTest
{
    private static final int COUNT = 20_000;

    @TempDir
    Path tmp;

    @Test
    void appendsAndReadsBackAcrossManySegmentRolls()
    {
        final Path dir = tmp.resolve("log");
        try (LogWriter writer = LogWriter.open(dir, smallSegments()))
        {
            for (int i = 1; i <= COUNT; i++)
            {
                assertEquals(i, appendDeterministic(writer));
            }
            assertTrue(writer.segmentCount() > 50, "rolled " + writer.segmentCount());
            assertEquals(COUNT, writer.lastSeqno());
            assertEquals(1, writer.firstSeqno());
            assertEquals(epochFor(COUNT), writer.lastEpoch());
            assertEquals(COUNT, writer.durableSeqno());
            try (LogReader reader = LogReader.open(dir))
            {
                assertEquals(COUNT, readAllChecked(reader));
            }
        }
        try (LogWriter writer = LogWriter.open(dir, smallSegments()))
        {
            assertEquals(COUNT, writer.lastSeqno(), "reopen recovers the end");
            assertEquals(COUNT + 1, appendDeterministic(writer));
        }
    }

    @Test
    void seeksToFirstLastBoundariesAndBeyondEnd()
    {
        final Path dir = tmp.resolve("log");
        try (LogWriter writer = LogWriter.open(dir, smallSegments()))
        {
            for (int i = 1; i <= COUNT; i++)
            {
                appendDeterministic(writer);
            }
            final long[] bases = LogDirectory.segmentBases(dir);
            try (LogReader reader = LogReader.open(dir))
            {
                final long[] targets = {1, 2, 15, 16, 17, COUNT - 1, COUNT, bases[1] - 1, bases[1], bases[1] + 1,
                    bases[bases.length - 1], bases[bases.length - 1] - 1, bases[bases.length / 2], 12_345};
                for (final long target : targets)
                {
                    assertEquals(LogReader.SEEK_OK, reader.seek(target), "seek " + target);
                    final long[] got = {0};
                    assertEquals(1, reader.poll((b, o, l, seqno, e, t) -> got[0] = seqno, 1));
                    assertEquals(target, got[0]);
                    assertEquals(target + 1, reader.nextSeqno());
                }
                assertEquals(LogReader.SEEK_OK, reader.seek(COUNT + 1), "the next seqno to be written");
                assertEquals(0, reader.poll((b, o, l, s, e, t) -> { }, 10));
                appendDeterministic(writer);
                assertEquals(1, reader.poll((b, o, l, s, e, t) -> assertEquals(COUNT + 1, s), 10));
                assertEquals(LogReader.SEEK_NOT_YET, reader.seek(COUNT + 10));
                assertThrows(IllegalArgumentException.class, () -> reader.seek(0));
            }
            assertEquals(epochFor(12_345), writer.epochOf(12_345));
            assertEquals(epochFor(1), writer.epochOf(1));
            assertEquals(LogWriter.NULL_EPOCH, writer.epochOf(COUNT + 5));
        }
    }

    @Test
    void copiedFramesAppendVerbatimToAReplicaAndTruncateAfterDropsTheTail()
    {
        final Path leaderDir = tmp.resolve("leader");
        final Path replicaDir = tmp.resolve("replica");
        final UnsafeBuffer shipping = new UnsafeBuffer(ByteBuffer.allocateDirect(8192));
        try (LogWriter leader = LogWriter.open(leaderDir, smallSegments());
            LogWriter replica = LogWriter.open(replicaDir, smallSegments().segmentLength(128 * 1024));
            LogReader reader = LogReader.open(leaderDir))
        {
            for (int i = 1; i <= 5000; i++)
            {
                appendDeterministic(leader);
            }
            int bytes;
            while ((bytes = reader.copyFrames(shipping, 0, shipping.capacity())) > 0)
            {
                replica.appendFrames(shipping, 0, bytes);
            }
            assertEquals(0, bytes);
            assertEquals(5000, replica.lastSeqno());
            assertEquals(leader.lastEpoch(), replica.lastEpoch());

            // A frame that does not continue the replica's seqnos is refused with a clear error.
            assertEquals(LogReader.SEEK_OK, reader.seek(10));
            final int one = reader.copyFrames(shipping, 0, 512);
            final LogCorruptionException gap = assertThrows(LogCorruptionException.class,
                () -> replica.appendFrames(shipping, 0, one));
            assertTrue(gap.getMessage().contains("does not continue"), gap.getMessage());

            // A flipped bit in a shipped frame is refused and leaves the replica untouched.
            assertEquals(LogReader.SEEK_OK, reader.seek(5000));
            appendDeterministic(leader);
            assertEquals(LogReader.SEEK_OK, reader.seek(5001));
            final int next = reader.copyFrames(shipping, 0, 512);
            shipping.putByte(100, (byte)(shipping.getByte(100) ^ 4));
            assertThrows(LogCorruptionException.class, () -> replica.appendFrames(shipping, 0, next));
            assertEquals(5000, replica.lastSeqno());

            replica.truncateAfter(3210);
            assertEquals(3210, replica.lastSeqno());
            assertEquals(epochFor(3210), replica.lastEpoch());
            assertEquals(3211, appendDeterministic(replica));
            final long base = LogDirectory.segmentBases(replicaDir)[1];
            replica.truncateAfter(base - 1);
            assertEquals(base - 1, replica.lastSeqno());
            assertEquals(base, appendDeterministic(replica));
            replica.truncateAfter(0);
            assertEquals(0, replica.lastSeqno());
            assertEquals(1, appendDeterministic(replica));
        }
        try (LogReader check = LogReader.open(replicaDir))
        {
            assertEquals(1, readAllChecked(check));
        }
    }

    @Test
    void refusesOversizedEntriesAndFallingEpochs()
    {
        try (LogWriter writer = LogWriter.open(tmp.resolve("log"), smallSegments()))
        {
            final UnsafeBuffer big = new UnsafeBuffer(new byte[70 * 1024]);
            assertThrows(IllegalArgumentException.class,
                () -> LogTestSupport.append(writer, 1, 0, 0, 0, CHANNEL, 0, 9, big, 0, 0, big, 0, big.capacity()));
            final UnsafeBuffer longChannel = new UnsafeBuffer(new byte[255]);
            assertThrows(IllegalArgumentException.class,
                () -> LogTestSupport.append(writer, 1, 0, 0, 0, longChannel, 0, 255, big, 0, 0, big, 0, 1));
            LogTestSupport.append(writer, 5, 0, 0, 0, CHANNEL, 0, 9, big, 0, 0, big, 0, 1);
            assertThrows(IllegalArgumentException.class,
                () -> LogTestSupport.append(writer, 4, 0, 0, 0, CHANNEL, 0, 9, big, 0, 0, big, 0, 1));
            final int max = LogFormat.maxFrameLength(64 * 1024) - LogFormat.FRAME_HEADER_LENGTH -
                LogEntryView.MIN_BODY_LENGTH - 9;
            assertEquals(2, LogTestSupport.append(writer, 5, 0, 0, 0, CHANNEL, 0, 9, big, 0, 0, big, 0, max));
            assertEquals(3, LogTestSupport.append(writer, 5, 0, 0, 0, CHANNEL, 0, 9, big, 0, 0, big, 0, 1));
        }
    }
}
