package io.boomscooter.perf.demo;

import io.boomscooter.engine.cli.BoomscooterCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The full CLI (engine commands plus perf's demo and bench) and a short demo run end to end: every entry
 * produced reaches commit, the subscriber and the file reader, in order, and the report files exist.
 */
class DemoCommandTest
{
    @TempDir
    Path tmp;

    @Test
    void fullCommandLineListsDemoAndBench()
    {
        final StringWriter out = new StringWriter();
        final CommandLine cli = BoomscooterCli.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        assertEquals(0, cli.execute("--help"));
        assertTrue(out.toString().contains("demo") && out.toString().contains("bench"), out.toString());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shortDemoDeliversEveryEntryToBothSubscribersAndWritesTheReport() throws Exception
    {
        final PrintStream original = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            exit = BoomscooterCli.newCommandLine().execute("demo", "--count", "20000", "--rate", "20000",
                "--output", tmp.toString(), "--json");
        }
        finally
        {
            System.setOut(original);
        }
        final String json = captured.toString(StandardCharsets.UTF_8).trim();
        assertEquals(0, exit, json);
        assertTrue(json.contains("\"produced\":20000"), json);
        assertTrue(json.contains("\"committed\":20000"), json);
        assertTrue(json.contains("\"delivered_subscriber\":20000"), json);
        assertTrue(json.contains("\"delivered_file_reader\":20000"), json);
        assertTrue(json.contains("\"out_of_order\":0"), json);
        assertTrue(Files.size(tmp.resolve("latency.hlog")) > 0);
        assertTrue(Files.size(tmp.resolve("latency.png")) > 0);
    }
}
