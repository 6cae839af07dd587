package io.boomscooter.engine.subscriber;

import io.boomscooter.driver.tcp.TcpTransportPoller;
import io.boomscooter.engine.auth.CredentialsWatcher;
import io.boomscooter.engine.cli.BoomscooterCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

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
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args)
    {
        final PrintStream saved = System.out;
        final PrintStream savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try
        {
            return BoomscooterCli.newCommandLine().execute(args);
        }
        finally
        {
            System.setOut(saved);
            System.setErr(savedErr);
        }
    }

    @Test
    void authenticatesWithACredentialsFileAndReportsARefusal() throws IOException
    {
        final Path nodeFile = privateFile("node.credentials", "alice = " + SubscriberAuthTest.hex(SubscriberAuthTest.KEY_1) +
            "\nbob = " + SubscriberAuthTest.hex(SubscriberAuthTest.KEY_3) + "\n");
        final Path wrongFile = privateFile("wrong.credentials", "alice = " +
            SubscriberAuthTest.hex(SubscriberAuthTest.KEY_2) + "\n");
        try (CredentialsWatcher watcher = new CredentialsWatcher(nodeFile, 3_600_000, Throwable::printStackTrace);
            TestLog log = new TestLog(tmp.resolve("log"), LOG_ID, 64 * 1024);
            Server server = new Server(new SubscriberAgent.Context()
                .tcp(new TcpTransportPoller.Context().host("127.0.0.1").port(0))
                .credentialsWatcher(watcher).logSource(log)))
        {
            log.appendAndCommit(10, 1);
            final String target = "127.0.0.1:" + server.agent.tcpPort();
            assertEquals(0, run("subscribe", "--tcp", target, "--log", "" + LOG_ID, "--to", "5",
                "--credentials-file", nodeFile.toString(), "--principal", "bob"));
            assertEquals(5, out.toString(StandardCharsets.UTF_8).trim().split("\n").length);

            assertEquals(2, run("subscribe", "--tcp", target, "--log", "" + LOG_ID, "--to", "5"));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("BAD_CREDENTIALS: not authenticated"),
                err.toString(StandardCharsets.UTF_8));

            err.reset();
            assertEquals(2, run("subscribe", "--tcp", target, "--log", "" + LOG_ID, "--to", "5",
                "--credentials-file", wrongFile.toString()));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("authentication refused: BAD_PROOF"),
                err.toString(StandardCharsets.UTF_8));

            err.reset();
            assertEquals(1, run("subscribe", "--tcp", target, "--credentials-file", nodeFile.toString()));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("holds 2 principals: say which one to use"),
                err.toString(StandardCharsets.UTF_8));
        }
    }

    private Path privateFile(final String name, final String content) throws IOException
    {
        final Path file = tmp.resolve(name);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
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
