package io.boomscooter.engine.cluster;

import io.boomscooter.client.ClusterStreams;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import org.agrona.CloseHelper;

import java.util.List;

/**
 * A member's Aeron subscriptions on its own endpoint and its publications to every other member,
 * one per stream, indexed by member index (null at this node's own index).
 */
final class ClusterTransport implements AutoCloseable
{
    final Subscription replicationIn;
    final Subscription controlIn;
    final Subscription ingressIn;
    final ExclusivePublication[] replicationOut;
    final ExclusivePublication[] controlOut;
    final ExclusivePublication[] ingressOut;
    final ExclusivePublication[] adminOut;

    ClusterTransport(final Aeron aeron, final ClusterConfig config)
    {
        final List<ClusterMember> members = config.members();
        final String selfChannel = config.self().channel();
        final ClusterStreams streams = config.streams();
        replicationIn = aeron.addSubscription(selfChannel, streams.replication());
        controlIn = aeron.addSubscription(selfChannel, streams.control());
        ingressIn = aeron.addSubscription(selfChannel, streams.ingress());
        replicationOut = new ExclusivePublication[members.size()];
        controlOut = new ExclusivePublication[members.size()];
        ingressOut = new ExclusivePublication[members.size()];
        adminOut = new ExclusivePublication[members.size()];
        for (int i = 0; i < members.size(); i++)
        {
            final ClusterMember member = members.get(i);
            if (member.id() == config.nodeId())
            {
                continue;
            }
            replicationOut[i] = aeron.addExclusivePublication(member.channel(), streams.replication());
            controlOut[i] = aeron.addExclusivePublication(member.channel(), streams.control());
            ingressOut[i] = aeron.addExclusivePublication(member.channel(), streams.ingress());
            adminOut[i] = aeron.addExclusivePublication(member.channel(), streams.admin());
        }
    }

    public void close()
    {
        CloseHelper.closeAll(replicationOut);
        CloseHelper.closeAll(controlOut);
        CloseHelper.closeAll(ingressOut);
        CloseHelper.closeAll(adminOut);
        CloseHelper.closeAll(replicationIn, controlIn, ingressIn);
    }
}
