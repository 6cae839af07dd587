package io.boomscooter.engine.subscriber;

import io.boomscooter.engine.cli.BoomscooterCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static io.boomscooter.engine.subscriber.SubscriberTestSupport.LOG_ID;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.Server;
import static io.boomscooter.engine.subscriber.SubscriberTestSupport.TestLog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code boomscooter subscribe} against an in-process fan-out: JSON lines, limits, prefix, exit codes.
 */
class SubscriberCliTest
{
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int run(final String... args)
    {
        final PrintStream saved = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try
        {
            return BoomscooterCli.newCommandLine().execute(args);
        }
        finally
        {
            System.setOut(saved);
        }
    }

    @Test
    void printsTheRangeAsJsonLinesAndExits()
    {
        try (TestLog log = new TestLog(tmp, LOG_ID, 64 * 1024); Server server = Server.tcp(log))
        {
            log.appendAndCommit(30, 2);
            final String target = "127.0.0.1:" + server.agent.tcpPort();
            assertEquals(0, run("subscribe", "--tcp", target, "--log", "" + LOG_ID, "--from", "3", "--to", "12",
                "--json"));
            final String[] lines = out.toString(StandardCharsets.UTF_8).trim().split("\n");
            assertEquals(11, lines.length, String.join("\n", lines));
            for (int i = 0; i < 10; i++)
            {
                assertTrue(lines[i].startsWith("{\"log\":" + LOG_ID + ",\"seqno\":" + (3 + i) + ","), lines[i]);
                assertTrue(lines[i].contains("\"channel\":\"c." + ((3 + i) % 2) + "\""), lines[i]);
                assertTrue(lines[i].contains("\"payload\":\""), lines[i]);
            }
            assertTrue(lines[10].contains("\"complete\":\"END_SEQNO\""), lines[10]);

            out.reset();
            assertEquals(0, run("subscribe", "--tcp", target, "--log", "" + LOG_ID, "--from", "1", "--count", "4",
                "--channel", "c.1"));
            final String[] plain = out.toString(StandardCharsets.UTF_8).trim().split("\n");
            assertEquals(4, plain.length);
            assertTrue(plain[3].startsWith(LOG_ID + " 7 c.1 "), plain[3]);

            assertEquals(2, run("subscribe", "--tcp", target, "--log", "99", "--from", "1"));
        }
    }
}
