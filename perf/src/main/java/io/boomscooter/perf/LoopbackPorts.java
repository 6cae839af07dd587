package io.boomscooter.perf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Free UDP ports on loopback, so runs in parallel (tests, other engineers' benches) never collide.
 */
public final class LoopbackPorts
{
    private LoopbackPorts()
    {
    }

    /**
     * @return a UDP port that was free a moment ago (the OS picks it; a race is possible but rare).
     */
    public static int freeUdpPort()
    {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @return {@code aeron:udp?endpoint=localhost:<free port>}.
     */
    public static String freeUdpChannel()
    {
        return "aeron:udp?endpoint=localhost:" + freeUdpPort();
    }
}
