package io.boomscooter.engine.service.wire;

/**
 * The message type byte that follows a message's size ({@code AmbrosiaRuntimeLBConstants} in upstream
 * {@code SharedAmbrosiaTools/SharedAmbrosiaTools.cs}). Values 0..15 are known; anything else is refused by
 * every decoder in this package ({@link AmbrosiaWireStatus#UNKNOWN_MESSAGE_TYPE}).
 */
public final class AmbrosiaMessageType
{
    /** An RPC: incoming (coordinator to service) or outgoing with a destination (service to coordinator). */
    public static final int RPC = 0;
    /** Service to coordinator: attach to the destination whose name bytes are the data. */
    public static final int ATTACH_TO = 1;
    /** Coordinator to service: take a checkpoint now; no data. */
    public static final int TAKE_CHECKPOINT = 2;
    /** Coordinator-internal. */
    public static final int COMMIT = 3;
    /** Coordinator-internal. */
    public static final int REPLAY_FROM = 4;
    /** A ZigZag int32 count, then that many complete RPC messages. */
    public static final int RPC_BATCH = 5;
    /** Coordinator-internal latency probe. */
    public static final int PING = 6;
    /** Coordinator-internal latency probe reply. */
    public static final int PING_RETURN = 7;
    /** The checkpoint blob's length; the blob follows the message on the stream. */
    public static final int CHECKPOINT = 8;
    /** A complete incoming-RPC message, handed back to the service as its very first message. */
    public static final int INITIAL_MESSAGE = 9;
    /** Coordinator to service: upgrade the state, then checkpoint it; no data. */
    public static final int UPGRADE_TAKE_CHECKPOINT = 10;
    /** Coordinator to service: first start (or becoming primary), checkpoint now; no data. */
    public static final int TAKE_BECOMING_PRIMARY_CHECKPOINT = 11;
    /** Coordinator to service: upgrade (what-if test); no data. */
    public static final int UPGRADE_SERVICE = 12;
    /** ZigZag int32 count, ZigZag int32 replayable count, then that many complete RPC messages. */
    public static final int COUNT_REPLAYABLE_RPC_BATCH = 13;
    /** Coordinator-internal. */
    public static final int TRIM_TO = 14;
    /** Coordinator to service: becoming primary; no data. */
    public static final int BECOMING_PRIMARY = 15;

    /** The highest known type. */
    public static final int MAX_KNOWN = BECOMING_PRIMARY;

    private static final String[] NAMES =
    {
        "RPC", "AttachTo", "TakeCheckpoint", "Commit", "replayFrom", "RPCBatch", "Ping", "PingReturn", "Checkpoint",
        "InitialMessage", "UpgradeTakeCheckpoint", "TakeBecomingPrimaryCheckpoint", "UpgradeService",
        "CountReplayableRPCBatch", "TrimTo", "BecomingPrimary"
    };

    private static final String UNKNOWN = "unknown";

    private AmbrosiaMessageType()
    {
    }

    /**
     * @return true for 0..15.
     */
    public static boolean isKnown(final int type)
    {
        return type >= 0 && type <= MAX_KNOWN;
    }

    /**
     * @return upstream's name for the type, or "unknown"; a constant string.
     */
    public static String name(final int type)
    {
        return isKnown(type) ? NAMES[type] : UNKNOWN;
    }
}
