package io.boomscooter.engine.ring;

import io.boomscooter.driver.AllocationWindows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ring servers in this JVM: what their agent thread allocates per message, and how they answer bad input.
 */
class RingServerAgentTest
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private static final int WINDOW_MESSAGES = 100_000;
    private static final int MAX_WINDOWS = 6;

    /**
     * Most a window before the zero one may allocate: HotSpot's one-off C2 compile requests (see
     * {@link AllocationWindows}; 40-150 bytes per string literal, once per class). One object per message
     * would be 1.5 MiB or more.
     */
    private static final long ONE_OFF_BYTES = 4096;

    @TempDir
    Path tmp;

    @Test
    void agentThreadAllocatesNothingPerMessageAfterWarmUp() throws Exception
    {
        // Journal segments of 128 MiB: the at most 620,000 messages below (about 100 bytes each in a journal) fill
        // half of one, so no segment is pre-allocated or rolled in the measured windows (a roll maps new files: a
        // few KiB once per segment).
        try (RingInProcess ring = new RingInProcess(tmp, RingInProcess.ports(3), 128 * 1024 * 1024))
        {
            final RingSettings.Server server = ring.servers.get(0);
            try (Socket socket = new Socket(server.host(), server.clientPort()))
            {
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(10_000);
                final OutputStream out = socket.getOutputStream();
                final InputStream in = socket.getInputStream();
                final byte[] line = "a message of printable text, the same length each time\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
                final byte[] answer = new byte[4];
                final long[] sent = {20_000};
                sendBatch(out, in, line, answer, 20_000);
                awaitLogged(ring, 3 * sent[0]);
                // the idle strategy's park branch links LockSupport on its first run (a class-loader call, 280 bytes)
                awaitParked(ring);

                final long threadId = ring.threadId();
                final long[] windows = AllocationWindows.untilZero(() -> THREADS.getThreadAllocatedBytes(threadId),
                    () ->
                    {
                        sendBatch(out, in, line, answer, WINDOW_MESSAGES);
                        sent[0] += WINDOW_MESSAGES;
                        awaitLogged(ring, 3 * sent[0]);
                    },
                    MAX_WINDOWS);

                final String report = "agent thread allocated " + Arrays.toString(windows) + " bytes in windows of " +
                    WINDOW_MESSAGES + " messages through 3 servers";
                System.out.println("ring: " + report);
                assertTrue(ring.failures.isEmpty(), ring.failures.toString());
                assertTrue(AllocationWindows.endsAtZero(windows) && AllocationWindows.max(windows) <= ONE_OFF_BYTES,
                    report);
            }
        }
    }

    @Test
    void anOverlongLineIsRefusedAndTheConnectionCarriesOn() throws Exception
    {
        try (RingInProcess ring = new RingInProcess(tmp, 1))
        {
            final RingSettings.Server server = ring.servers.get(0);
            try (Socket socket = new Socket(server.host(), server.clientPort()))
            {
                socket.setSoTimeout(10_000);
                final OutputStream out = socket.getOutputStream();
                out.write(("y".repeat(1500) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                final String first = RingClient.readLine(socket.getInputStream());
                assertTrue(first.startsWith("error line too long"), first + " " + ring.failures);
                out.write("after\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("ok", RingClient.readLine(socket.getInputStream()));
            }
            assertTrue(ring.failures.isEmpty(), ring.failures.toString());
            assertEquals(1, ring.total("ring errors"));
            assertTrue(Files.readString(tmp.resolve("server0/error.log")).contains("line too long"));
        }
    }

    @Test
    void clientsComingAndGoingLeaveThePeerLinksAsTheyWere() throws Exception
    {
        // the two ports number their connections independently: a client's connection closing once cleared the
        // id mode of the peer connection with the same number, and forwarded messages were logged relabelled
        final List<RingSettings.Server> ports = RingInProcess.ports(2);
        try (RingInProcess ring = new RingInProcess(tmp, ports))
        {
            try (RingClient via0 = new RingClient(ports, RingClient.Mode.SPECIFIC, 0, 1, 10_000))
            {
                assertEquals("ok", via0.send("first, before any client of server 1 came and went"));
            }
            for (int i = 0; i < 8; i++)
            {
                try (RingClient via1 = new RingClient(ports, RingClient.Mode.SPECIFIC, 1, 1, 10_000))
                {
                    assertEquals("ok", via1.send("client " + i + " of server 1"));
                }
            }
            try (RingClient via0 = new RingClient(ports, RingClient.Mode.SPECIFIC, 0, 1, 10_000))
            {
                for (int i = 0; i < 20; i++)
                {
                    assertEquals("ok", via0.send("through server 0, " + i));
                }
            }
            awaitLogged(ring, 2 * 29);
            final List<String> atOne = Files.readAllLines(tmp.resolve("server1/access.log"));
            for (int i = 0; i < 20; i++)
            {
                final String text = "through server 0, " + i;
                assertEquals(1, atOne.stream().filter(l -> l.matches("\\S+ \\S+ 0\\.\\d+ " + text)).count(),
                    "server 1 logged '" + text + "' with server 0's id: " + atOne);
            }
            assertTrue(ring.failures.isEmpty(), ring.failures.toString());
        }
    }

    private static void sendBatch(final OutputStream out, final InputStream in, final byte[] line, final byte[] answer,
        final int count)
    {
        try
        {
            sendLines(out, in, line, answer, count);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void sendLines(final OutputStream out, final InputStream in, final byte[] line, final byte[] answer,
        final int count) throws IOException
    {
        // pipelined in windows of 100: the server answers in order
        for (int sent = 0; sent < count; sent += 100)
        {
            for (int i = 0; i < 100; i++)
            {
                out.write(line);
            }
            out.flush();
            for (int i = 0; i < 100; i++)
            {
                readFully(in, answer); // "ok\r\n"
                assertEquals('o', answer[0]);
            }
        }
    }

    private static void awaitLogged(final RingInProcess ring, final long total)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ring.total("ring messages logged") < total && System.nanoTime() < deadline)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        assertEquals(total, ring.total("ring messages logged"), "messages logged over all servers");
    }

    private static void awaitParked(final RingInProcess ring)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!ring.isParked())
        {
            assertTrue(System.nanoTime() - deadline < 0, "the agent thread never parked while idle");
            Thread.yield();
        }
    }

    private static void readFully(final InputStream in, final byte[] into) throws IOException
    {
        int at = 0;
        while (at < into.length)
        {
            final int n = in.read(into, at, into.length - at);
            if (n < 0)
            {
                throw new java.io.EOFException();
            }
            at += n;
        }
    }
}
