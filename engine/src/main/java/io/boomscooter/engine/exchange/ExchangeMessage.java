package io.boomscooter.engine.exchange;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A message type: its id and how a pre-allocated flyweight writes and reads its data. Register one instance per
 * id with {@link ExchangeEndpoint#register}; {@link ExchangeEndpoint#decode} fills that instance from a received
 * message, so no object is made per message.
 */
public interface ExchangeMessage
{
    /** @return the message id: not 0, not in gofast's reserved 0x1000–0x100f. */
    long id();

    /**
     * @param limit most bytes the data may take.
     * @return bytes written, or -1 when the data does not fit in limit.
     */
    int encode(MutableDirectBuffer buffer, int offset, int limit);

    /** @return false when the bytes are not a valid encoding (the message is then dropped and counted). */
    boolean decode(DirectBuffer buffer, int offset, int length);
}
