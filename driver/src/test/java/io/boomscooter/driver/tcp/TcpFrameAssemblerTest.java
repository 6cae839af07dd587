package io.boomscooter.driver.tcp;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Reassembly and buffer bookkeeping without sockets, including the compaction edge cases.
 */
class TcpFrameAssemblerTest
{
    private static final int MAX = 100;

    @Test
    void frameFedOneByteAtATimeAppearsOnlyWhenComplete()
    {
        final TcpFrameAssembler assembler = new TcpFrameAssembler(MAX, 0);
        final UnsafeBuffer wire = frame(MAX, 7);
        for (int i = 0; i < wire.capacity() - 1; i++)
        {
            assertEquals(1, assembler.append(wire, i, 1));
            assertEquals(TcpFrameAssembler.NO_FRAME, assembler.nextFrame(), "incomplete after " + (i + 1));
        }
        assembler.append(wire, wire.capacity() - 1, 1);
        assertEquals(MAX, assembler.nextFrame());
        assertEquals(7, assembler.buffer().getByte(assembler.frameOffset()));
        assertEquals(TcpFrameAssembler.NO_FRAME, assembler.nextFrame());
        assertEquals(0, assembler.pendingBytes());
    }

    @Test
    void partialFrameIsMovedToTheFrontWhenTheLargestFrameWouldNotFitBehindIt()
    {
        // Capacity 128: after a 60-byte frame, a 104-byte frame cannot fit behind offset 64.
        final TcpFrameAssembler assembler = new TcpFrameAssembler(MAX, 0);
        assertEquals(128, assembler.capacity());
        assembler.append(frame(60, 1), 0, 64);
        final UnsafeBuffer big = frame(MAX, 2);
        assembler.append(big, 0, 50);
        assertEquals(60, assembler.nextFrame());
        assertEquals(TcpFrameAssembler.NO_FRAME, assembler.nextFrame());
        assertEquals(54, assembler.append(big, 50, 54));
        assertEquals(MAX, assembler.nextFrame());
        assertEquals(0, assembler.frameOffset() - 4, "compacted to the front");
        for (int i = 0; i < MAX; i++)
        {
            assertEquals((byte)(2 + i), assembler.buffer().getByte(assembler.frameOffset() + i));
        }
    }

    @Test
    void invalidPrefixIsReportedWithItsValue()
    {
        final TcpFrameAssembler assembler = new TcpFrameAssembler(MAX, 0);
        final UnsafeBuffer wire = new UnsafeBuffer(new byte[4]);
        wire.putInt(0, MAX + 1, ByteOrder.LITTLE_ENDIAN);
        assembler.append(wire, 0, 4);
        assertEquals(TcpFrameAssembler.INVALID_LENGTH, assembler.nextFrame());
        assertEquals(MAX + 1, assembler.invalidLength());
    }

    @Test
    void sendBufferQueuesWholeFramesOnlyAndCompactsTheBacklog()
    {
        final TcpSendBuffer sendBuffer = new TcpSendBuffer(128);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[MAX]);
        assertEquals(true, sendBuffer.append(message, 0, 60));
        assertEquals(false, sendBuffer.append(message, 0, 61), "64 + 65 > 128");
        assertEquals(true, sendBuffer.append(message, 0, 60));
        assertEquals(128, sendBuffer.backlog());

        final int claimed = sendBuffer.claim(10);
        assertEquals(-1, claimed, "full");
    }

    @Test
    void claimIsInvisibleUntilCommittedAndStaleCommitsAreRefused()
    {
        final TcpSendBuffer sendBuffer = new TcpSendBuffer(128);
        final int first = sendBuffer.claim(10);
        assertEquals(0, sendBuffer.backlog());
        sendBuffer.abortClaim(first);
        assertEquals(false, sendBuffer.commitClaim(first, 10), "aborted");

        final int second = sendBuffer.claim(20);
        assertEquals(false, sendBuffer.commitClaim(second, 10), "length mismatch");
        assertEquals(true, sendBuffer.commitClaim(second, 20));
        assertEquals(24, sendBuffer.backlog());
        assertEquals(20, sendBuffer.buffer().getInt(second, ByteOrder.LITTLE_ENDIAN), "prefix written on commit");
    }

    private static UnsafeBuffer frame(final int length, final int seed)
    {
        final UnsafeBuffer wire = new UnsafeBuffer(new byte[4 + length]);
        wire.putInt(0, length, ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < length; i++)
        {
            wire.putByte(4 + i, (byte)(seed + i));
        }
        return wire;
    }
}
