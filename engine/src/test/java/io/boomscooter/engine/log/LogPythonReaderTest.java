package io.boomscooter.engine.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.boomscooter.engine.log.LogTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/log-format.md is enough to read a log: tools/read_log.py, written from it with the standard library
 * only, checks a log written by the Java writer.
 */
class LogPythonReaderTest
{
    @TempDir
    Path tmp;

    private static Path script()
    {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (null != dir && !Files.exists(dir.resolve("tools/read_log.py")))
        {
            dir = dir.getParent();
        }
        assertTrue(null != dir, "tools/read_log.py not found above " + System.getProperty("user.dir"));
        return dir.resolve("tools/read_log.py");
    }

    private static String[] run(final Path logDir, final String... extra) throws Exception
    {
        final java.util.List<String> command = new java.util.ArrayList<>(
            java.util.List.of("python3", script().toString(), logDir.toString()));
        command.addAll(java.util.List.of(extra));
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python3 timed out");
        return new String[] {Integer.toString(p.exitValue()), new String(out, StandardCharsets.UTF_8)};
    }

    @Test
    void pythonReaderChecksALogWrittenByTheJavaWriter() throws Exception
    {
        final Path dir = tmp.resolve("log");
        try (LogWriter writer = LogWriter.open(dir, smallSegments()))
        {
            for (int i = 0; i < 3000; i++)
            {
                appendDeterministic(writer);
            }
            writer.trimBelow(500);
        }
        final long first = LogDirectory.segmentBases(dir)[0];
        final String[] ok = run(dir, "--json");
        assertEquals("0", ok[0], ok[1]);
        assertTrue(ok[1].contains("\"ok\": true"), ok[1]);
        assertTrue(ok[1].contains("\"entries\": " + (3001 - first)), ok[1]);
        assertTrue(ok[1].contains("\"firstSeqno\": " + first), ok[1]);
        assertTrue(ok[1].contains("\"lastSeqno\": 3000"), ok[1]);
        assertTrue(ok[1].contains("\"lastEpoch\": " + epochFor(3000)), ok[1]);

        final String[] entries = run(dir, "--entries");
        assertTrue(entries[1].contains("\"seqno\": 3000, \"timestamp\": 3000000, \"epoch\": 1, \"producerId\": 42, " +
            "\"producerSeqno\": 3007, \"channel\": \"orders.eu\""), entries[1].substring(0, 300));

        // Flip a bit in the body of the first frame: the Python reader finds the same seqno and offset.
        final Path seg = dir.resolve(LogFormat.segmentFileName(first));
        try (RandomAccessFile raf = new RandomAccessFile(seg.toFile(), "rw"))
        {
            raf.seek(LogFormat.SEGMENT_HEADER_LENGTH + LogFormat.FRAME_HEADER_LENGTH + 12);
            final int b = raf.read();
            raf.seek(LogFormat.SEGMENT_HEADER_LENGTH + LogFormat.FRAME_HEADER_LENGTH + 12);
            raf.write(b ^ 0x40);
        }
        final String[] bad = run(dir, "--json");
        assertEquals("1", bad[0], bad[1]);
        assertTrue(bad[1].contains("\"badSeqno\": " + first), bad[1]);
        assertTrue(bad[1].contains("\"offset\": " + LogFormat.SEGMENT_HEADER_LENGTH), bad[1]);
        assertTrue(bad[1].contains("checksum mismatch"), bad[1]);
        assertEquals(first, LogVerifier.verify(dir).badSeqno(), "Java and Python agree");
    }

    @Test
    void pythonReaderSkipsMarkersAndFamilyFramesAndReportsBytesPerEntry() throws Exception
    {
        final Path dir = tmp.resolve("typed");
        final org.agrona.concurrent.UnsafeBuffer body = new org.agrona.concurrent.UnsafeBuffer(new byte[40]);
        try (LogWriter writer = LogWriter.open(dir, smallSegments()))
        {
            writer.appendFrame(FrameTypes.LEADER_MARKER, 1, 0, body, 0, 0);
            for (int i = 1; i <= 2000; i++)
            {
                writer.appendEntry(1, i, 9, i, SCRATCH, 0, 0, 0, 0, 0, 32);
                if (i % 100 == 0)
                {
                    writer.appendFrame(0x1F3, 1, 0, body, 0, 1 + i % 40);
                }
            }
            assertTrue(writer.segmentCount() > 2);
        }
        final String[] ok = run(dir, "--json");
        assertEquals("0", ok[0], ok[1]);
        assertTrue(ok[1].contains("\"ok\": true"), ok[1]);
        assertTrue(ok[1].contains("\"entries\": 2000"), ok[1]);
        assertTrue(ok[1].contains("\"otherFrames\": 21"), ok[1]);
        assertTrue(ok[1].contains("\"lastSeqno\": 2021"), ok[1]);
        assertTrue(ok[1].contains("\"bytesPerEntry\": 88.0"), ok[1]);
        final String[] entries = run(dir, "--entries");
        assertEquals(2000 + 1, entries[1].split("\n").length, "one line per entry plus the summary");
        assertEquals(88.0, LogVerifier.verify(dir).bytesPerEntry(), 0.001, "Java and Python agree");
    }
}
