package io.boomscooter.engine.ring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a ring server rebuilds from its files: which messages it holds (re-sends are dropped), and where its
 * access.log stopped (a line cut short by a crash is written again, nothing twice).
 */
class RingRecoveryTest
{
    @TempDir
    Path tmp;

    @Test
    void aRestartedServerLogsEachMessageOnceAndDropsReSends() throws Exception
    {
        final List<RingSettings.Server> ports = RingInProcess.ports(2);
        try (RingInProcess ring = new RingInProcess(tmp, ports);
            RingClient client = new RingClient(ports, RingClient.Mode.SPECIFIC, 0, 1, 10_000))
        {
            for (int i = 0; i < 100; i++)
            {
                assertEquals("ok", client.send("before " + i));
            }
            awaitMessageLines(tmp.resolve("server1/access.log"), 100);
            awaitMessageLines(tmp.resolve("server0/access.log"), 100);
        }
        // a crash in the middle of writing a line: the server must write it again, and only it
        final Path access1 = tmp.resolve("server1/access.log");
        final List<String> lines = Files.readAllLines(access1);
        int lastMessage = lines.size() - 1;
        while (!RingAccessLogRecovery.isMessageLine(lines.get(lastMessage)))
        {
            lastMessage--;
        }
        Files.write(access1, (String.join("\n", lines.subList(0, lastMessage)) + "\n" +
            lines.get(lastMessage).substring(0, 30)).getBytes(StandardCharsets.US_ASCII),
            StandardOpenOption.TRUNCATE_EXISTING);
        assertTrue(!Files.readString(access1).endsWith("\n"), "the file ends in a torn line");

        try (RingInProcess ring = new RingInProcess(tmp, ports))
        {
            awaitMessageLines(access1, 100);
            // server 0 says it is server 0 and sends message 0.50 again, as after a broken link
            final RingSettings.Server server1 = ports.get(1);
            try (Socket peer = new Socket(server1.host(), server1.peerPort()))
            {
                peer.setSoTimeout(10_000);
                final OutputStream out = peer.getOutputStream();
                final InputStream in = peer.getInputStream();
                out.write("pzog-ids 0\r\n00.50 before 49\r\n00.101 after\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("ok", RingClient.readLine(in));
                assertEquals("ok", RingClient.readLine(in), "a re-send is answered ok");
                assertEquals("ok", RingClient.readLine(in));
            }
            awaitMessageLines(access1, 101);
            assertEquals(1, ring.total("ring duplicates dropped"));
            final List<String> logged = Files.readAllLines(access1);
            assertEquals(1, logged.stream().filter(l -> l.endsWith(" before 99")).count(), "re-logged once");
            assertEquals(1, logged.stream().filter(l -> l.endsWith(" before 49")).count(), "re-send not logged");
            assertTrue(logged.stream().anyMatch(l -> l.endsWith(" 0.101 after")));
            assertTrue(ring.failures.isEmpty(), ring.failures.toString());
        }
    }

    private static long messageLines(final Path file) throws Exception
    {
        return Files.readAllLines(file).stream().filter(RingAccessLogRecovery::isMessageLine).count();
    }

    private static void awaitMessageLines(final Path file, final long count) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((!Files.exists(file) || messageLines(file) < count) && System.nanoTime() < deadline)
        {
            Thread.sleep(10);
        }
        assertEquals(count, messageLines(file), file.toString());
    }
}
