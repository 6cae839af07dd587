package io.boomscooter.engine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real node process started from a config file shuts down cleanly on SIGTERM: exit code 0, its
 * embedded Aeron directory removed, and its error log readable afterwards by {@code boomscooter errors}.
 */
class NodeProcessTest
{
    @TempDir
    Path tmp;

    @Test
    void nodeStopsCleanlyOnSigterm() throws Exception
    {
        final Path config = tmp.resolve("node.properties");
        Files.writeString(config, "boomscooter.node.id=5\nboomscooter.threading.mode=SHARED\n" +
            "boomscooter.data.dir=" + tmp.resolve("data") + "\n");

        final String aeronDir;
        final int exitCode;
        try (ChildJvm node = ChildJvm.start(BoomscooterCli.class, "node", "--config", config.toString()))
        {
            final String running = node.awaitLine(l -> l.startsWith("node 5 running"), 30, TimeUnit.SECONDS);
            assertTrue(null != running, "node never reported running: " + node.lines());
            aeronDir = running.replaceAll(".*aeron-dir=(\\S+).*", "$1");
            assertTrue(new File(aeronDir).isDirectory(), "embedded aeron dir exists: " + aeronDir);

            node.terminate();
            exitCode = node.waitFor(30, TimeUnit.SECONDS);
            assertTrue(null != node.awaitLine("node 5 stopped"::equals, 10, TimeUnit.SECONDS), node.lines().toString());
        }

        // 143 = 128 + SIGTERM: the JVM reports the signal once the shutdown hook has let the node finish.
        assertTrue(exitCode == 0 || exitCode == 143, "exit code after SIGTERM: " + exitCode);
        assertFalse(new File(aeronDir).exists(), "aeron dir removed on shutdown");
        assertTrue(new File(tmp.resolve("data").toFile(), "errors.dat").isFile());
    }
}
