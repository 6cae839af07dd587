package io.boomscooter.engine.cli;

import io.boomscooter.engine.log.LogFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogCommandTest
{
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture()
    {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore()
    {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private int run(final String... args)
    {
        out.reset();
        err.reset();
        return BoomscooterCli.newCommandLine().execute(args);
    }

    private String out()
    {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void appendTailVerifyStats() throws Exception
    {
        final String dir = tmp.resolve("log").toString();
        assertEquals(0, run("log", "append", dir, "--count", "5000", "--size", "40", "--channel", "fx.eur",
            "--segment-length", "65536", "--json"));
        assertTrue(out().contains("\"lastSeqno\":5000"), out());

        assertEquals(0, run("log", "tail", dir, "--from", "4999", "--json"));
        final String[] lines = out().trim().split("\n");
        assertEquals(2, lines.length, out());
        assertTrue(lines[0].startsWith("{\"seqno\":4999,\"timestamp\":"), lines[0]);
        assertTrue(lines[1].contains("\"epoch\":1,\"producerId\":1,\"producerSeqno\":5000,\"channel\":\"fx.eur\"," +
            "\"key\":\"\",\"payload\":\"YWJj"), lines[1]);

        assertEquals(0, run("log", "verify", dir));
        assertTrue(out().startsWith("ok: 5000 entries"), out());
        assertEquals(0, run("log", "stats", dir, "--json"));
        assertTrue(out().contains("\"entries\":5000") && out().contains("\"ok\":true"), out());
        // 32 header + 21 fixed body + 6 channel + 40 payload = 99 bytes, 104 aligned
        assertTrue(out().contains("\"bytesPerEntry\":104.0"), out());

        final Path seg = tmp.resolve("log").resolve(LogFormat.segmentFileName(1));
        try (RandomAccessFile raf = new RandomAccessFile(seg.toFile(), "rw"))
        {
            raf.seek(LogFormat.SEGMENT_HEADER_LENGTH + LogFormat.FRAME_HEADER_LENGTH + 30);
            raf.write(0xEE);
        }
        assertEquals(1, run("log", "verify", dir, "--json"));
        assertTrue(out().contains("\"ok\":false") && out().contains("\"badSeqno\":1") &&
            out().contains("\"offset\":64") && out().contains("checksum mismatch"), out());
        assertEquals(1, run("log", "tail", dir));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("corrupt log at seqno 1"), err.toString());
    }

    @Test
    void clearErrorsAndHelp() throws Exception
    {
        final Path notALog = Files.createDirectories(tmp.resolve("notalog"));
        Files.writeString(notALog.resolve("x.txt"), "x");
        assertEquals(1, run("log", "verify", notALog.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("not a log directory"), err.toString());
        assertEquals(1, run("log", "append", notALog.toString(), "--count", "1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("not a log directory"), err.toString());
        for (final String sub : new String[] {"append", "tail", "verify", "stats"})
        {
            assertEquals(0, run("log", sub, "--help"));
            assertTrue(out().contains("DIR"), out());
        }
        assertEquals(0, run("log", "--help"));
        assertTrue(out().contains("append") && out().contains("stats"), out());
    }
}
