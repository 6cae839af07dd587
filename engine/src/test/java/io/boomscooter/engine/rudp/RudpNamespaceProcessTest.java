package io.boomscooter.engine.rudp;

import io.boomscooter.engine.chaos.NetworkNamespaces;
import io.boomscooter.engine.cli.BoomscooterCli;
import io.boomscooter.engine.cli.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two processes on two hosts (network namespaces on 198.18.0.0/15): {@code boomscooter stream send} moves a file
 * to {@code stream receive}, encrypted with a key file, and the copy is byte-identical.
 */
class RudpNamespaceProcessTest
{
    @TempDir
    Path tmp;

    @Test
    void aFileCrossesBetweenHostsEncryptedAndArrivesIdentical() throws Exception
    {
        final String unavailable = NetworkNamespaces.unavailableReason();
        assumeTrue(null == unavailable, () -> "skipped: " + unavailable);
        final byte[] content = new byte[12 * 1024 * 1024 + 123];
        new Random(7).nextBytes(content);
        final Path in = Files.write(tmp.resolve("in.bin"), content);
        final Path out = tmp.resolve("out.bin");
        final byte[] key = new byte[32];
        new Random(8).nextBytes(key);
        final Path keyFile = Files.write(tmp.resolve("key"), key);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        try (NetworkNamespaces hosts = new NetworkNamespaces(2);
            ChildJvm receiver = ChildJvm.start(hosts.execPrefix(2), BoomscooterCli.class, "stream", "receive",
                "--bind", hosts.address(2) + ":9700", "--output", out.toString(), "--key-file", keyFile.toString(),
                "--duration-s", "120", "--json"))
        {
            assertNotNull(receiver.awaitLine(l -> l.contains("listening"), 30, TimeUnit.SECONDS));
            try (ChildJvm sender = ChildJvm.start(hosts.execPrefix(1), BoomscooterCli.class, "stream", "send",
                "--to", hosts.address(2) + ":9700", "--bind", hosts.address(1) + ":0", "--file", in.toString(),
                "--size", "60000", "--key-file", keyFile.toString(), "--json"))
            {
                assertEquals(0, sender.waitFor(120, TimeUnit.SECONDS), String.join("\n", sender.lines()));
            }
            assertNotNull(receiver.awaitLine(l -> l.contains("\"done\":true"), 60, TimeUnit.SECONDS),
                String.join("\n", receiver.lines()));
            assertEquals(0, receiver.waitFor(30, TimeUnit.SECONDS));
        }
        assertArrayEquals(content, Files.readAllBytes(out));
    }
}
