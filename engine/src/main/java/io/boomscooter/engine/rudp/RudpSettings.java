package io.boomscooter.engine.rudp;

import java.net.InetSocketAddress;

/**
 * Settings of a reliable-UDP endpoint, with the defaults of the design it follows (rustconsensus
 * {@code networkprotocol} at c6a3d1a: payload 1472 over IPv4 and 1452 over IPv6, sync every 2 ms, at most 150 NAKs
 * per sync, send window 1024 packets, receive horizon 16384 packets, 4096 pooled receive buffers, messages up to
 * 16 MiB), except the send delay: 0 (a partly filled packet goes out at the end of the duty cycle) instead of 1 ms.
 */
public final class RudpSettings
{
    InetSocketAddress bindV4 = new InetSocketAddress("127.0.0.1", 0);
    InetSocketAddress bindV6;
    int payloadV4 = 1472;
    int payloadV6 = 1452;
    long syncIntervalNs = 2_000_000;
    int maxNaksPerSync = 150;
    int sendWindow = 1024;
    int receiveHorizon = 16_384;
    int receiveBuffers = 4096;
    int maxMessageLength = 16 * 1024 * 1024;
    long sendDelayNs = 0;
    long nakDelayNs = 250_000;
    byte[] key;

    /** @param address IPv4 address and port to bind (port 0: any); null for no IPv4 socket. */
    public RudpSettings bindV4(final InetSocketAddress address)
    {
        this.bindV4 = address;
        return this;
    }

    /** @param address IPv6 address and port to bind; null (default) for no IPv6 socket. */
    public RudpSettings bindV6(final InetSocketAddress address)
    {
        this.bindV6 = address;
        return this;
    }

    /** @param key 32 bytes shared by every node (AES-256-GCM), or null for none. */
    public RudpSettings key(final byte[] key)
    {
        if (null != key && key.length != 32)
        {
            throw new IllegalArgumentException("a reliable-UDP key is 32 bytes, not " + key.length);
        }
        this.key = null == key ? null : key.clone();
        return this;
    }

    public RudpSettings sendWindow(final int packets)
    {
        if (packets < 4 || packets > 65_536)
        {
            throw new IllegalArgumentException("send window must be 4..65536 packets: " + packets);
        }
        this.sendWindow = packets;
        return this;
    }

    public RudpSettings receiveHorizon(final int packets)
    {
        if (packets < 16 || packets > 1 << 20)
        {
            throw new IllegalArgumentException("receive horizon must be 16..1048576 packets: " + packets);
        }
        this.receiveHorizon = packets;
        return this;
    }

    public RudpSettings receiveBuffers(final int buffers)
    {
        if (buffers < 16)
        {
            throw new IllegalArgumentException("at least 16 receive buffers: " + buffers);
        }
        this.receiveBuffers = buffers;
        return this;
    }

    public RudpSettings syncIntervalNs(final long ns)
    {
        if (ns < 100_000)
        {
            throw new IllegalArgumentException("sync interval at least 100 us: " + ns + " ns");
        }
        this.syncIntervalNs = ns;
        return this;
    }

    public RudpSettings maxNaksPerSync(final int naks)
    {
        if (naks < 1 || naks > 1000)
        {
            throw new IllegalArgumentException("NAKs per sync must be 1..1000: " + naks);
        }
        this.maxNaksPerSync = naks;
        return this;
    }

    public RudpSettings maxMessageLength(final int bytes)
    {
        if (bytes < 1 || bytes > 256 * 1024 * 1024)
        {
            throw new IllegalArgumentException("max message length must be 1..256 MiB: " + bytes);
        }
        this.maxMessageLength = bytes;
        return this;
    }

    /**
     * @param ns how long a gap must be missing before it is NAK'd (a tolerance for reordering); the NAK then goes
     *           out at once on the control lane, and again each such delay while the gap stays. Default 250 us.
     */
    public RudpSettings nakDelayNs(final long ns)
    {
        if (ns < 0)
        {
            throw new IllegalArgumentException("NAK delay must not be negative");
        }
        this.nakDelayNs = ns;
        return this;
    }

    /** @param ns hold a partly filled packet this long for more messages; 0 sends it at the end of the duty cycle. */
    public RudpSettings sendDelayNs(final long ns)
    {
        if (ns < 0)
        {
            throw new IllegalArgumentException("send delay must not be negative");
        }
        this.sendDelayNs = ns;
        return this;
    }

    /** @param v4 UDP payload bytes per datagram over IPv4; v6 the same over IPv6 (both 256..65507). */
    public RudpSettings payload(final int v4, final int v6)
    {
        if (v4 < 256 || v4 > 65_507 || v6 < 256 || v6 > 65_507)
        {
            throw new IllegalArgumentException("payload sizes must be 256..65507: " + v4 + ", " + v6);
        }
        this.payloadV4 = v4;
        this.payloadV6 = v6;
        return this;
    }
}
