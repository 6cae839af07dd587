package io.boomscooter.engine.ingress;

import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.boomscooter.codecs.ingress.AuthResponseDecoder;
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
    private static final String BAD_PRINCIPAL = "AuthResponse principal is not 1-64 printable ASCII characters";

    private final IngressHandler handler;
    private final MessageCheck check = new MessageCheck();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final SubmitEntryDecoder submit = new SubmitEntryDecoder();
    private final ProducerConnectDecoder connect = new ProducerConnectDecoder();
    private final AuthResponseDecoder auth = new AuthResponseDecoder();

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
        else if (templateId == AuthResponseDecoder.TEMPLATE_ID)
        {
            if (check.block(offset, AuthResponseDecoder.BLOCK_LENGTH) && check.varUint8())
            {
                auth.wrapAndApplyHeader(buffer, offset, header);
                final int principalLength = auth.principalLength();
                final int principalOffset = auth.limit() + 1;
                if (!printable(buffer, principalOffset, principalLength))
                {
                    check.reject(BAD_PRINCIPAL);
                }
                else
                {
                    // a handshake, not an entry: the principal's String is allowed here
                    handler.onAuthResponse(auth.logId(), auth.producerId(), buffer,
                        offset + MessageHeaderDecoder.ENCODED_LENGTH + AuthResponseDecoder.macEncodingOffset(),
                        buffer.getStringWithoutLengthAscii(principalOffset, principalLength));
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

    private static boolean printable(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < 1 || length > io.boomscooter.client.auth.Credentials.MAX_PRINCIPAL_LENGTH)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            final byte b = buffer.getByte(offset + i);
            if (b <= ' ' || b >= 127)
            {
                return false;
            }
        }
        return true;
    }
}
