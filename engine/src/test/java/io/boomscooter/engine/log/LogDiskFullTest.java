package io.boomscooter.engine.log;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9 item 7: a log on a full file system refuses appends with a clear error and a counter, and everything
 * appended stays readable. Before segments were reserved, the writer mapped sparse files and the first write to
 * a page the file system could not back killed the JVM with SIGBUS; the writer runs in a child JVM for that
 * reason. Needs root to mount a 2 MiB tmpfs; skipped with a message otherwise.
 */
class LogDiskFullTest
{
    @TempDir
    Path tmp;

    private static int run(final String... command) throws Exception
    {
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS))
        {
            p.destroyForcibly();
            return -1;
        }
        if (0 != p.exitValue())
        {
            System.err.println(String.join(" ", command) + ": " + out);
        }
        return p.exitValue();
    }

    @Test
    void aFullDiskRefusesAppendsClearlyAndKeepsEveryEntryReadable() throws Exception
    {
        final Path mount = tmp.resolve("small");
        Files.createDirectories(mount);
        Assumptions.assumeTrue(0 == run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString()),
            "cannot mount a 2 MiB tmpfs here (needs root): full-disk test skipped");
        try
        {
            final Path dir = mount.resolve("log");
            final List<String> lines = new CopyOnWriteArrayList<>();
            final Process child = LogTestSupport.startJava(LogDiskFullProcess.class, dir.toString());
            final Thread pump = LogTestSupport.pumpLines(child, lines::add);
            final boolean exited = child.waitFor(120, TimeUnit.SECONDS);
            if (!exited)
            {
                child.destroyForcibly();
            }
            pump.join(TimeUnit.SECONDS.toMillis(10));
            assertTrue(exited, "child did not finish: " + lines);
            assertEquals(0, child.exitValue(), "child died (SIGBUS?): exit " + child.exitValue() + " " + lines);

            final String refused = lines.stream().filter(l -> l.startsWith("refused ")).findFirst()
                .orElseThrow(() -> new AssertionError("no refusal: " + lines));
            final String[] parts = refused.split(" ", 4);
            final long last = Long.parseLong(parts[1]);
            assertTrue(last > 1000, "a 2 MiB file system holds many entries before it is full: " + refused);
            assertTrue(Long.parseLong(parts[2]) >= 1, "diskFullCount counts the refusal: " + refused);
            assertTrue(parts[3].contains("refuses the append of seqno " + (last + 1)) &&
                parts[3].contains("cannot be reserved") && parts[3].contains("stay readable"), parts[3]);
            assertTrue(lines.contains("second append refused " + (Long.parseLong(parts[2]) + 1)),
                "still refused, and counted: " + lines);
            assertTrue(lines.contains("read " + last + " " + last), "every appended entry reads back: " + lines);
            assertTrue(lines.contains("done"), lines.toString());

            final LogVerifier.Result verified = LogVerifier.verify(dir);
            assertTrue(verified.ok(), verified.describe());
            assertEquals(last, verified.lastSeqno());
            assertEquals(last, verified.entries());
        }
        finally
        {
            run("umount", mount.toString());
        }
    }
}
