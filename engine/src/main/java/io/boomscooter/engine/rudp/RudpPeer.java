package io.boomscooter.engine.rudp;

import org.agrona.collections.Int2ObjectHashMap;

import java.net.InetSocketAddress;

/**
 * What an endpoint knows of one peer: its address (and so which socket reaches it), its generation (0 until a
 * packet from it arrives) and the streams to and from it.
 */
final class RudpPeer
{
    final int index;
    final InetSocketAddress address;
    final boolean v6;
    long generation;
    final Int2ObjectHashMap<RudpSendStream> sendStreams = new Int2ObjectHashMap<>();
    final Int2ObjectHashMap<RudpReceiveStream> receiveStreams = new Int2ObjectHashMap<>();
    long nextPingNs;

    RudpPeer(final int index, final InetSocketAddress address)
    {
        this.index = index;
        this.address = address;
        this.v6 = address.getAddress() instanceof java.net.Inet6Address;
    }
}
