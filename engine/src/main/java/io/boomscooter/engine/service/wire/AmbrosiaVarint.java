package io.boomscooter.engine.service.wire;

/**
 * A caller-owned holder for one decoded integer, so that reads return their byte count and still hand back a
 * value without allocating. Reuse one per thread; {@link #value} is only meaningful after a successful read.
 */
public final class AmbrosiaVarint
{
    /**
     * The last value decoded into this holder: a ZigZag int32 (sign-extended), a ZigZag int64, or a fixed int64.
     */
    public long value;

    /**
     * @return {@link #value} as an int; exact after an int32 read.
     */
    public int intValue()
    {
        return (int)value;
    }
}
