package io.boomscooter.engine.exchange;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A compression layer of a gofast packet (prataprc/gofast {@code tag_gzip.go}, {@code tag_lzw.go}): each packet
 * is compressed on its own, as one independent stream. Calls never allocate; an instance belongs to one thread.
 * An empty input gives an empty output both ways, as in gofast.
 */
public interface ExchangeCompression
{
    /** The output would not fit in the capacity given (or in the instance's own limit). */
    int TOO_LONG = -1;

    /** The input is not a valid stream. */
    int MALFORMED = -2;

    /**
     * @return the name gofast uses in its whoami tags: "gzip" or "lzw"; the layer's CBOR tag depends on the
     * numbering in use ({@link GofastTags#compressionTag}).
     */
    String name();

    /**
     * @return bytes written at {@code dst[dstOffset..]}, or {@link #TOO_LONG}.
     */
    int compress(
        DirectBuffer src, int srcOffset, int srcLength, MutableDirectBuffer dst, int dstOffset, int dstCapacity);

    /**
     * Never throws, whatever the input.
     *
     * @return bytes written at {@code dst[dstOffset..]}, or {@link #TOO_LONG} or {@link #MALFORMED}.
     */
    int decompress(
        DirectBuffer src, int srcOffset, int srcLength, MutableDirectBuffer dst, int dstOffset, int dstCapacity);

    /**
     * @return a constant string saying why the last call returned a negative value (unspecified after a success).
     */
    String lastError();

    /** Releases native resources (a zlib stream) at once rather than when collected; the codec is then unusable. */
    default void close()
    {
    }
}
