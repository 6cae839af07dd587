package io.boomscooter.engine.family;

import org.agrona.DirectBuffer;

/**
 * A protocol family (exactly-once services, exchanges, reliable streams, a ring relay...) running on a
 * node's replicated logs without editing the core. A family is registered with the cluster agent, either
 * through {@link java.util.ServiceLoader} (a {@code META-INF/services/io.boomscooter.engine.family.ProtocolFamily}
 * entry, as {@code CliExtension} does) or programmatically ({@code ClusterAgent.addFamily}), and gets:
 * <ul>
 *     <li>every message of its own SBE schema id that arrives on a member's replication, control or ingress
 *     stream ({@link #onMessage});</li>
 *     <li>the role changes of each hosted log ({@link #onNewTerm}, {@link #onBecameLeader},
 *     {@link #onBecameFollower});</li>
 *     <li>a narrow {@link FamilyLog} per hosted log: append a typed frame (leader only), read committed frames,
 *     the commit position.</li>
 * </ul>
 * Every method is called on the cluster agent's thread, so it must neither block nor allocate per message
 * (DESIGN §3); the family's own duty-cycle work goes in {@link #doWork(long)}.
 */
public interface ProtocolFamily
{
    /**
     * @return a short name for logs and errors.
     */
    String name();

    /**
     * @return the SBE schema id of the family's messages; must not be a core schema (replication 102,
     * ingress 103) nor another family's.
     */
    int schemaId();

    /**
     * The logs are open and roles about to be taken: keep the context.
     */
    void onStart(FamilyContext context);

    /**
     * A message of {@link #schemaId()} arrived (its SBE header starts at {@code offset}); the bytes are
     * valid only during the call, and are not checked beyond the header's schema id: bounds-check them.
     *
     * @param streamId the member stream it came on (replication, control or ingress).
     */
    void onMessage(int streamId, DirectBuffer buffer, int offset, int length);

    /**
     * One duty-cycle step of the family's own work.
     *
     * @return work done.
     */
    default int doWork(final long nowNs)
    {
        return 0;
    }

    /**
     * The epoch of a log, or its known leader, changed.
     *
     * @param leaderId -1 while unknown.
     */
    default void onNewTerm(final FamilyLog log, final long epoch, final int leaderId)
    {
    }

    /**
     * This node leads the log in {@code epoch}: {@link FamilyLog#appendFrame} now succeeds.
     */
    default void onBecameLeader(final FamilyLog log, final long epoch)
    {
    }

    /**
     * This node follows the log's leader (or nobody yet, -1) in {@code epoch}, or stands as candidate.
     */
    default void onBecameFollower(final FamilyLog log, final long epoch, final int leaderId)
    {
    }

    /**
     * The node is stopping.
     */
    default void onClose()
    {
    }
}
