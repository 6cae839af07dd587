package io.boomscooter.engine.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A main class in a child JVM on this test's classpath, with the flags Agrona and Aeron need; its
 * stdout lines are collected by a reader thread so tests can wait for one with a deadline.
 */
public final class ChildJvm implements AutoCloseable
{
    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final BlockingQueue<String> pending = new LinkedBlockingQueue<>();
    private final List<String> all = new CopyOnWriteArrayList<>();

    private ChildJvm(final Process process)
    {
        this.process = process;
        final Thread pump = new Thread(this::pump, "child-jvm-stdout-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    public static ChildJvm start(final Class<?> mainClass, final String... args) throws IOException
    {
        return start(List.of(), false, mainClass, args);
    }

    /**
     * @param mergeStderr true to collect stderr lines with stdout (to assert on an error message), else
     *                    stderr goes to the test's own.
     */
    public static ChildJvm start(final boolean mergeStderr, final Class<?> mainClass, final String... args)
        throws IOException
    {
        return start(List.of(), mergeStderr, mainClass, args);
    }

    /**
     * @param prefix a command the JVM runs under, e.g. {@code ip netns exec NAME} (it must exec the JVM, so
     *               the child's pid is the JVM's and signals reach it).
     */
    public static ChildJvm start(final List<String> prefix, final Class<?> mainClass, final String... args)
        throws IOException
    {
        return start(prefix, false, mainClass, args);
    }

    private static ChildJvm start(final List<String> prefix, final boolean mergeStderr, final Class<?> mainClass,
        final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>(prefix);
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.add("--add-exports");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("--add-opens");
        command.add("java.base/sun.nio.ch=ALL-UNNAMED");
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command);
        if (mergeStderr)
        {
            builder.redirectErrorStream(true);
        }
        else
        {
            builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        return new ChildJvm(builder.start());
    }

    private void pump()
    {
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = reader.readLine()) != null)
            {
                all.add(line);
                pending.add(line);
            }
        }
        catch (final IOException ignore)
        {
            // stream closed by the process ending
        }
        pending.add(EOF);
    }

    /**
     * @return the first line not yet consumed that matches, or null at end of output or deadline.
     */
    public String awaitLine(final Predicate<String> matcher, final long timeout, final TimeUnit unit)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true)
        {
            final long remaining = deadline - System.nanoTime();
            final String line = remaining > 0 ? pending.poll(remaining, TimeUnit.NANOSECONDS) : null;
            if (null == line || EOF.equals(line))
            {
                if (EOF.equals(line))
                {
                    pending.add(EOF);
                }
                return null;
            }
            if (matcher.test(line))
            {
                return line;
            }
        }
    }

    /**
     * @return every stdout line so far, a snapshot the reader thread does not change under the caller.
     */
    public List<String> lines()
    {
        return List.copyOf(all);
    }

    public Process process()
    {
        return process;
    }

    /**
     * SIGTERM without closing our end of the pipes (unlike {@link Process#destroy()}).
     */
    public void terminate()
    {
        process.toHandle().destroy();
    }

    /**
     * SIGKILL.
     */
    public void kill()
    {
        process.toHandle().destroyForcibly();
    }

    /**
     * @return the exit code, waiting at most the timeout; -1 if still running.
     */
    public int waitFor(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        return process.waitFor(timeout, unit) ? process.exitValue() : -1;
    }

    public void close()
    {
        process.destroyForcibly();
    }
}
