package io.boomscooter.engine.log;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry of frame types (the uint16 at {@link LogFormat#FRAME_TYPE_OFFSET}). Types 1-0xFF belong to the
 * core log; 0x100-0xFFFF are reserved for protocol families, each of which registers the ids it writes (with a
 * name, so {@code log tail} and {@code log stats} can say what a frame is). Type 0 never occurs: a zero header
 * is unwritten space. Readers skip types they do not know, so a family's frames never disturb a subscriber.
 * <p>
 * Registration is a start-up action (it allocates); lookups by tools may allocate. The writer and readers on
 * the hot path only compare constants.
 */
public final class FrameTypes
{
    /** An appended entry: producer id and seqno, channel, key, payload. The only type subscribers receive. */
    public static final int ENTRY = 1;
    /** Closes a segment: runs to its end; its seqno is the next segment's base. Never replicated. */
    public static final int PADDING = 2;
    /** The empty frame a new leader appends for its epoch, so it can commit what it holds (Raft's no-op). */
    public static final int LEADER_MARKER = 3;

    /** Highest type id of the core log. */
    public static final int CORE_MAX = 0xFF;
    /** First id reserved for protocol families. */
    public static final int FAMILY_MIN = 0x100;
    /** Last id reserved for protocol families. */
    public static final int FAMILY_MAX = 0xFFFF;

    private static final ConcurrentHashMap<Integer, String> FAMILY_NAMES = new ConcurrentHashMap<>();

    private FrameTypes()
    {
    }

    /**
     * Registers a family's frame type, e.g. {@code register(0x101, "ambrosia.checkpoint")}. Registering the same
     * id with the same name again is harmless.
     *
     * @throws IllegalArgumentException when the id is outside the family range or already taken by another name.
     */
    public static void register(final int type, final String name)
    {
        if (!isFamily(type))
        {
            throw new IllegalArgumentException("family frame types are in [0x" + Integer.toHexString(FAMILY_MIN) +
                ", 0x" + Integer.toHexString(FAMILY_MAX) + "]: 0x" + Integer.toHexString(type));
        }
        if (null == name || name.isEmpty())
        {
            throw new IllegalArgumentException("a frame type needs a name");
        }
        final String previous = FAMILY_NAMES.putIfAbsent(type, name);
        if (null != previous && !previous.equals(name))
        {
            throw new IllegalArgumentException("frame type 0x" + Integer.toHexString(type) + " is already " +
                previous + ", cannot register it as " + name);
        }
    }

    /** @return true for ids in the range reserved for protocol families. */
    public static boolean isFamily(final int type)
    {
        return type >= FAMILY_MIN && type <= FAMILY_MAX;
    }

    /** @return true for the types this build of the core writes. */
    public static boolean isCore(final int type)
    {
        return ENTRY == type || PADDING == type || LEADER_MARKER == type;
    }

    /**
     * @return true for a type a replica may copy from its leader: ENTRY, LEADER_MARKER or any family type
     *         (a replica mirrors frames of families it does not run itself).
     */
    public static boolean isReplicable(final int type)
    {
        return ENTRY == type || LEADER_MARKER == type || isFamily(type);
    }

    /** @return a name for tools: the core names, a registered family name, or "family-0xNNNN" / "unknown-N". */
    public static String name(final int type)
    {
        switch (type)
        {
            case ENTRY:
                return "ENTRY";
            case PADDING:
                return "PADDING";
            case LEADER_MARKER:
                return "LEADER_MARKER";
            default:
                final String name = FAMILY_NAMES.get(type);
                if (null != name)
                {
                    return name;
                }
                return isFamily(type) ? "family-0x" + Integer.toHexString(type) : "unknown-" + type;
        }
    }
}
