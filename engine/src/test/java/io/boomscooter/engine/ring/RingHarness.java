package io.boomscooter.engine.ring;

import io.boomscooter.engine.cli.BoomscooterCli;
import io.boomscooter.engine.cli.ChildJvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A ring of real server processes ({@code boomscooter node} with {@code boomscooter.ring.*} keys), server i on
 * its own loopback address 127.0.0.(i+1), and what their access.log and error.log files say.
 */
final class RingHarness implements AutoCloseable
{
    private final Path dir;
    private final int size;
    private final List<RingSettings.Server> servers = new ArrayList<>();
    private final ChildJvm[] processes;

    RingHarness(final Path dir, final int size) throws IOException
    {
        this.dir = dir;
        this.size = size;
        this.processes = new ChildJvm[size];
        Files.createDirectories(dir);
        // below the kernel's ephemeral range (32768+), so no outgoing socket holds a port a server wants
        final int base = 20_000 + ThreadLocalRandom.current().nextInt(600) * 20;
        final StringBuilder list = new StringBuilder();
        for (int i = 0; i < size; i++)
        {
            final RingSettings.Server server = new RingSettings.Server("127.0.0." + (i + 1), base + 2 * i, base + 2 * i + 1);
            servers.add(server);
            list.append(i == 0 ? "" : ",").append(server);
        }
        for (int i = 0; i < size; i++)
        {
            Files.writeString(config(i), "boomscooter.node.id=" + i + "\n" +
                "boomscooter.data.dir=" + dir.resolve("server" + i) + "\n" +
                "boomscooter.ring.servers=" + list + "\n" +
                "boomscooter.ring.index=" + i + "\n");
        }
    }

    List<RingSettings.Server> servers()
    {
        return servers;
    }

    Path config(final int i)
    {
        return dir.resolve("server" + i + ".properties");
    }

    Path ringDir(final int i)
    {
        return dir.resolve("server" + i).resolve("ring");
    }

    void startAll() throws Exception
    {
        for (int i = 0; i < size; i++)
        {
            start(i);
        }
    }

    void start(final int i) throws Exception
    {
        processes[i] = ChildJvm.start(BoomscooterCli.class, "node", "--config", config(i).toString());
        final String running = processes[i].awaitLine(l -> l.contains(" running:"), 60, TimeUnit.SECONDS);
        assertNotNull(running, "server " + i + " started: " + processes[i].lines());
    }

    void kill(final int i) throws InterruptedException
    {
        processes[i].kill();
        processes[i].waitFor(30, TimeUnit.SECONDS);
        processes[i] = null;
    }

    /**
     * @return the text of every message line in server i's access.log, with how often each appears.
     */
    Map<String, Integer> logged(final int i) throws IOException
    {
        final Map<String, Integer> texts = new HashMap<>();
        final Path file = ringDir(i).resolve("access.log");
        if (!Files.exists(file))
        {
            return texts;
        }
        for (final String line : Files.readAllLines(file, StandardCharsets.US_ASCII))
        {
            if (RingAccessLogRecovery.isMessageLine(line))
            {
                final int space = line.indexOf(' ', 20);
                texts.merge(line.substring(space + 1), 1, Integer::sum);
            }
        }
        return texts;
    }

    /**
     * @return server i's error.log once it contains the fragment; fails after the timeout.
     */
    String awaitErrorLog(final int i, final String fragment, final long timeoutS) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        String log = errorLog(i);
        while (!log.contains(fragment))
        {
            if (System.nanoTime() > deadline)
            {
                fail("server " + i + "'s error.log never said '" + fragment + "': " + log);
            }
            Thread.sleep(10);
            log = errorLog(i);
        }
        return log;
    }

    String errorLog(final int i) throws IOException
    {
        final Path file = ringDir(i).resolve("error.log");
        return Files.exists(file) ? Files.readString(file, StandardCharsets.US_ASCII) : "";
    }

    /**
     * Waits until every server's access.log holds every text, then checks each holds each exactly once and
     * nothing else.
     */
    void assertEveryServerLoggedEachOnce(final List<String> texts, final long timeoutS) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        for (int i = 0; i < size; i++)
        {
            Map<String, Integer> logged = logged(i);
            while (countPresent(logged, texts) < texts.size())
            {
                if (System.nanoTime() > deadline)
                {
                    fail("server " + i + " logged " + countPresent(logged, texts) + " of " + texts.size() +
                        " messages in " + timeoutS + " s; missing by origin (from server 0's ids): " +
                        missingByOrigin(logged, texts) + "\n" + String.join("\n", tail(i)));
                }
                Thread.sleep(50);
                logged = logged(i);
            }
            for (final String text : texts)
            {
                assertEquals(1, logged.get(text), "server " + i + " logged '" + text + "' once");
            }
            assertEquals(texts.size(), logged.size(), "server " + i + " logged nothing else");
        }
    }

    private Map<String, Integer> missingByOrigin(final Map<String, Integer> logged, final List<String> texts)
        throws IOException
    {
        final Map<String, String> origins = new HashMap<>();
        for (int server = 0; server < size; server++)
        {
            final Path file = ringDir(server).resolve("access.log");
            for (final String line : Files.exists(file) ? Files.readAllLines(file) : List.<String>of())
            {
                if (RingAccessLogRecovery.isMessageLine(line))
                {
                    final int space = line.indexOf(' ', 20);
                    origins.put(line.substring(space + 1), line.substring(20, line.indexOf('.', 20)));
                }
            }
        }
        final Map<String, Integer> missing = new HashMap<>();
        for (final String text : texts)
        {
            if (!logged.containsKey(text))
            {
                missing.merge(origins.getOrDefault(text, "unknown"), 1, Integer::sum);
            }
        }
        return missing;
    }

    private List<String> tail(final int server) throws IOException
    {
        final List<String> lines = new ArrayList<>();
        for (int s = 0; s < size; s++)
        {
            final Path file = ringDir(s).resolve("access.log");
            final List<String> all = Files.exists(file) ? Files.readAllLines(file) : List.of();
            for (final String line : all)
            {
                if (!RingAccessLogRecovery.isMessageLine(line))
                {
                    lines.add("server " + s + ": " + line);
                }
            }
            lines.add("server " + s + " errors: " + errorLog(s).replace('\n', '|'));
        }
        return lines;
    }

    private static int countPresent(final Map<String, Integer> logged, final List<String> texts)
    {
        int present = 0;
        for (final String text : texts)
        {
            present += logged.containsKey(text) ? 1 : 0;
        }
        return present;
    }

    public void close()
    {
        for (final ChildJvm process : processes)
        {
            if (null != process)
            {
                process.terminate();
                try
                {
                    process.waitFor(30, TimeUnit.SECONDS);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
                process.close();
            }
        }
    }
}
