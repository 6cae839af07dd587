package io.boomscooter.engine.family;

import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;

import java.util.List;

/**
 * What the node gives a {@link ProtocolFamily} at start: its identity, the hosted logs, and a way to send
 * its messages to the other members' endpoints.
 */
public interface FamilyContext
{
    int nodeId();

    /**
     * @return every member's node id, this node's included.
     */
    List<Integer> memberIds();

    /**
     * @return the hosted log, or null.
     */
    FamilyLog log(int logId);

    List<FamilyLog> logs();

    /**
     * @return the stream ids of the member endpoints (configurable; {@code ClusterStreams.DEFAULTS} unless set).
     */
    io.boomscooter.client.ClusterStreams streams();

    /**
     * Offers a message to another member's endpoint on one of its streams ({@link #streams()}: replication,
     * control or ingress): the receiving node hands messages of the family's schema id to the family.
     *
     * @return Aeron's offer result (negative when not sent: retry later), or
     * {@link io.aeron.Publication#NOT_CONNECTED} for this node, a non-member or another stream.
     */
    long offer(int memberId, int streamId, DirectBuffer buffer, int offset, int length);

    /**
     * @return the node's error log.
     */
    ErrorHandler errorHandler();
}
