package io.boomscooter.perf.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * The clustered service of the Aeron Cluster baseline: every committed ingress message goes straight back
 * to its session unchanged, which is what an Aeron Cluster user's simplest request/response service does.
 * Only the leader's offer reaches the client (followers' sessions are mock publications), so the client
 * sees each message once, after the cluster has committed it and the leader's service has processed it.
 * No state, so nothing to snapshot.
 */
final class EchoService implements ClusteredService
{
    private IdleStrategy idle;

    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        this.idle = cluster.idleStrategy();
    }

    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
    }

    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
    }

    public void onSessionMessage(final ClientSession session, final long timestamp, final DirectBuffer buffer,
        final int offset, final int length, final Header header)
    {
        // retry back-pressure (dropping an echo loses a message the client waits for); give up only when the
        // client's egress is gone, or a departed client would wedge the service thread
        idle.reset();
        long result;
        while ((result = session.offer(buffer, offset, length)) < 0)
        {
            if (result != Publication.BACK_PRESSURED && result != Publication.ADMIN_ACTION)
            {
                return;
            }
            idle.idle();
        }
    }

    public void onTimerEvent(final long correlationId, final long timestamp)
    {
    }

    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
    }

    public void onRoleChange(final Cluster.Role newRole)
    {
    }

    public void onTerminate(final Cluster cluster)
    {
    }
}
