package io.boomscooter.engine.ring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ring servers in this JVM: what their agent thread allocates per message, and how they answer bad input.
 */
class RingServerAgentTest
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @TempDir
    Path tmp;

    @Test
    void agentThreadAllocatesNothingPerMessageAfterWarmUp() throws Exception
    {
        // Journal segments of 64 MiB: the 170,000 messages below fill a quarter of one, so no segment is
        // pre-allocated or rolled in the measured windows (a roll maps new files: a few KiB once per segment).
        try (RingInProcess ring = new RingInProcess(tmp, RingInProcess.ports(3), 64 * 1024 * 1024))
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
                sendBatch(out, in, line, answer, 20_000);
                awaitLogged(ring, 3 * 20_000);
                final long idleBefore = THREADS.getThreadAllocatedBytes(ring.threadId());
                Thread.sleep(2000);
                System.out.printf("ring: idle 2 s; agent thread allocated %d bytes%n",
                    THREADS.getThreadAllocatedBytes(ring.threadId()) - idleBefore);
                final long before = THREADS.getThreadAllocatedBytes(ring.threadId());
                sendBatch(out, in, line, answer, 50_000);
                awaitLogged(ring, 3 * 70_000);
                final long after = THREADS.getThreadAllocatedBytes(ring.threadId());
                sendBatch(out, in, line, answer, 100_000);
                awaitLogged(ring, 3 * 170_000);
                final long after2 = THREADS.getThreadAllocatedBytes(ring.threadId());
                assertTrue(ring.failures.isEmpty(), ring.failures.toString());
                System.out.printf("ring: 50000 messages through 3 servers; agent thread allocated %d bytes, " +
                    "then %d for 100000 more%n", after - before, after2 - after);
                // A constant allowance, not a rate: 170,000 messages at even one object each would be megabytes.
                assertTrue(after - before < 2048, "bytes allocated for 50,000 messages: " + (after - before));
                assertTrue(after2 - after < 2048, "bytes allocated for 100,000 messages: " + (after2 - after));
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
        final int count) throws Exception
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

    private static void awaitLogged(final RingInProcess ring, final long total) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ring.total("ring messages logged") < total && System.nanoTime() < deadline)
        {
            Thread.sleep(10);
        }
        assertEquals(total, ring.total("ring messages logged"), "messages logged over all servers");
    }

    private static void readFully(final InputStream in, final byte[] into) throws java.io.IOException
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
