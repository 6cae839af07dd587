package io.boomscooter.engine.ingress;

import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.boomscooter.codecs.ingress.MessageHeaderDecoder;
import io.boomscooter.codecs.ingress.ProducerConnectDecoder;
import io.boomscooter.codecs.ingress.SubmitEntryDecoder;
import io.boomscooter.client.MessageCheck;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Decodes producer ingress fragments after bounds-checking every field against the fragment length.
 * Variable-length fields are located by hand so nothing is copied or allocated.
 */
public final class IngressAdapter implements FragmentHandler
{
    private static final String MAX_RESPONSE_CHANNEL = "response channel longer than 1024 bytes";

    private final IngressHandler handler;
    private final MessageCheck check = new MessageCheck();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final SubmitEntryDecoder submit = new SubmitEntryDecoder();
    private final ProducerConnectDecoder connect = new ProducerConnectDecoder();

    public IngressAdapter(final IngressHandler handler)
    {
        this.handler = handler;
    }

    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header aeronHeader)
    {
        final int templateId = check.header(
            buffer, offset, length, MessageHeaderDecoder.SCHEMA_ID, MessageHeaderDecoder.SCHEMA_VERSION);
        if (templateId < 0)
        {
            handler.onMalformed(check.reason());
            return;
        }
        header.wrap(buffer, offset);
        if (templateId == SubmitEntryDecoder.TEMPLATE_ID)
        {
            if (check.block(offset, SubmitEntryDecoder.BLOCK_LENGTH) &&
                check.varUint8() && check.varUint32() && check.varUint32())
            {
                submit.wrapAndApplyHeader(buffer, offset, header);
                final int channelOffset = submit.limit() + 1;
                final int channelLength = buffer.getByte(submit.limit()) & 0xFF;
                final int keyLengthOffset = channelOffset + channelLength;
                final int keyLength = buffer.getInt(keyLengthOffset, ByteOrder.LITTLE_ENDIAN);
                final int payloadLengthOffset = keyLengthOffset + 4 + keyLength;
                final int payloadLength = buffer.getInt(payloadLengthOffset, ByteOrder.LITTLE_ENDIAN);
                handler.onSubmitEntry(submit.logId(), submit.producerId(), submit.producerSeqno(), submit.timestampNs(),
                    buffer, channelOffset, channelLength, keyLengthOffset + 4, keyLength,
                    payloadLengthOffset + 4, payloadLength, offset, length);
                return;
            }
        }
        else if (templateId == ProducerConnectDecoder.TEMPLATE_ID)
        {
            if (check.block(offset, ProducerConnectDecoder.BLOCK_LENGTH) && check.varUint32())
            {
                connect.wrapAndApplyHeader(buffer, offset, header);
                final int channelLength = connect.responseChannelLength();
                if (channelLength > 1024)
                {
                    check.reject(MAX_RESPONSE_CHANNEL);
                }
                else
                {
                    handler.onProducerConnect(connect.producerId(), connect.responseStreamId(), buffer,
                        connect.limit() + 4, channelLength);
                    return;
                }
            }
        }
        else
        {
            check.reject(MessageCheck.UNKNOWN_TEMPLATE);
        }
        handler.onMalformed(check.reason());
    }
}
