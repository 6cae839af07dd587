package io.boomscooter.engine.exchange;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A hand-driven gofast peer on a blocking socket, for tests that need to send what a well-behaved endpoint never
 * would (garbage, truncation, unknown ids) or to stop answering: it writes frames with {@link GofastFrameWriter}
 * and reads them by the frame layout.
 */
final class RawGofastPeer implements AutoCloseable
{
    final Socket socket;
    final DataInputStream in;
    final OutputStream out;
    private final GofastFrameWriter writer = new GofastFrameWriter(GofastTags.CURRENT, 64 * 1024);
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[64 * 1024]);
    private final GofastPacketReader reader =
        new GofastPacketReader(GofastTags.CURRENT, new ExchangeCompression[0], 64 * 1024);

    RawGofastPeer(final Socket socket) throws IOException
    {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawGofastPeer connect(final int port) throws IOException
    {
        return new RawGofastPeer(new Socket("127.0.0.1", port));
    }

    byte[] frame(final int type, final long opaque, final long messageId, final byte[] data)
    {
        final int length = writer.write(frame, 0, frame.capacity(), type, opaque, messageId,
            new UnsafeBuffer(data), 0, data.length, new ExchangeCompression[0], 0);
        final byte[] bytes = new byte[length];
        frame.getBytes(0, bytes);
        return bytes;
    }

    void send(final byte[] bytes) throws IOException
    {
        out.write(bytes);
        out.flush();
    }

    /** Reads one frame and parses it; the reader's fields then describe it. */
    GofastPacketReader read() throws IOException
    {
        final byte[] head = new byte[5];
        in.readFully(head, 0, 5);
        final int info = head[4] & 0x1f;
        final int extra = info < 24 ? 0 : 1 << (info - 24);
        final byte[] whole = new byte[5 + extra + 70_000];
        System.arraycopy(head, 0, whole, 0, 5);
        in.readFully(whole, 5, extra);
        final GofastCbor cbor = new GofastCbor();
        cbor.read(new UnsafeBuffer(whole), 4, 5 + extra);
        final int finish = (head[3] & 0xff) == GofastWire.FINISH ? 1 : 0;
        in.readFully(whole, 5 + extra, (int)cbor.value + finish);
        if (!reader.read(new UnsafeBuffer(whole), 0, 5 + extra + (int)cbor.value + finish))
        {
            throw new IOException("endpoint wrote a frame that does not parse: " + reader.error());
        }
        return reader;
    }

    /** Answers the endpoint's whoami request (its first frame) so the endpoint counts us ready. */
    void handshake() throws IOException
    {
        final GofastPacketReader whoami = read();
        if (whoami.messageId != GofastWire.MSG_WHOAMI)
        {
            throw new IOException("first frame is not whoami but id " + whoami.messageId);
        }
        final UnsafeBuffer body = new UnsafeBuffer(new byte[64]);
        final int length = GofastWhoami.encode(body, 0, "raw".getBytes(StandardCharsets.US_ASCII), 1, 512,
            new byte[0]);
        final byte[] data = new byte[length];
        body.getBytes(0, data);
        send(frame(GofastWire.REQUEST, whoami.opaque, GofastWire.MSG_WHOAMI, data));
    }

    /** @return true when the endpoint closed the connection (EOF) within the socket timeout. */
    boolean closedByPeer() throws IOException
    {
        try
        {
            while (in.read() >= 0)
            {
                // discard what was still queued (e.g. the endpoint's whoami request)
            }
            return true;
        }
        catch (final java.net.SocketException ex)
        {
            return true; // reset
        }
    }

    public void close() throws IOException
    {
        socket.close();
    }
}
