package io.boomscooter.engine.log;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deterministic entries for log tests: everything about entry n can be recomputed from n.
 */
final class LogTestSupport
{
    static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(60);
    static final UnsafeBuffer CHANNEL = new UnsafeBuffer("orders.eu".getBytes(StandardCharsets.US_ASCII));
    static final UnsafeBuffer SCRATCH = new UnsafeBuffer(new byte[64 * 1024]);

    static
    {
        for (int i = 0; i < SCRATCH.capacity(); i++)
        {
            SCRATCH.putByte(i, (byte)(i * 31 + 7));
        }
    }

    private LogTestSupport()
    {
    }

    static int payloadLength(final long seqno)
    {
        return (int)((seqno * 37) % 300);
    }

    static int keyLength(final long seqno)
    {
        return (int)(seqno % 9);
    }

    static long epochFor(final long seqno)
    {
        return 1 + seqno / 5000;
    }

    /** Appends an entry whose parts lie in three buffers, through the zero-copy claim. Allocation-free. */
    static long append(final LogWriter writer, final long epoch, final long timestampNs, final long producerId,
        final long producerSeqno, final DirectBuffer channel, final int channelOffset, final int channelLength,
        final DirectBuffer key, final int keyOffset, final int keyLength,
        final DirectBuffer payload, final int payloadOffset, final int payloadLength)
    {
        final int at = writer.claimEntry(epoch, timestampNs, producerId, producerSeqno, channelLength, keyLength,
            payloadLength);
        final org.agrona.MutableDirectBuffer buffer = writer.claimBuffer();
        buffer.putBytes(at, channel, channelOffset, channelLength);
        buffer.putBytes(at + channelLength, key, keyOffset, keyLength);
        buffer.putBytes(at + channelLength + keyLength, payload, payloadOffset, payloadLength);
        return writer.commit();
    }

    /** Appends an entry with contents derived from its seqno but the given epoch. */
    static long appendDeterministicAnyEpoch(final LogWriter writer, final long epoch)
    {
        final long seqno = writer.lastSeqno() + 1;
        return append(writer, epoch, seqno * 1000, 42, seqno + 7, CHANNEL, 0, CHANNEL.capacity(),
            SCRATCH, (int)(seqno % 100), keyLength(seqno), SCRATCH, (int)(seqno % 1000), payloadLength(seqno));
    }

    /** Appends the entry whose contents derive from the seqno it will get. */
    static long appendDeterministic(final LogWriter writer)
    {
        final long seqno = writer.lastSeqno() + 1;
        return append(writer, epochFor(seqno), seqno * 1000, 42, seqno + 7,
            CHANNEL, 0, CHANNEL.capacity(),
            SCRATCH, (int)(seqno % 100), keyLength(seqno),
            SCRATCH, (int)(seqno % 1000), payloadLength(seqno));
    }

    static void checkDeterministic(final DirectBuffer buffer, final int offset, final int length, final long seqno,
        final long epoch, final long timestampNs, final LogEntryView view)
    {
        assertEquals(epochFor(seqno), epoch, "epoch of " + seqno);
        assertEquals(seqno * 1000, timestampNs);
        assertTrue(view.wrap(buffer, offset, length), () -> "body of " + seqno + ": " + view.error());
        assertEquals(42, view.producerId());
        assertEquals(seqno + 7, view.producerSeqno());
        assertEquals("orders.eu", view.channelAsString());
        assertEquals(keyLength(seqno), view.keyLength());
        assertEquals(payloadLength(seqno), view.payloadLength());
        for (int i = 0; i < view.payloadLength(); i++)
        {
            if (buffer.getByte(view.payloadOffset() + i) != SCRATCH.getByte((int)(seqno % 1000) + i))
            {
                throw new AssertionError("payload byte " + i + " of seqno " + seqno);
            }
        }
    }

    /** Reads from the reader's position until nothing more is published; checks every entry; returns last seqno. */
    static long readAllChecked(final LogReader reader)
    {
        final long[] last = {reader.nextSeqno() - 1};
        final LogEntryView view = new LogEntryView();
        while (true)
        {
            final int n = reader.poll((buffer, offset, length, seqno, epoch, ts) ->
            {
                assertEquals(last[0] + 1, seqno);
                checkDeterministic(buffer, offset, length, seqno, epoch, ts, view);
                last[0] = seqno;
            }, 1000);
            if (n < 0)
            {
                throw new AssertionError("poll failed: " + n + " " + reader.corruptDescription());
            }
            if (0 == n)
            {
                return last[0];
            }
        }
    }

    static LogConfig smallSegments()
    {
        return new LogConfig().segmentLength(64 * 1024).indexInterval(16);
    }

    /** A child JVM running a main class from the test classpath. */
    static Process startJava(final Class<?> mainClass, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-exports");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("-Xmx128m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Hands every stdout line of a process to a consumer on a daemon thread. */
    static Thread pumpLines(final Process process, final Consumer<String> lines)
    {
        final Thread t = new Thread(() ->
        {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)))
            {
                String line;
                while (null != (line = in.readLine()))
                {
                    lines.accept(line);
                }
            }
            catch (final IOException ignore)
            {
                // process killed
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    static File[] files(final Path dir)
    {
        final File[] files = dir.toFile().listFiles();
        java.util.Arrays.sort(files);
        return files;
    }
}
