package io.boomscooter.driver.tcp;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * How messages are cut out of a TCP byte stream and how outgoing messages are wrapped, chosen per
 * listening endpoint ({@link TcpTransportPoller.Context#framer(TcpFramer)}) and per dialled connection
 * ({@link TcpTransportPoller#connect(java.net.InetSocketAddress, TcpFramer, long)}).
 * <p>
 * A framer is shared by every connection it is given to, so it keeps no per-connection state: each
 * {@link #decode} call looks at all the bytes received and not yet consumed, from the start of the next
 * frame. That is enough for framings whose header has a variable length (CBOR, a varint): the framer
 * parses the header again on each call until the whole frame is there. Called on the poller thread
 * only; must not allocate and must not throw on any input (a malformed stream is a result, not an
 * exception).
 * <p>
 * A frame on the wire is {@code header + message + trailer}; the handler sees only the message.
 * {@link TcpLengthPrefixFramer} (the default, {@code docs/tcp-transport.md}) has a 4-byte header and no
 * trailer; {@link TcpLineFramer} has no header and a CRLF trailer.
 */
public interface TcpFramer
{
    /**
     * {@link #decode} result: the bytes so far do not hold a whole frame; read more.
     */
    int NEED_MORE = 0;

    /**
     * {@link #decode} result: a whole frame is at the start; {@link Decoded} says where its message is.
     */
    int FRAME = 1;

    /**
     * {@link #decode} result: the stream breaks the framing; {@link Decoded} says why. The connection is
     * closed with that reason and counted as a protocol error; the stream is never resynchronised.
     */
    int MALFORMED = -1;

    /**
     * Look for one frame at the start of the bytes received and not yet consumed.
     *
     * @param buffer    holding the received bytes.
     * @param offset    of the first byte not yet consumed: the start of the next frame.
     * @param available bytes from offset onwards, at least 1.
     * @param out       filled in by {@link Decoded#frame} or {@link Decoded#malformed}.
     * @return {@link #FRAME}, {@link #NEED_MORE} or {@link #MALFORMED}: the value returned by
     * {@code out.frame(...)} or {@code out.malformed(...)}, or {@link #NEED_MORE}. Returning
     * {@link #NEED_MORE} with {@code available >= maxFrameLength()} is itself treated as malformed.
     */
    int decode(DirectBuffer buffer, int offset, int available, Decoded out);

    /**
     * @return the most bytes one frame (header, message and trailer) may take on the wire; every
     * connection's receive buffer holds at least this much.
     */
    int maxFrameLength();

    /**
     * @return the largest message a frame carries, in either direction.
     */
    int maxMessageLength();

    /**
     * @param messageLength of a message about to be sent.
     * @return true when the framing can carry a message of this length.
     */
    boolean isValidMessageLength(int messageLength);

    /**
     * @param messageLength of a message about to be sent (valid by {@link #isValidMessageLength}).
     * @return bytes written before the message; may depend on the length (a varint, a CBOR head).
     */
    int headerLength(int messageLength);

    /**
     * @param messageLength of a message about to be sent.
     * @return bytes written after the message, e.g. 2 for CRLF.
     */
    int trailerLength(int messageLength);

    /**
     * Write the header for a message of this length at offset; called when the frame is committed, so an
     * abandoned claim never looks like a frame.
     */
    void encodeHeader(MutableDirectBuffer buffer, int offset, int messageLength);

    /**
     * Write the trailer for a message of this length at offset (just after the message).
     */
    void encodeTrailer(MutableDirectBuffer buffer, int offset, int messageLength);

    /**
     * Outgoing content check, for framings where some bytes cannot appear in a message (a line framer
     * refuses CR and LF). Called on {@code send} before the copy and on a claim's commit.
     *
     * @return true when the message may be sent as it is.
     */
    default boolean isValidMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        return true;
    }

    /**
     * What {@link #decode} found; one instance per poller, reused for every call, never allocated per frame.
     */
    final class Decoded
    {
        int messageOffset;
        int messageLength;
        int frameLength;
        TcpDisconnectReason reason;
        String detail;

        /**
         * @param messageOffset in the buffer passed to decode.
         * @param messageLength bytes of the message, 0 or more.
         * @param frameLength   bytes the whole frame takes from the decode offset, more than 0.
         * @return {@link #FRAME}.
         */
        public int frame(final int messageOffset, final int messageLength, final int frameLength)
        {
            this.messageOffset = messageOffset;
            this.messageLength = messageLength;
            this.frameLength = frameLength;
            return FRAME;
        }

        /**
         * @param reason reported to the handler, typically {@link TcpDisconnectReason#MALFORMED_FRAME}.
         * @param detail a constant (never built per call) saying what was wrong, for the handler and logs.
         * @return {@link #MALFORMED}.
         */
        public int malformed(final TcpDisconnectReason reason, final String detail)
        {
            this.reason = reason;
            this.detail = detail;
            return MALFORMED;
        }

        public int messageOffset()
        {
            return messageOffset;
        }

        public int messageLength()
        {
            return messageLength;
        }

        public int frameLength()
        {
            return frameLength;
        }

        public TcpDisconnectReason reason()
        {
            return reason;
        }

        public String detail()
        {
            return detail;
        }
    }
}
