package io.boomscooter.engine.exchange;

/**
 * gofast's wire constants, from prataprc/gofast ({@code cbor.go}, {@code tx.go}, {@code msg.go},
 * {@code transport.go}); {@code docs/exchanges.md} shows each frame byte for byte.
 */
final class GofastWire
{
    /** Self-describe CBOR tag 55799, the first three bytes of every frame: {@code d9 d9 f7}. */
    static final int PREFIX_0 = 0xd9;
    static final int PREFIX_1 = 0xd9;
    static final int PREFIX_2 = 0xf7;
    static final int PREFIX_LENGTH = 3;

    /** Frame type bytes, after the prefix. A request and a response share 0x81. */
    static final int POST = 0xc6;
    static final int REQUEST = 0x81;
    static final int START = 0x9f;
    static final int STREAM = 0xc7;
    static final int FINISH = 0xc8;

    /** Reserved message ids (0x1000–0x100f are gofast's). */
    static final long MSG_RESERVED_START = 0x1000;
    static final long MSG_PING = 0x1001;
    static final long MSG_WHOAMI = 0x1002;
    static final long MSG_HEARTBEAT = 0x1003;
    static final long MSG_RESERVED_END = 0x100f;

    private GofastWire()
    {
    }

    static boolean isReservedMessage(final long id)
    {
        return id >= MSG_RESERVED_START && id <= MSG_RESERVED_END;
    }

    static boolean isFrameType(final int type)
    {
        return type == POST || type == REQUEST || type == START || type == STREAM || type == FINISH;
    }
}
