package io.boomscooter.engine;

/**
 * Type ids of Boomscooter counters in the Aeron counters file: one type id per kind of counter, so a tool
 * finds a counter by type id plus its key ({@link CounterKey}: node id, log id, member id) without parsing
 * labels. Aeron's own components use ids below 1000 (driver, archive, cluster); Boomscooter's start at 9000.
 * The table in README.md ("Counters") lists them; the ids are part of the public contract, never reused.
 */
public final class CounterTypes
{
    // node
    public static final int NODE_ERRORS = 9000;
    public static final int NODE_HEARTBEAT = 9001;
    public static final int CLUSTER_MALFORMED = 9002;

    // per log (key: node, log)
    public static final int COMMIT_SEQNO = 9010;
    public static final int REPLICA_ACK_SEQNO = 9011;
    public static final int REPLICA_LAG = 9012;
    public static final int INGRESS_BACK_PRESSURE = 9013;
    public static final int LOG_REJECTED = 9014;
    public static final int EPOCH = 9015;
    public static final int LAST_SEQNO = 9016;
    public static final int LOG_MALFORMED = 9017;
    public static final int PRODUCER_SESSIONS = 9018;
    public static final int DISK_FULL_REFUSALS = 9019;

    // subscribers (key: node)
    public static final int SUBSCRIBER_SESSIONS = 9020;
    public static final int CHECKSUM_FAILURES = 9021;
    public static final int AUTH_FAILURES = 9022;
    public static final int SUBSCRIBER_SUBSCRIPTIONS = 9023;
    public static final int SUBSCRIBER_ENTRIES_SENT = 9024;
    public static final int SUBSCRIBER_DROPS = 9025;
    public static final int SUBSCRIBER_REJECTED = 9026;

    // elections (key: node, log)
    public static final int ELECTIONS_STARTED = 9030;
    public static final int ELECTIONS_WON = 9031;
    public static final int ELECTIONS_LOST = 9032;
    public static final int LEADER_ID = 9033;
    public static final int LEADER_CHANGE_MS = 9034;
    public static final int LEADER_STEP_DOWNS = 9035;

    // protocol families (key: node, log)
    public static final int FAMILY_COMMIT_SEQNO = 9040;

    // ring relay (key: node; the ring place is the node's)
    public static final int RING_CLIENT_MESSAGES = 9050;
    public static final int RING_PEER_MESSAGES = 9051;
    public static final int RING_FORWARDED = 9052;
    public static final int RING_LOGGED = 9053;
    public static final int RING_ERRORS = 9054;
    public static final int RING_PEERS_UP = 9055;
    public static final int RING_DUPLICATES = 9056;

    // exactly-once services, one set per hosted service
    public static final int SERVICE_CALLS = 9060;
    public static final int SERVICE_OUTPUTS_APPENDED = 9061;
    public static final int SERVICE_CHECKPOINTS = 9062;
    public static final int SERVICE_CHECKPOINT_SEQNO = 9063;
    public static final int SERVICE_MALFORMED = 9064;
    public static final int SERVICE_PENDING_OUTPUTS = 9065;
    public static final int SERVICE_PROCESSED_SEQNO = 9066;
    public static final int SERVICE_ATTACHED = 9067;

    // authentication (key: node); subscribers count theirs in AUTH_FAILURES
    public static final int PRODUCER_AUTH_REFUSALS = 9090;
    public static final int MEMBER_AUTH_REFUSALS = 9091;

    private CounterTypes()
    {
    }
}
