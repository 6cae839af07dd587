package io.boomscooter.perf.demo;

import io.boomscooter.engine.cli.BoomscooterCli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the demo again in a child JVM with the Epsilon collector (which never frees memory) and a
 * 256 MB heap: if anything on the path allocated per entry, millions of entries would exhaust the heap
 * and the child would die with OutOfMemoryError.
 */
final class EpsilonRelaunch
{
    static final String HEAP = "-Xmx256m";

    private EpsilonRelaunch()
    {
    }

    static int run(final DemoCommand demo, final Path outputDir) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(DemoCommand.javaExecutable());
        command.add("-XX:+UnlockExperimentalVMOptions");
        command.add("-XX:+UseEpsilonGC");
        command.add(HEAP);
        command.add("-Xms256m");
        command.add("-XX:+AlwaysPreTouch");
        command.add("--add-exports");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("--add-opens");
        command.add("java.base/sun.nio.ch=ALL-UNNAMED");
        command.add("--add-opens");
        command.add("java.base/java.nio=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BoomscooterCli.class.getName());
        command.addAll(demo.arguments(outputDir));
        System.err.println("demo: running under Epsilon GC (no collection), heap 256 MB: " +
            String.join(" ", command.subList(1, 5)));
        final Process process = new ProcessBuilder(command).inheritIO().start();
        final int exit = process.waitFor();
        if (exit != 0)
        {
            System.err.println("demo: the Epsilon run failed with exit code " + exit +
                " (OutOfMemoryError means something allocated per entry)");
        }
        return exit;
    }
}
