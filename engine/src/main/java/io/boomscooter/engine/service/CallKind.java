package io.boomscooter.engine.service;

/**
 * What a logged call is. The first three keep AMBROSIA's numbering for the RPC kind byte (async/await,
 * fork = fire-and-forget, impulse = from outside the system); the rest are Boomscooter's own.
 */
public final class CallKind
{
    /** A call whose callee answers with a {@link #RESULT} (async/await). */
    public static final int ASYNC = 0;
    /** Fire-and-forget between services. */
    public static final int FORK = 1;
    /** Fire-and-forget from outside (a producer): the system's input. */
    public static final int IMPULSE = 2;
    /** The answer to an {@link #ASYNC} call, delivered to the caller's {@code onResult}. */
    public static final int RESULT = 3;
    /** Take a checkpoint after this position (every node hosting the service does, at the same seqno). */
    public static final int CHECKPOINT = 4;

    private CallKind()
    {
    }

    public static boolean isKnown(final int kind)
    {
        return kind >= ASYNC && kind <= CHECKPOINT;
    }

    public static String name(final int kind)
    {
        switch (kind)
        {
            case ASYNC: return "async";
            case FORK: return "fork";
            case IMPULSE: return "impulse";
            case RESULT: return "result";
            case CHECKPOINT: return "checkpoint";
            default: return "unknown";
        }
    }
}
