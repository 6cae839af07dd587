package io.boomscooter.codecs;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every schema family generates codecs, and one message of each encodes and decodes back to the same
 * values, with the schema id and version in the header.
 */
class SchemaRoundTripTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
    private final byte[] payload = "hello, boomscooter".getBytes(StandardCharsets.UTF_8);
    private final byte[] key = {1, 2, 3};

    @Test
    void logEntry()
    {
        final io.boomscooter.codecs.log.MessageHeaderEncoder header = new io.boomscooter.codecs.log.MessageHeaderEncoder();
        final io.boomscooter.codecs.log.LogEntryEncoder encoder = new io.boomscooter.codecs.log.LogEntryEncoder()
            .wrapAndApplyHeader(buffer, 0, header)
            .producerId(11).producerSeqno(22)
            .channel("orders.eu")
            .putKey(key, 0, key.length)
            .putPayload(payload, 0, payload.length);
        final int length = header.encodedLength() + encoder.encodedLength();

        final io.boomscooter.codecs.log.MessageHeaderDecoder headerDecoder = new io.boomscooter.codecs.log.MessageHeaderDecoder();
        headerDecoder.wrap(buffer, 0);
        assertEquals(101, headerDecoder.schemaId());
        assertEquals(1, headerDecoder.version());
        final io.boomscooter.codecs.log.LogEntryDecoder decoder = new io.boomscooter.codecs.log.LogEntryDecoder()
            .wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertEquals(11, decoder.producerId());
        assertEquals(22, decoder.producerSeqno());
        assertEquals("orders.eu", decoder.channel());
        assertArrayEquals(key, bytes(decoder.keyLength(), (dst) -> decoder.getKey(dst, 0, dst.length)));
        assertArrayEquals(payload, bytes(decoder.payloadLength(), (dst) -> decoder.getPayload(dst, 0, dst.length)));
        assertEquals(length, header.encodedLength() + decoder.encodedLength());
    }

    @Test
    void replication()
    {
        final io.boomscooter.codecs.replication.MessageHeaderEncoder header = new io.boomscooter.codecs.replication.MessageHeaderEncoder();
        new io.boomscooter.codecs.replication.AppendFramesEncoder()
            .wrapAndApplyHeader(buffer, 0, header)
            .logId(1).leaderId(2).epoch(3).firstSeqno(4).lastSeqno(5).commitSeqno(6)
            .putFrames(payload, 0, payload.length);

        final io.boomscooter.codecs.replication.MessageHeaderDecoder headerDecoder = new io.boomscooter.codecs.replication.MessageHeaderDecoder();
        headerDecoder.wrap(buffer, 0);
        assertEquals(102, headerDecoder.schemaId());
        assertEquals(io.boomscooter.codecs.replication.AppendFramesDecoder.TEMPLATE_ID, headerDecoder.templateId());
        final io.boomscooter.codecs.replication.AppendFramesDecoder decoder = new io.boomscooter.codecs.replication.AppendFramesDecoder()
            .wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertEquals(1, decoder.logId());
        assertEquals(2, decoder.leaderId());
        assertEquals(3, decoder.epoch());
        assertEquals(4, decoder.firstSeqno());
        assertEquals(5, decoder.lastSeqno());
        assertEquals(6, decoder.commitSeqno());
        assertArrayEquals(payload, bytes(decoder.framesLength(), (dst) -> decoder.getFrames(dst, 0, dst.length)));

        new io.boomscooter.codecs.replication.ReplicationRejectEncoder()
            .wrapAndApplyHeader(buffer, 0, header)
            .logId(1).nodeId(2).epoch(9).code(io.boomscooter.codecs.replication.RejectCode.STALE_EPOCH)
            .reason("epoch 9 < 10");
        headerDecoder.wrap(buffer, 0);
        final io.boomscooter.codecs.replication.ReplicationRejectDecoder reject =
            new io.boomscooter.codecs.replication.ReplicationRejectDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertEquals(io.boomscooter.codecs.replication.RejectCode.STALE_EPOCH, reject.code());
        assertEquals("epoch 9 < 10", reject.reason());
    }

    @Test
    void ingress()
    {
        final io.boomscooter.codecs.ingress.MessageHeaderEncoder header = new io.boomscooter.codecs.ingress.MessageHeaderEncoder();
        new io.boomscooter.codecs.ingress.SubmitEntryEncoder()
            .wrapAndApplyHeader(buffer, 0, header)
            .logId(1).producerId(77).producerSeqno(78).timestampNs(79)
            .channel("c")
            .putKey(key, 0, 0)
            .putPayload(payload, 0, payload.length);

        final io.boomscooter.codecs.ingress.MessageHeaderDecoder headerDecoder = new io.boomscooter.codecs.ingress.MessageHeaderDecoder();
        headerDecoder.wrap(buffer, 0);
        assertEquals(103, headerDecoder.schemaId());
        final io.boomscooter.codecs.ingress.SubmitEntryDecoder decoder = new io.boomscooter.codecs.ingress.SubmitEntryDecoder()
            .wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertEquals(1, decoder.logId());
        assertEquals(77, decoder.producerId());
        assertEquals(78, decoder.producerSeqno());
        assertEquals(79, decoder.timestampNs());
        assertEquals("c", decoder.channel());
        assertEquals(0, decoder.keyLength());
        decoder.skipKey();
        assertArrayEquals(payload, bytes(decoder.payloadLength(), (dst) -> decoder.getPayload(dst, 0, dst.length)));

        new io.boomscooter.codecs.ingress.SubmitAckEncoder().wrapAndApplyHeader(buffer, 0, header)
            .logId(1).producerId(77).producerSeqno(78).seqno(1000).commitSeqno(999).timestampNs(79)
            .status(io.boomscooter.codecs.ingress.SubmitStatus.APPENDED);
        headerDecoder.wrap(buffer, 0);
        final io.boomscooter.codecs.ingress.SubmitAckDecoder ack =
            new io.boomscooter.codecs.ingress.SubmitAckDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertEquals(1000, ack.seqno());
        assertEquals(999, ack.commitSeqno());
        assertEquals(io.boomscooter.codecs.ingress.SubmitStatus.APPENDED, ack.status());
    }

    @Test
    void subscriber()
    {
        final io.boomscooter.codecs.subscriber.MessageHeaderEncoder header = new io.boomscooter.codecs.subscriber.MessageHeaderEncoder();
        new io.boomscooter.codecs.subscriber.SubscribeEncoder()
            .wrapAndApplyHeader(buffer, 0, header)
            .protocolVersion(1).correlationId(5).logId(2)
            .mode(io.boomscooter.codecs.subscriber.SubscribeMode.NOTIFY)
            .startSeqno(10).endSeqno(-1).maxCount(100).maxBytes(-1).initialCredit(64)
            .channelPrefix("orders.")
            .credentials("secret");

        final io.boomscooter.codecs.subscriber.MessageHeaderDecoder headerDecoder = new io.boomscooter.codecs.subscriber.MessageHeaderDecoder();
        headerDecoder.wrap(buffer, 0);
        assertEquals(104, headerDecoder.schemaId());
        final io.boomscooter.codecs.subscriber.SubscribeDecoder decoder = new io.boomscooter.codecs.subscriber.SubscribeDecoder()
            .wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertEquals(1, decoder.protocolVersion());
        assertEquals(5, decoder.correlationId());
        assertEquals(2, decoder.logId());
        assertEquals(io.boomscooter.codecs.subscriber.SubscribeMode.NOTIFY, decoder.mode());
        assertEquals(10, decoder.startSeqno());
        assertEquals(-1, decoder.endSeqno());
        assertEquals(100, decoder.maxCount());
        assertEquals(64, decoder.initialCredit());
        assertEquals("orders.", decoder.channelPrefix());
        assertEquals("secret", decoder.credentials());

        new io.boomscooter.codecs.subscriber.EntryEncoder().wrapAndApplyHeader(buffer, 0, header)
            .logId(2).seqno(10).timestampNs(11).producerId(12).producerSeqno(13)
            .channel("orders.eu").putKey(key, 0, key.length).putPayload(payload, 0, payload.length);
        headerDecoder.wrap(buffer, 0);
        final io.boomscooter.codecs.subscriber.EntryDecoder entry =
            new io.boomscooter.codecs.subscriber.EntryDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertEquals(10, entry.seqno());
        assertEquals("orders.eu", entry.channel());
        assertArrayEquals(key, bytes(entry.keyLength(), (dst) -> entry.getKey(dst, 0, dst.length)));
        assertArrayEquals(payload, bytes(entry.payloadLength(), (dst) -> entry.getPayload(dst, 0, dst.length)));
    }

    @Test
    void notification()
    {
        final io.boomscooter.codecs.notification.MessageHeaderEncoder header = new io.boomscooter.codecs.notification.MessageHeaderEncoder();
        new io.boomscooter.codecs.notification.LogProgressEncoder()
            .wrapAndApplyHeader(buffer, 0, header)
            .logId(3).segmentBaseSeqno(1).writtenSize(4096).highestSeqno(40).commitSeqno(39)
            .segmentFile("00000000000000000001.seg");

        final io.boomscooter.codecs.notification.MessageHeaderDecoder headerDecoder = new io.boomscooter.codecs.notification.MessageHeaderDecoder();
        headerDecoder.wrap(buffer, 0);
        assertEquals(105, headerDecoder.schemaId());
        final io.boomscooter.codecs.notification.LogProgressDecoder decoder = new io.boomscooter.codecs.notification.LogProgressDecoder()
            .wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertEquals(3, decoder.logId());
        assertEquals(4096, decoder.writtenSize());
        assertEquals(40, decoder.highestSeqno());
        assertEquals(39, decoder.commitSeqno());
        assertEquals("00000000000000000001.seg", decoder.segmentFile());
    }

    private interface Reader
    {
        int read(byte[] dst);
    }

    private static byte[] bytes(final int length, final Reader reader)
    {
        final byte[] dst = new byte[length];
        assertEquals(length, reader.read(dst));
        return dst;
    }
}
