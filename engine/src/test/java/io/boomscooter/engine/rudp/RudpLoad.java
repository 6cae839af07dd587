package io.boomscooter.engine.rudp;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Random;
import java.util.zip.CRC32;

/**
 * A transfer for tests: the sender offers messages cut from one random source array (message i: a seeded length
 * and offset), retrying when back-pressured; the receiver checks each message it gets is the next one, whole and
 * byte-identical (CRC-32 against the same slice of the source).
 */
final class RudpLoad implements Agent, RudpListener
{
    static final int SOURCE = 17 * 1024 * 1024;

    final byte[] source = new byte[SOURCE];
    final int[] lengths;
    final int[] offsets;
    RudpEndpoint sender;
    int peer;
    int streamId;
    volatile int sent;
    volatile int received;
    volatile long bytesReceived;
    volatile String failure;
    volatile long lost;
    volatile boolean go;
    private final UnsafeBuffer sourceBuffer;
    private final CRC32 crc = new CRC32();

    /** Messages of minLength..maxLength bytes (log-uniform) until total bytes reach totalBytes. */
    RudpLoad(final long seed, final int minLength, final int maxLength, final long totalBytes, final int maxCount)
    {
        final Random random = new Random(seed);
        random.nextBytes(source);
        sourceBuffer = new UnsafeBuffer(source);
        final int[] l = new int[maxCount];
        final int[] o = new int[maxCount];
        long total = 0;
        int n = 0;
        final double span = Math.log((double)maxLength / minLength);
        while (total < totalBytes && n < maxCount)
        {
            final int length = (int)Math.round(minLength * Math.exp(random.nextDouble() * span));
            l[n] = Math.min(maxLength, length);
            o[n] = random.nextInt(SOURCE - l[n]);
            total += l[n];
            n++;
        }
        lengths = java.util.Arrays.copyOf(l, n);
        offsets = java.util.Arrays.copyOf(o, n);
    }

    long totalBytes()
    {
        long total = 0;
        for (final int l : lengths)
        {
            total += l;
        }
        return total;
    }

    public int doWork()
    {
        int work = 0;
        while (go && sent < lengths.length)
        {
            final long result = sender.offer(peer, streamId, sourceBuffer, offsets[sent], lengths[sent]);
            if (result == RudpEndpoint.BACK_PRESSURED)
            {
                break;
            }
            if (result < 0)
            {
                failure = "offer " + sent + " failed: " + result;
                break;
            }
            sent++;
            work++;
        }
        return work;
    }

    public String roleName()
    {
        return "rudp-load";
    }

    public void onMessage(final int fromPeer, final int stream, final DirectBuffer buffer, final int offset,
        final int length)
    {
        final int i = received;
        if (i >= lengths.length)
        {
            failure = "more messages than were sent";
            return;
        }
        if (length != lengths[i])
        {
            failure = "message " + i + " has " + length + " bytes, expected " + lengths[i];
            return;
        }
        crc.reset();
        crc.update(buffer.byteArray(), (int)(buffer.addressOffset() - org.agrona.BufferUtil.ARRAY_BASE_OFFSET) +
            offset, length);
        final long got = crc.getValue();
        crc.reset();
        crc.update(source, offsets[i], length);
        if (got != crc.getValue())
        {
            failure = "message " + i + " differs from what was sent";
            return;
        }
        bytesReceived += length;
        received = i + 1;
    }

    public void onLoss(final int fromPeer, final int stream, final long packets)
    {
        lost += packets;
    }
}
