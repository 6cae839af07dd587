package io.boomscooter.driver.tcp;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static io.boomscooter.driver.tcp.TcpTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The framer interface is enough for a header of variable length (what a CBOR framer needs): a test
 * framer with an unsigned LEB128 length (1 byte below 128, 2 below 16,384, 3 above) carries messages
 * of 1, 127, 128 and 20,000 bytes over a dialled connection, sent both copied and claimed.
 */
class TcpVarintFramerTest
{
    private static final int MAX = 32 * 1024;

    @Test
    void varintLengthFramesCrossADialledConnection()
    {
        final VarintFramer framer = new VarintFramer();
        final RecordingHandler serverHandler = new RecordingHandler();
        final RecordingHandler dialHandler = new RecordingHandler();
        try (TcpTransportPoller server = new TcpTransportPoller(
            TcpTestSupport.loopbackContext(serverHandler).framer(framer));
            TcpTransportPoller dialler = new TcpTransportPoller(new TcpTransportPoller.Context()
                .listen(false).frameHandler(dialHandler).errorHandler(Throwable::printStackTrace)))
        {
            final long id = dialler.connect(new InetSocketAddress("127.0.0.1", server.port()), framer);
            final int[] lengths = {1, 127, 128, 20_000};
            final UnsafeBuffer message = new UnsafeBuffer(new byte[MAX]);
            final TcpBufferClaim claim = new TcpBufferClaim();
            for (final int length : lengths)
            {
                message.setMemory(0, length, (byte)('a' + length % 26));
                assertTrue(dialler.send(id, message, 0, length) > 0);
                assertTrue(dialler.tryClaim(id, length, claim) > 0);
                claim.buffer().setMemory(claim.offset(), length, (byte)('A' + length % 26));
                assertTrue(claim.commit());
            }
            await(() -> serverHandler.frames.values().stream().mapToInt(java.util.List::size).sum() == 8, () ->
            {
                dialler.doWork();
                server.doWork();
            }, () -> "8 frames at the server");
            final java.util.List<String> received = serverHandler.frames.values().iterator().next();
            for (int i = 0; i < lengths.length; i++)
            {
                assertEquals(String.valueOf((char)('a' + lengths[i] % 26)).repeat(lengths[i]), received.get(2 * i));
                assertEquals(String.valueOf((char)('A' + lengths[i] % 26)).repeat(lengths[i]), received.get(2 * i + 1));
            }
            assertEquals(0, server.counters().protocolErrors());
        }
    }

    /**
     * Unsigned LEB128 length, then the message; a length with more than 3 bytes or over the maximum is
     * malformed. Stateless: the header is parsed again on each call until the whole frame is there.
     */
    static final class VarintFramer implements TcpFramer
    {
        public int decode(final DirectBuffer buffer, final int offset, final int available, final Decoded out)
        {
            int length = 0;
            for (int i = 0; i < 3; i++)
            {
                if (i == available)
                {
                    return NEED_MORE;
                }
                final int b = buffer.getByte(offset + i) & 0xFF;
                length |= (b & 0x7F) << (7 * i);
                if ((b & 0x80) == 0)
                {
                    if (length < 1 || length > MAX)
                    {
                        return out.malformed(TcpDisconnectReason.MALFORMED_FRAME, "varint length out of range");
                    }
                    final int headerLength = i + 1;
                    return available - headerLength < length ?
                        NEED_MORE : out.frame(offset + headerLength, length, headerLength + length);
                }
            }
            return out.malformed(TcpDisconnectReason.MALFORMED_FRAME, "varint longer than 3 bytes");
        }

        public int maxFrameLength()
        {
            return 3 + MAX;
        }

        public int maxMessageLength()
        {
            return MAX;
        }

        public boolean isValidMessageLength(final int messageLength)
        {
            return messageLength >= 1 && messageLength <= MAX;
        }

        public int headerLength(final int messageLength)
        {
            return messageLength < 128 ? 1 : messageLength < 16_384 ? 2 : 3;
        }

        public int trailerLength(final int messageLength)
        {
            return 0;
        }

        public void encodeHeader(final MutableDirectBuffer buffer, final int offset, final int messageLength)
        {
            int value = messageLength;
            int i = 0;
            while (value >= 0x80)
            {
                buffer.putByte(offset + i++, (byte)(value | 0x80));
                value >>>= 7;
            }
            buffer.putByte(offset + i, (byte)value);
        }

        public void encodeTrailer(final MutableDirectBuffer buffer, final int offset, final int messageLength)
        {
        }
    }
}
