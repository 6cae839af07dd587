package io.boomscooter.engine.chaos;

import io.boomscooter.engine.cli.BoomscooterCli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The node processes of a chaos run: one {@code boomscooter node} JVM per node, each in its own network
 * namespace when {@link NetworkNamespaces} are given (else all on loopback), with config files, output
 * files, and the faults a nemesis injects: kill -9, SIGSTOP/SIGCONT, restart.
 */
public final class ChaosNodes implements AutoCloseable
{
    public static final int LOG_ID = 1;
    private static final long START_TIMEOUT_S = 60;

    private final Path dir;
    private final int count;
    private final int basePort;
    private final NetworkNamespaces hosts;
    private final Process[] processes;
    private final boolean[] frozen;

    /**
     * @param dir         where configs, data and output go.
     * @param count       nodes (3 or 5 make sense).
     * @param hosts       namespaces, one per node, or null for loopback.
     * @param basePort    member i listens on basePort + i, its subscriber TCP port on basePort + 100 + i.
     * @param extraConfig more node-file lines (timeouts, quorum), the same for every node.
     */
    public ChaosNodes(final Path dir, final int count, final NetworkNamespaces hosts, final int basePort,
        final String extraConfig) throws IOException
    {
        this.dir = dir;
        this.count = count;
        this.hosts = hosts;
        this.basePort = basePort;
        this.processes = new Process[count + 1];
        this.frozen = new boolean[count + 1];
        Files.createDirectories(dir);
        final StringBuilder members = new StringBuilder();
        for (int i = 1; i <= count; i++)
        {
            members.append(i == 1 ? "" : ",").append(i).append('@').append(host(i)).append(':').append(basePort + i);
        }
        for (int i = 1; i <= count; i++)
        {
            Files.writeString(config(i),
                "boomscooter.node.id=" + i + "\n" +
                "boomscooter.data.dir=" + dataDir(i) + "\n" +
                "boomscooter.cluster.members=" + members + "\n" +
                "boomscooter.cluster.initial.leader=1\n" +
                "boomscooter.cluster.logs=" + LOG_ID + "\n" +
                "boomscooter.log.segment.length=16777216\n" +
                "boomscooter.subscriber.tcp.host=" + host(i) + "\n" +
                "boomscooter.subscriber.tcp.port=" + subscriberPort(i) + "\n" +
                extraConfig);
        }
    }

    public int count()
    {
        return count;
    }

    public String host(final int node)
    {
        return null == hosts ? "localhost" : hosts.address(node);
    }

    /** @return the address nodes reach this JVM on. */
    public String clientHost()
    {
        return null == hosts ? "localhost" : hosts.rootAddress();
    }

    public int subscriberPort(final int node)
    {
        return basePort + 100 + node;
    }

    public String memberChannel(final int node)
    {
        return "aeron:udp?endpoint=" + host(node) + ":" + (basePort + node);
    }

    public Path config(final int node)
    {
        return dir.resolve("node" + node + ".properties");
    }

    public Path dataDir(final int node)
    {
        return dir.resolve("node" + node);
    }

    public Path logDir(final int node)
    {
        return dataDir(node).resolve("log-" + LOG_ID);
    }

    public boolean isRunning(final int node)
    {
        return null != processes[node] && processes[node].isAlive();
    }

    public boolean isFrozen(final int node)
    {
        return frozen[node];
    }

    /** Starts node i and waits until it prints that it runs. */
    public void start(final int node) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        if (null != hosts)
        {
            command.addAll(hosts.execPrefix(node));
        }
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(List.of("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.base/java.nio=ALL-UNNAMED",
            "-Xmx256m", "-cp", System.getProperty("java.class.path"), BoomscooterCli.class.getName(),
            "node", "--config", config(node).toString()));
        final Path out = dir.resolve("node" + node + ".out");
        final long outStart = Files.exists(out) ? Files.size(out) : 0;
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
        processes[node] = process;
        frozen[node] = false;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_S);
        final String running = "node " + node + " running";
        while (true)
        {
            final byte[] bytes = Files.readAllBytes(out);
            final String text = new String(bytes, (int)Math.min(outStart, bytes.length),
                bytes.length - (int)Math.min(outStart, bytes.length), StandardCharsets.UTF_8);
            if (text.contains(running))
            {
                return;
            }
            if (!process.isAlive() || System.nanoTime() > deadline)
            {
                process.destroyForcibly();
                throw new IOException("node " + node + " did not start within " + START_TIMEOUT_S + " s; output:\n" +
                    text);
            }
            Thread.sleep(20);
        }
    }

    public void startAll() throws IOException, InterruptedException
    {
        for (int i = 1; i <= count; i++)
        {
            start(i);
        }
    }

    /** kill -9: no chance to flush or say goodbye. */
    public void kill(final int node) throws InterruptedException
    {
        final Process process = processes[node];
        if (null != process)
        {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            processes[node] = null;
            frozen[node] = false;
        }
    }

    public void freeze(final int node) throws IOException
    {
        signal(node, "STOP");
        frozen[node] = true;
    }

    public void resume(final int node) throws IOException
    {
        signal(node, "CONT");
        frozen[node] = false;
    }

    /** SIGTERM and wait: a clean stop. */
    public void stop(final int node) throws InterruptedException
    {
        final Process process = processes[node];
        if (null != process)
        {
            process.destroy();
            if (frozen[node])
            {
                signalQuietly(node, "CONT"); // a stopped process handles SIGTERM only once it runs
            }
            if (!process.waitFor(30, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
            processes[node] = null;
            frozen[node] = false;
        }
    }

    /** @return whether node i printed a line containing the text, in any of its runs. */
    public boolean printed(final int node, final String text)
    {
        try
        {
            return Files.readString(dir.resolve("node" + node + ".out")).contains(text);
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /**
     * @return {epoch, leader} as node i last persisted them in its election state file ({0, -1} when it has
     * none yet); a node writes the file before acting on a new epoch, so it may be read while the node runs.
     */
    public long[] electionState(final int node)
    {
        try
        {
            final String state = Files.readString(dataDir(node).resolve("log-" + LOG_ID + ".state"));
            return new long[]{field(state, "epoch="), field(state, "leader=")};
        }
        catch (final IOException | RuntimeException ex)
        {
            return new long[]{0, -1};
        }
    }

    /**
     * @return {epoch, leader} of the highest epoch any node knows a leader for, or {0, -1} when none does.
     */
    public long[] leader()
    {
        long[] best = {0, -1};
        for (int i = 1; i <= count; i++)
        {
            final long[] state = electionState(i);
            if (state[1] > 0 && state[0] > best[0])
            {
                best = state;
            }
        }
        return best;
    }

    private static long field(final String state, final String name)
    {
        final int at = state.indexOf(name);
        if (at < 0)
        {
            throw new IllegalArgumentException("no " + name + " in " + state);
        }
        int end = at + name.length();
        while (end < state.length() && (Character.isDigit(state.charAt(end)) || state.charAt(end) == '-'))
        {
            end++;
        }
        return Long.parseLong(state.substring(at + name.length(), end));
    }

    /** @return the last lines node i printed, for a report. */
    public String output(final int node)
    {
        try
        {
            final List<String> lines = Files.readAllLines(dir.resolve("node" + node + ".out"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        }
        catch (final IOException ex)
        {
            return "(no output: " + ex.getMessage() + ")";
        }
    }

    public void close()
    {
        for (int i = 1; i <= count; i++)
        {
            try
            {
                stop(i);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void signal(final int node, final String signal) throws IOException
    {
        final Process process = processes[node];
        if (null == process)
        {
            throw new IllegalStateException("node " + node + " is not running");
        }
        NetworkNamespaces.run("kill", "-" + signal, Long.toString(process.pid()));
    }

    private void signalQuietly(final int node, final String signal)
    {
        try
        {
            signal(node, signal);
        }
        catch (final IOException | RuntimeException ignore)
        {
            // stopping anyway
        }
    }
}
