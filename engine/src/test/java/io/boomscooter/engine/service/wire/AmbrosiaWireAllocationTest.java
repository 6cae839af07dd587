package io.boomscooter.engine.service.wire;

import io.boomscooter.driver.tcp.TcpFramer;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

import static io.boomscooter.engine.service.wire.AmbrosiaWireTestSupport.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Zero bytes allocated per encode and decode after warm-up, measured by the thread's allocation counter: records
 * over all three buffer kinds, messages, RPCs, batches, checkpoint lengths and the framer, valid and malformed.
 */
class AmbrosiaWireAllocationTest
{
    private static final int N = 200_000;
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private final AmbrosiaChecksum checksum = new AmbrosiaChecksum();
    private final AmbrosiaMessageReader reader = new AmbrosiaMessageReader();
    private final AmbrosiaMessageReader inner = new AmbrosiaMessageReader();
    private final AmbrosiaRpc rpc = new AmbrosiaRpc();
    private final AmbrosiaBatch batch = new AmbrosiaBatch();
    private final AmbrosiaVarint varint = new AmbrosiaVarint();
    private final AmbrosiaFramer framer = new AmbrosiaFramer(CheckpointLengthEncoding.ZIGZAG);
    private final TcpFramer.Decoded decoded = new TcpFramer.Decoded();

    private final UnsafeBuffer arrayBuffer = new UnsafeBuffer(new byte[4096]);
    private final ByteBuffer direct = ByteBuffer.allocateDirect(4096);
    private final UnsafeBuffer directBuffer = new UnsafeBuffer(direct);
    private final UnsafeBuffer rawBuffer = new UnsafeBuffer(BufferUtil.address(direct), 2048);
    private final UnsafeBuffer args = new UnsafeBuffer(ascii("some serialized arguments"));
    private final UnsafeBuffer destination = new UnsafeBuffer(ascii("other-service"));
    private final UnsafeBuffer malformed = new UnsafeBuffer(new byte[]{ 0x02, 0x10, (byte)0x80 });
    private long sink;

    private static long allocated()
    {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /**
     * Build a record holding a batch of RPCs and control messages, verify it, and read everything back.
     */
    private void recordRoundTrip(final UnsafeBuffer buffer, final int base, final int i)
    {
        final int limit = base + 1024;
        int index = base + AmbrosiaRecord.HEADER_LENGTH;
        final int one = AmbrosiaRpc.writeIncomingMessage(buffer, index + 8, limit, i, AmbrosiaRpc.KIND_FORK, args, 0,
            args.capacity());
        final int header = AmbrosiaBatch.writeRpcBatchHeader(buffer, index, limit, 2, 2 * one);
        AmbrosiaRpc.writeIncomingMessage(buffer, index + header, limit, i, AmbrosiaRpc.KIND_FORK, args, 0,
            args.capacity());
        AmbrosiaRpc.writeIncomingMessage(buffer, index + header + one, limit, -i, AmbrosiaRpc.KIND_IMPULSE, args, 0,
            args.capacity());
        index += header + 2 * one;
        index += AmbrosiaMessageWriter.writeTakeCheckpoint(buffer, index, limit);
        index += AmbrosiaCheckpointLength.writeMessage(buffer, index, limit, CheckpointLengthEncoding.ZIGZAG, i);
        final int total = index - base;
        sink += AmbrosiaRecord.encodeHeader(buffer, base, 7, total, i, checksum);
        sink += AmbrosiaRecord.verify(buffer, base, 1024, AmbrosiaRecord.DEFAULT_MAX_RECORD_LENGTH, checksum);

        reader.wrap(buffer, base + AmbrosiaRecord.HEADER_LENGTH, total - AmbrosiaRecord.HEADER_LENGTH);
        while (reader.next() == AmbrosiaMessageReader.MESSAGE)
        {
            if (reader.type() == AmbrosiaMessageType.RPC_BATCH)
            {
                sink += batch.decode(reader.type(), buffer, reader.dataOffset(), reader.dataLength());
                sink += batch.verifyMessages(buffer, inner);
                inner.wrap(buffer, batch.messagesOffset(), batch.messagesLength());
                while (inner.next() == AmbrosiaMessageReader.MESSAGE)
                {
                    sink += rpc.decodeIncoming(buffer, inner.dataOffset(), inner.dataLength()) + rpc.methodId();
                }
            }
            else if (reader.type() == AmbrosiaMessageType.CHECKPOINT)
            {
                sink += AmbrosiaCheckpointLength.readMessageData(buffer, reader.dataOffset(), reader.dataLength(),
                    CheckpointLengthEncoding.ZIGZAG, varint) + varint.value;
            }
            sink += reader.reason().length();
        }
    }

    private void serviceSide(final UnsafeBuffer buffer, final int i)
    {
        int index = AmbrosiaRpc.writeOutgoingMessage(buffer, 0, 512, destination, 0, destination.capacity(), i,
            AmbrosiaRpc.KIND_FORK, args, 0, args.capacity());
        index += AmbrosiaCheckpointLength.writeMessage(buffer, index, 512, CheckpointLengthEncoding.ZIGZAG, 16);
        index += 16; // the blob
        int offset = 0;
        while (offset < index && framer.decode(buffer, offset, index - offset, decoded) == TcpFramer.FRAME)
        {
            reader.wrap(buffer, decoded.messageOffset(), decoded.messageLength());
            if (reader.next() == AmbrosiaMessageReader.MESSAGE && reader.type() == AmbrosiaMessageType.RPC)
            {
                sink += rpc.decodeOutgoing(buffer, reader.dataOffset(), reader.dataLength()) + rpc.kind();
            }
            offset += decoded.frameLength();
        }
        sink += framer.decode(malformed, 0, 3, decoded) + decoded.detail().length();
        sink += reader.wrap(malformed, 0, 3).next() + reader.reason().length();
        sink += AmbrosiaZigZag.readInt(malformed, 2, 3, varint);
    }

    private void loop(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            recordRoundTrip(arrayBuffer, 3, i);
            recordRoundTrip(directBuffer, 1024, i);
            recordRoundTrip(rawBuffer, 5, i);
            serviceSide(arrayBuffer, i);
        }
    }

    @Test
    void encodeAndDecodeAllocateNothing()
    {
        final long calibrateStart = allocated();
        final long calibration = allocated() - calibrateStart;

        loop(N / 4); // warm up: JIT and the checksum's one little-endian view of the direct ByteBuffer

        final long start = allocated();
        loop(N);
        final long bytes = allocated() - start - calibration;

        assertEquals(AmbrosiaWireStatus.OK, batch.status());
        assertTrue(sink != 0);
        assertTrue(bytes <= 0, "allocated " + bytes + " bytes over " + N + " iterations");
        assertEquals(0, direct.get(4095)); // keeps the direct buffer, and so the raw address, alive to here
    }
}
