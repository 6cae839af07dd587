package io.boomscooter.engine.service;

import net.jpountz.xxhash.XXHashFactory;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A service in "another language": it speaks only the AMBROSIA client protocol, every byte built and parsed
 * here by hand from the protocol's facts (no Boomscooter class), and runs as its own process.
 * <p>
 * It is a counter: method 1 adds its i64 argument; every 100th increment it calls the {@code counter} service
 * (fork, method 1, argument 1) — an outgoing call that must be logged exactly once however often the client
 * is killed and replays. Its state (increments, sum, initial messages seen, calls made) is its checkpoint.
 * Prints {@code ATTACHED first|recovered}, and {@code CHECKPOINT increments=.. sum=.. initial=.. calls=..}
 * each time it sends one.
 * <p>
 * Arguments: host receivePort sendPort connect|listen zigzag|fixed64.
 */
public final class AmbrosiaWireClient
{
    private static final int RPC = 0;
    private static final int TAKE_CHECKPOINT = 2;
    private static final int CHECKPOINT = 8;
    private static final int INITIAL_MESSAGE = 9;
    private static final int TAKE_BECOMING_PRIMARY_CHECKPOINT = 11;

    private final boolean fixed64;
    private final OutputStream toCoordinator;
    private final DataInputStream fromCoordinator;
    private long increments;
    private long sum;
    private long initial;
    private long callsMade;
    private boolean recovered;

    private AmbrosiaWireClient(final boolean fixed64, final OutputStream out, final InputStream in)
    {
        this.fixed64 = fixed64;
        this.toCoordinator = out;
        this.fromCoordinator = new DataInputStream(in);
    }

    public static void main(final String[] args) throws Exception
    {
        final String host = args[0];
        final int receivePort = Integer.parseInt(args[1]);
        final int sendPort = Integer.parseInt(args[2]);
        final boolean listen = "listen".equals(args[3]);
        final boolean fixed64 = "fixed64".equals(args[4]);
        // the coordinator's receive port first, then its send port (or listen there: the native C client's style)
        final Socket toCoordinator = connect(host, receivePort);
        final Socket fromCoordinator;
        if (listen)
        {
            try (ServerSocket server = new ServerSocket())
            {
                server.setReuseAddress(true);
                server.bind(new InetSocketAddress(InetAddress.getByName(host), sendPort));
                fromCoordinator = server.accept();
            }
        }
        else
        {
            fromCoordinator = connect(host, sendPort);
        }
        toCoordinator.setTcpNoDelay(true);
        new AmbrosiaWireClient(fixed64, toCoordinator.getOutputStream(), fromCoordinator.getInputStream()).run();
    }

    private static Socket connect(final String host, final int port) throws Exception
    {
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (true)
        {
            try
            {
                return new Socket(host, port);
            }
            catch (final IOException ex)
            {
                if (System.nanoTime() > deadline)
                {
                    throw ex;
                }
                Thread.sleep(50);
            }
        }
    }

    private void run() throws IOException
    {
        final byte[] header = new byte[24];
        while (true)
        {
            fromCoordinator.readFully(header);
            final ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            final int size = h.getInt(4);
            final long check = h.getLong(8);
            final long sequenceId = h.getLong(16);
            final byte[] body = new byte[size - 24];
            fromCoordinator.readFully(body);
            if (sequenceId == -2)
            {
                onCheckpointRecord(body, check);
                continue;
            }
            final long expected = XXHashFactory.safeInstance().hash64().hash(body, 0, body.length, 0);
            if (expected != check)
            {
                throw new IllegalStateException("record " + sequenceId + ": check bytes " + Long.toHexString(check) +
                    " != xxHash64 " + Long.toHexString(expected));
            }
            int at = 0;
            while (at < body.length)
            {
                final long[] size1 = readVarint(body, at);
                final int messageSize = (int)zigzagDecode(size1[0]);
                at = (int)size1[1];
                final int type = body[at] & 0xFF;
                onMessage(type, body, at + 1, messageSize - 1);
                at += messageSize;
            }
        }
    }

    private void onCheckpointRecord(final byte[] body, final long check) throws IOException
    {
        if (check != 0)
        {
            throw new IllegalStateException("a checkpoint record carries check bytes 0");
        }
        final long[] size = readVarint(body, 0);
        final int type = body[(int)size[1]] & 0xFF;
        if (type != CHECKPOINT)
        {
            throw new IllegalStateException("record -2 holds message type " + type);
        }
        final int dataAt = (int)size[1] + 1;
        final long blobLength = fixed64 ?
            ByteBuffer.wrap(body, dataAt, 8).order(ByteOrder.LITTLE_ENDIAN).getLong() :
            zigzagDecode(readVarint(body, dataAt)[0]);
        final byte[] blob = new byte[(int)blobLength];
        fromCoordinator.readFully(blob);
        final ByteBuffer state = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        increments = state.getLong(0);
        sum = state.getLong(8);
        initial = state.getLong(16);
        callsMade = state.getLong(24);
        recovered = true;
    }

    private void onMessage(final int type, final byte[] data, final int offset, final int length) throws IOException
    {
        switch (type)
        {
            case RPC:
            {
                if (data[offset] != 0)
                {
                    throw new IllegalStateException("RPC reserved byte " + data[offset]);
                }
                final long[] method = readVarint(data, offset + 1);
                final int methodId = (int)zigzagDecode(method[0]);
                final int argsAt = (int)method[1] + 1; // after the kind byte
                if (methodId == 1)
                {
                    increments++;
                    sum += ByteBuffer.wrap(data, argsAt, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
                    if (increments % 100 == 0)
                    {
                        callCounter();
                    }
                }
                else if (methodId == 0)
                {
                    initial++;
                }
                break;
            }
            case TAKE_BECOMING_PRIMARY_CHECKPOINT:
                System.out.println("ATTACHED " + (recovered ? "recovered" : "first"));
                if (!recovered)
                {
                    sendInitialMessage();
                }
                sendCheckpoint();
                break;
            case TAKE_CHECKPOINT:
                sendCheckpoint();
                break;
            default:
                break;
        }
    }

    /** Outgoing RPC: destination "counter", reserved 0, method 1, fork, i64 1. */
    private void callCounter() throws IOException
    {
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final byte[] destination = "counter".getBytes(StandardCharsets.US_ASCII);
        writeVarint(data, zigzag(destination.length));
        data.write(destination);
        data.write(0);
        writeVarint(data, zigzag(1));
        data.write(1);
        data.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(1).array());
        sendMessage(RPC, data.toByteArray());
        callsMade++;
    }

    /** InitialMessage: a whole incoming RPC message, method 0, fork, no arguments. */
    private void sendInitialMessage() throws IOException
    {
        final byte[] rpcData = {0, 0, 1};
        final ByteArrayOutputStream inner = new ByteArrayOutputStream();
        writeVarint(inner, zigzag(rpcData.length + 1));
        inner.write(RPC);
        inner.write(rpcData);
        sendMessage(INITIAL_MESSAGE, inner.toByteArray());
    }

    private void sendCheckpoint() throws IOException
    {
        final byte[] blob = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN)
            .putLong(increments).putLong(sum).putLong(initial).putLong(callsMade).array();
        final ByteArrayOutputStream length = new ByteArrayOutputStream();
        if (fixed64)
        {
            length.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(blob.length).array());
        }
        else
        {
            writeVarint(length, zigzag64(blob.length));
        }
        sendMessage(CHECKPOINT, length.toByteArray());
        toCoordinator.write(blob);
        toCoordinator.flush();
        System.out.println("CHECKPOINT increments=" + increments + " sum=" + sum + " initial=" + initial +
            " calls=" + callsMade);
    }

    private void sendMessage(final int type, final byte[] data) throws IOException
    {
        final ByteArrayOutputStream message = new ByteArrayOutputStream();
        writeVarint(message, zigzag(data.length + 1));
        message.write(type);
        message.write(data);
        toCoordinator.write(message.toByteArray());
        toCoordinator.flush();
    }

    private static long zigzag(final int value)
    {
        return ((value << 1) ^ (value >> 31)) & 0xFFFF_FFFFL;
    }

    private static long zigzag64(final long value)
    {
        return (value << 1) ^ (value >> 63);
    }

    private static long zigzagDecode(final long raw)
    {
        return (raw >>> 1) ^ -(raw & 1);
    }

    private static void writeVarint(final ByteArrayOutputStream out, final long raw)
    {
        long v = raw;
        while ((v & ~0x7FL) != 0)
        {
            out.write((int)((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int)v);
    }

    /**
     * @return {raw value, offset after it}.
     */
    private static long[] readVarint(final byte[] bytes, final int offset)
    {
        long value = 0;
        int shift = 0;
        int at = offset;
        while (true)
        {
            final int b = bytes[at++] & 0xFF;
            value |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return new long[] {value, at};
            }
            shift += 7;
        }
    }
}
