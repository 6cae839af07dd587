package io.boomscooter.engine.ring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rings of real server processes on loopback addresses: every message a client sends to any server appears
 * exactly once in every server's access.log, through kills and restarts, and bad input is reported and
 * refused while the server keeps serving.
 */
class RingProcessTest
{
    @TempDir
    Path tmp;

    @Test
    void fiveServerRingLogsTenThousandMessagesOnceOnEveryServer() throws Exception
    {
        try (RingHarness ring = new RingHarness(tmp, 5))
        {
            ring.startAll();
            final List<String> sent = send(ring, 0, 10_000, 5);
            ring.assertEveryServerLoggedEachOnce(sent, 120);
        }
    }

    @Test
    void aServerKilledAndRestartedMidRunMissesNothingAndLogsNothingTwice() throws Exception
    {
        try (RingHarness ring = new RingHarness(tmp, 5))
        {
            ring.startAll();
            final List<String> sent = new ArrayList<>(send(ring, 0, 3_000, 6));
            ring.kill(2);
            sent.addAll(send(ring, 3_000, 3_000, 7)); // the client skips the dead server; the others keep its share
            ring.start(2);
            sent.addAll(send(ring, 6_000, 4_000, 8));
            ring.assertEveryServerLoggedEachOnce(sent, 180);
        }
    }

    @Test
    void ringsOfOneTwoThreeAndSevenServers() throws Exception
    {
        for (final int size : new int[] {1, 2, 3, 7})
        {
            try (RingHarness ring = new RingHarness(tmp.resolve("ring" + size), size))
            {
                ring.startAll();
                final List<String> sent = send(ring, 0, 500, size);
                ring.assertEveryServerLoggedEachOnce(sent, 120);
            }
        }
    }

    @Test
    void malformedInputIsReportedAnsweredAndTheServerCarriesOn() throws Exception
    {
        try (RingHarness ring = new RingHarness(tmp, 3))
        {
            ring.startAll();
            final RingSettings.Server server = ring.servers().get(1);
            try (Socket socket = new Socket(server.host(), server.clientPort()))
            {
                socket.setSoTimeout(10_000);
                final OutputStream out = socket.getOutputStream();
                final InputStream in = socket.getInputStream();
                out.write(("x".repeat(700) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                final String tooLong = RingClient.readLine(in);
                assertTrue(tooLong.startsWith("error line too long"), "a line over 512 bytes: " + tooLong);
                out.write("tab\there\r\n".getBytes(StandardCharsets.US_ASCII));
                assertTrue(RingClient.readLine(in).startsWith("error not text"), "a control character");
                out.write("bare lf\n".getBytes(StandardCharsets.US_ASCII));
                assertTrue(RingClient.readLine(in).startsWith("error not text"), "LF without CR");
                out.write(new byte[] {'h', 'i', (byte)0xC3, (byte)0xA9, '\r', '\n'});
                assertTrue(RingClient.readLine(in).startsWith("error not text"), "not ASCII");
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                assertTrue(RingClient.readLine(in).startsWith("error empty message"), "an empty line");
                out.write("keepAlive\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("ack", RingClient.readLine(in));
                out.write("still served after all that\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("ok", RingClient.readLine(in), "the same connection carries on");
            }
            final RingSettings.Server peerPort = ring.servers().get(2);
            try (Socket socket = new Socket(peerPort.host(), peerPort.peerPort()))
            {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write("9forged wrapping\r\n".getBytes(StandardCharsets.US_ASCII));
                assertTrue(RingClient.readLine(socket.getInputStream()).startsWith("error wrapping not valid"));
            }
            // error.log is written at the end of the duty cycle that answered: wait for it
            final String errors = ring.awaitErrorLog(1, "empty message", 10);
            assertTrue(errors.contains("line too long") && errors.contains("not text"), errors);
            ring.awaitErrorLog(2, "wrapping not valid", 10);
            assertTrue(errors.lines().allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d .*")), errors);
            ring.assertEveryServerLoggedEachOnce(List.of("still served after all that"), 60);
        }
    }

    /**
     * Sends count unique messages to random servers, each answered ok.
     */
    private static List<String> send(final RingHarness ring, final int first, final int count, final long seed)
        throws Exception
    {
        final List<String> sent = new ArrayList<>();
        try (RingClient client = new RingClient(ring.servers(), RingClient.Mode.RANDOM, 0, seed, 10_000))
        {
            for (int i = first; i < first + count; i++)
            {
                final String text = "m" + i + " " + client.randomText();
                assertEquals("ok", client.send(text), "message " + i);
                sent.add(text);
            }
        }
        return sent;
    }
}
