package io.boomscooter.engine;

/**
 * Type ids of Boomscooter counters in the Aeron counters file. Aeron's own components use ids below
 * 1000 (driver, archive, cluster); Boomscooter's start at 9000 so tools can tell them apart.
 */
public final class CounterTypes
{
    public static final int NODE_ERRORS = 9000;
    public static final int NODE_HEARTBEAT = 9001;
    public static final int COMMIT_SEQNO = 9010;
    public static final int REPLICA_ACK_SEQNO = 9011;
    public static final int REPLICA_LAG = 9012;
    public static final int INGRESS_BACK_PRESSURE = 9013;
    public static final int REJECTED_ENTRIES = 9014;
    public static final int EPOCH = 9015;
    public static final int SUBSCRIBERS = 9020;
    public static final int CHECKSUM_FAILURES = 9021;
    public static final int AUTH_FAILURES = 9022;

    private CounterTypes()
    {
    }
}
