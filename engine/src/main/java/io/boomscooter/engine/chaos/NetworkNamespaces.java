package io.boomscooter.engine.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Hosts on one machine: each host is a Linux network namespace with its own address in 198.18.0.0/15 (the
 * range set aside for benchmarks), joined to a bridge in a "switch" namespace by a veth pair. The root
 * namespace (where clients run) has an address on the same bridge. A host is cut off from one peer by
 * blackhole routes on both sides, or from everyone by taking its link down; both heal. Only {@code ip} is
 * used (this kernel has no netem; packet loss comes from Aeron's loss generators). Needs root.
 *
 * <p>Layout for hosts 1..n in subnet 198.18.S.0/24 (S random per instance, so concurrent instances do not
 * clash in the root namespace): host i is {@code 198.18.S.i} on {@code eth0} in namespace {@code <p>h<i>};
 * the root namespace is {@code 198.18.S.254} on {@code <p>r}; the bridge {@code br0} lives in {@code <p>sw}.
 */
public final class NetworkNamespaces implements AutoCloseable
{
    private static final long COMMAND_TIMEOUT_S = 10;

    private final String prefix;
    private final int hostCount;
    private final String subnet;
    private final List<String> created = new ArrayList<>();
    private boolean rootLinkCreated;

    /**
     * @return null when namespaces can be made here, otherwise why not (for a test's skip message).
     */
    public static String unavailableReason()
    {
        if (!"root".equals(System.getProperty("user.name")))
        {
            return "network namespace tests need root (running as " + System.getProperty("user.name") + ")";
        }
        final String probe = "bsprobe" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFF);
        try
        {
            run("ip", "netns", "add", probe);
            run("ip", "netns", "del", probe);
            return null;
        }
        catch (final Exception ex)
        {
            return "'ip netns' does not work here: " + ex.getMessage();
        }
    }

    /**
     * Creates the namespaces, links and addresses.
     *
     * @param hostCount hosts, at most 250.
     */
    public NetworkNamespaces(final int hostCount) throws IOException
    {
        if (hostCount < 1 || hostCount > 250)
        {
            throw new IllegalArgumentException("hosts must be 1..250: " + hostCount);
        }
        final int tag = ThreadLocalRandom.current().nextInt(0x1000, 0x10000);
        this.prefix = "bs" + Integer.toHexString(tag);
        this.hostCount = hostCount;
        this.subnet = "198.18." + (tag % 250 + 1) + ".";
        try
        {
            final String sw = prefix + "sw";
            netnsAdd(sw);
            run("ip", "-n", sw, "link", "add", "br0", "type", "bridge");
            run("ip", "-n", sw, "link", "set", "br0", "up");
            for (int i = 1; i <= hostCount; i++)
            {
                final String ns = namespace(i);
                netnsAdd(ns);
                run("ip", "-n", ns, "link", "set", "lo", "up");
                final String outer = prefix + "h" + i + "s";
                run("ip", "link", "add", outer, "type", "veth", "peer", "name", prefix + "h" + i + "i");
                run("ip", "link", "set", outer, "netns", sw);
                run("ip", "link", "set", prefix + "h" + i + "i", "netns", ns);
                run("ip", "-n", ns, "link", "set", prefix + "h" + i + "i", "name", "eth0");
                run("ip", "-n", ns, "addr", "add", address(i) + "/24", "dev", "eth0");
                run("ip", "-n", ns, "link", "set", "eth0", "up");
                run("ip", "-n", sw, "link", "set", outer, "master", "br0");
                run("ip", "-n", sw, "link", "set", outer, "up");
            }
            final String rootLink = prefix + "r";
            run("ip", "link", "add", rootLink, "type", "veth", "peer", "name", prefix + "rs");
            rootLinkCreated = true;
            run("ip", "link", "set", prefix + "rs", "netns", sw);
            run("ip", "-n", sw, "link", "set", prefix + "rs", "master", "br0");
            run("ip", "-n", sw, "link", "set", prefix + "rs", "up");
            run("ip", "addr", "add", rootAddress() + "/24", "dev", rootLink);
            run("ip", "link", "set", rootLink, "up");
        }
        catch (final IOException | RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    public int hostCount()
    {
        return hostCount;
    }

    /** @return the namespace name of host i (1-based), for {@code ip netns exec}. */
    public String namespace(final int host)
    {
        return prefix + "h" + host;
    }

    /** @return host i's address. */
    public String address(final int host)
    {
        return subnet + host;
    }

    /** @return the root namespace's address on the bridge: where clients in this JVM are reached. */
    public String rootAddress()
    {
        return subnet + "254";
    }

    /** @return the command prefix that runs a program inside host i's namespace. */
    public List<String> execPrefix(final int host)
    {
        return List.of("ip", "netns", "exec", namespace(host));
    }

    /** Drops all traffic between hosts a and b, both ways. */
    public void cut(final int a, final int b) throws IOException
    {
        run("ip", "-n", namespace(a), "route", "replace", "blackhole", address(b) + "/32");
        run("ip", "-n", namespace(b), "route", "replace", "blackhole", address(a) + "/32");
    }

    /** Undoes {@link #cut(int, int)}. */
    public void heal(final int a, final int b) throws IOException
    {
        runQuietly("ip", "-n", namespace(a), "route", "del", "blackhole", address(b) + "/32");
        runQuietly("ip", "-n", namespace(b), "route", "del", "blackhole", address(a) + "/32");
    }

    /** Cuts host i off from every other host and from the root namespace (its link goes down). */
    public void isolate(final int host) throws IOException
    {
        run("ip", "-n", namespace(host), "link", "set", "eth0", "down");
    }

    /** Undoes {@link #isolate(int)}. */
    public void rejoin(final int host) throws IOException
    {
        run("ip", "-n", namespace(host), "link", "set", "eth0", "up");
    }

    /** Heals every cut and isolation. */
    public void healAll() throws IOException
    {
        for (int a = 1; a <= hostCount; a++)
        {
            rejoin(a);
            for (int b = a + 1; b <= hostCount; b++)
            {
                heal(a, b);
            }
        }
    }

    public void close()
    {
        if (rootLinkCreated)
        {
            runQuietly("ip", "link", "del", prefix + "r");
        }
        for (int i = created.size() - 1; i >= 0; i--)
        {
            runQuietly("ip", "netns", "del", created.get(i));
        }
        created.clear();
    }

    private void netnsAdd(final String name) throws IOException
    {
        run("ip", "netns", "add", name);
        created.add(name);
    }

    private static void runQuietly(final String... command)
    {
        try
        {
            run(command);
        }
        catch (final IOException ignore)
        {
            // best effort: the namespace may already be gone
        }
    }

    static void run(final String... command) throws IOException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try
        {
            if (!process.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": no answer in " + COMMAND_TIMEOUT_S + " s");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), ex);
        }
        if (process.exitValue() != 0)
        {
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            throw new IOException(String.join(" ", command) + " exited " + process.exitValue() + ": " + output);
        }
    }
}
