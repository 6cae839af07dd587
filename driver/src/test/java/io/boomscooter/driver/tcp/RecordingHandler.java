package io.boomscooter.driver.tcp;

import org.agrona.DirectBuffer;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records everything a poller reports, for tests that drive the poller on their own thread (it
 * allocates per frame, so it is not for allocation tests).
 */
class RecordingHandler implements TcpFrameHandler
{
    final Map<Long, InetSocketAddress> connected = new HashMap<>();
    final Map<Long, TcpDisconnectReason> disconnected = new HashMap<>();
    final Map<Long, String> details = new HashMap<>();
    final Map<Long, List<String>> frames = new HashMap<>();

    public void onConnected(final long connectionId, final InetSocketAddress remoteAddress)
    {
        connected.put(connectionId, remoteAddress);
    }

    public void onFrame(final long connectionId, final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        frames.computeIfAbsent(connectionId, (id) -> new ArrayList<>()).add(new String(bytes, StandardCharsets.UTF_8));
    }

    public void onDisconnected(final long connectionId, final TcpDisconnectReason reason)
    {
        throw new AssertionError("the poller calls the three-argument onDisconnected");
    }

    public void onDisconnected(final long connectionId, final TcpDisconnectReason reason, final String detail)
    {
        disconnected.put(connectionId, reason);
        details.put(connectionId, detail);
    }

    List<String> frames(final long connectionId)
    {
        return frames.getOrDefault(connectionId, List.of());
    }

    int frameCount(final long connectionId)
    {
        return frames(connectionId).size();
    }
}
