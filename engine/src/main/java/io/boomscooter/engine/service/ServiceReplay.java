package io.boomscooter.engine.service;

import io.boomscooter.engine.log.LogEntryView;
import io.boomscooter.engine.log.LogReader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A what-if run, offline: replays a log (from a checkpoint, or from the start) through a version of a service
 * with its outgoing calls suppressed, and compares each call it would have made with the call the log holds
 * under the same output number — what the running version made. Divergence is reported, not fatal: the
 * report says how many outputs matched, where the first difference is, and what is missing or extra.
 * Allocates freely: a tool, not a duty cycle.
 */
public final class ServiceReplay
{
    /**
     * What a what-if run found.
     */
    public static final class Report
    {
        public long callsReplayed;
        public long fromSeqno;
        public long toSeqno;
        public long outputsCompared;
        public long outputsMatched;
        /** Output numbers the new version made that the log does not hold (made beyond what was logged). */
        public long outputsExtra;
        /** Outputs the log holds past the new version's last one. */
        public long outputsMissing;
        public long firstDivergentOutput = -1;
        public long firstDivergentCallSeqno = -1;
        public String firstDivergence;
        public byte[] finalState;

        public boolean diverged()
        {
            return firstDivergentOutput >= 0 || outputsMissing > 0;
        }
    }

    private ServiceReplay()
    {
    }

    /**
     * @param logDir     the log's directory on one node.
     * @param checkpoint the bytes of a checkpoint file of this service to start from, or null for the start.
     * @param toSeqno    replay up to this seqno (inclusive); Long.MAX_VALUE for the whole log.
     */
    public static Report run(final Path logDir, final String name, final Service service, final byte[] checkpoint,
        final long toSeqno)
    {
        final long producerId = ServiceCalls.producerId(name);
        final Map<Long, byte[]> logged = loggedOutputs(logDir, producerId);
        final CountersManager counters = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024)));
        final ServiceSettings settings = new ServiceSettings().checkpointEveryCalls(0).checkpointIntervalNs(0);
        final ServiceSlot slot = new ServiceSlot(name, service, settings, new CheckpointStore(logDir, name),
            new ServiceCounters((type, label) -> counters.newCounter(label, type), name), Throwable::printStackTrace);
        slot.start(null, checkpoint, System.nanoTime());
        slot.outputQueue().release(slot.outputs()); // held by the checkpoint: the running version's, not this one's
        final Report report = new Report();
        report.fromSeqno = slot.processedSeqno() + 1;
        final long[] lastCallSeqno = {0};
        try (LogReader reader = LogReader.open(logDir))
        {
            final LogEntryView entry = reader.entryView();
            reader.seek(report.fromSeqno);
            int n;
            do
            {
                n = reader.poll((buffer, offset, length, seqno, epoch, timestampNs) ->
                {
                    if (seqno > toSeqno)
                    {
                        return;
                    }
                    report.toSeqno = seqno;
                    if (entry.wrap(buffer, offset, length) &&
                        slot.isChannel(buffer, entry.channelOffset(), entry.channelLength()))
                    {
                        lastCallSeqno[0] = seqno;
                        if (slot.onCall(buffer, entry.payloadOffset(), entry.payloadLength(), seqno, timestampNs))
                        {
                            report.callsReplayed++;
                        }
                        compare(slot, logged, report, seqno);
                    }
                    slot.advance(seqno);
                }, 1000);
            }
            while (n > 0 && report.toSeqno < toSeqno);
        }
        final long lastMade = slot.outputs();
        for (final long number : logged.keySet())
        {
            if (number > lastMade)
            {
                report.outputsMissing++;
            }
        }
        final org.agrona.ExpandableArrayBuffer state = new org.agrona.ExpandableArrayBuffer(4096);
        final int length = service.onCheckpoint(state);
        report.finalState = new byte[length];
        state.getBytes(0, report.finalState);
        return report;
    }

    private static void compare(final ServiceSlot slot, final Map<Long, byte[]> logged, final Report report,
        final long callSeqno)
    {
        final OutputQueue made = slot.outputQueue();
        if (made.isEmpty())
        {
            return;
        }
        long last = -1;
        for (int at = made.find(made.firstSeq()); at >= 0; at = made.next(at))
        {
            final long number = made.seq(at);
            last = number;
            final byte[] expected = logged.get(number);
            if (null == expected)
            {
                report.outputsExtra++;
                continue;
            }
            report.outputsCompared++;
            final byte[] actual = recordBytes(made.buffer(), made.channelOffset(at), made.channelLength(at),
                made.payloadOffset(at), made.payloadLength(at));
            if (java.util.Arrays.equals(expected, actual))
            {
                report.outputsMatched++;
            }
            else if (report.firstDivergentOutput < 0)
            {
                report.firstDivergentOutput = number;
                report.firstDivergentCallSeqno = callSeqno;
                report.firstDivergence = "output " + number + " (made handling the call at seqno " + callSeqno +
                    "): the log holds " + describe(expected) + ", this version made " + describe(actual);
            }
        }
        made.release(last);
    }

    private static String describe(final byte[] record)
    {
        final int channelLength = ByteBuffer.wrap(record).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0);
        final String channel = new String(record, 4, channelLength, java.nio.charset.StandardCharsets.US_ASCII);
        final StringBuilder hex = new StringBuilder();
        for (int i = 4 + channelLength; i < record.length && i < 4 + channelLength + 48; i++)
        {
            hex.append(String.format("%02x", record[i]));
        }
        return "a call on " + channel + " of " + (record.length - 4 - channelLength) + " bytes " + hex +
            (record.length - 4 - channelLength > 48 ? "..." : "");
    }

    private static byte[] recordBytes(final DirectBuffer buffer, final int channelOffset, final int channelLength,
        final int payloadOffset, final int payloadLength)
    {
        final byte[] bytes = new byte[4 + channelLength + payloadLength];
        ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0, channelLength);
        buffer.getBytes(channelOffset, bytes, 4, channelLength);
        buffer.getBytes(payloadOffset, bytes, 4 + channelLength, payloadLength);
        return bytes;
    }

    private static Map<Long, byte[]> loggedOutputs(final Path logDir, final long producerId)
    {
        final Map<Long, byte[]> outputs = new HashMap<>();
        try (LogReader reader = LogReader.open(logDir))
        {
            final LogEntryView entry = reader.entryView();
            reader.seek(Math.max(1, reader.earliestSeqno()));
            while (reader.poll((buffer, offset, length, seqno, epoch, timestampNs) ->
            {
                if (entry.wrap(buffer, offset, length) && entry.producerId() == producerId)
                {
                    outputs.putIfAbsent(entry.producerSeqno(), recordBytes(buffer, entry.channelOffset(),
                        entry.channelLength(), entry.payloadOffset(), entry.payloadLength()));
                }
            }, 1000) > 0)
            {
                // read on: outputs of calls up to toSeqno may be logged after it
            }
        }
        return outputs;
    }
}
