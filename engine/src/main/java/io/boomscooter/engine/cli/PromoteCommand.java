package io.boomscooter.engine.cli;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.boomscooter.codecs.replication.MessageHeaderDecoder;
import io.boomscooter.codecs.replication.MessageHeaderEncoder;
import io.boomscooter.codecs.replication.NewLeaderDecoder;
import io.boomscooter.codecs.replication.PromoteEncoder;
import io.boomscooter.driver.DriverProfile;
import io.boomscooter.driver.EmbeddedDriver;
import io.boomscooter.engine.Configuration;
import io.boomscooter.engine.cluster.ClusterConfig;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

@Command(
    name = "promote",
    mixinStandardHelpOptions = true,
    description = {
        "Make a node the leader of a log in a new epoch, decided by votes.",
        "The node a config file describes stands for leader of a log in a new epoch. It wins with",
        "votes from enough members that every committed entry is on one of them; a member holding more",
        "entries refuses and the promotion passes to it, so the node that ends up leading (printed) may be",
        "another. The old leader, when it comes back, rejoins as a replica and drops any tail the new",
        "leader does not hold."
    })
final class PromoteCommand implements Callable<Integer>
{
    @Option(names = "--config", required = true, description = "Config file of the node to promote.")
    Path config;

    @Option(names = "--log", defaultValue = "1", description = "Log id (default: ${DEFAULT-VALUE}).")
    int logId;

    // a candidacy may take its full 5 s, and one handed to a member holding more entries 5 s more
    @Option(names = "--timeout", defaultValue = "20", description = "Seconds to wait for the node's answer; covers " +
        "a candidacy and one handed on to a member holding more entries (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--json", description = "Print the outcome as one JSON object.")
    boolean json;

    public Integer call()
    {
        final ClusterConfig cluster = ClusterConfig.from(Configuration.loadFile(config));
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
        try (EmbeddedDriver driver = EmbeddedDriver.launch(DriverProfile.SMALL);
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            Subscription responses = aeron.addSubscription("aeron:udp?endpoint=localhost:0", cluster.streams().admin());
            ExclusivePublication admin = aeron.addExclusivePublication(cluster.self().channel(), cluster.streams().admin()))
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            String responseChannel;
            while (null == (responseChannel = responses.tryResolveChannelEndpointPort()))
            {
                awaitDeadline(deadline, "resolve a response port");
            }
            final byte[] channelBytes = responseChannel.getBytes(StandardCharsets.US_ASCII);
            final PromoteEncoder promote = new PromoteEncoder()
                .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
                .logId(logId).responseStreamId(cluster.streams().admin())
                .putResponseChannel(channelBytes, 0, channelBytes.length);
            final int length = MessageHeaderEncoder.ENCODED_LENGTH + promote.encodedLength();
            while (admin.offer(buffer, 0, length) < 0)
            {
                awaitDeadline(deadline, "reach node " + cluster.nodeId() + " at " + cluster.self().endpoint());
            }
            final long[] answer = {Long.MIN_VALUE, 0, 0};
            final MessageHeaderDecoder header = new MessageHeaderDecoder();
            final NewLeaderDecoder newLeader = new NewLeaderDecoder();
            while (answer[0] == Long.MIN_VALUE)
            {
                responses.poll((b, offset, len, h) ->
                {
                    header.wrap(b, offset);
                    if (len >= MessageHeaderDecoder.ENCODED_LENGTH + NewLeaderDecoder.BLOCK_LENGTH &&
                        header.schemaId() == NewLeaderDecoder.SCHEMA_ID && header.templateId() == NewLeaderDecoder.TEMPLATE_ID)
                    {
                        newLeader.wrapAndApplyHeader(b, offset, header);
                        answer[0] = newLeader.epoch();
                        answer[1] = newLeader.leaderId();
                        answer[2] = newLeader.epochStartSeqno();
                    }
                }, 1);
                awaitDeadline(deadline, "hear back from node " + cluster.nodeId());
            }
            if (answer[0] < 0)
            {
                throw new IllegalArgumentException("node " + cluster.nodeId() + " does not host log " + logId);
            }
            if (answer[1] < 0)
            {
                throw new IllegalStateException("log " + logId + ": no leader elected for epoch " + answer[0] +
                    " (not enough members answered; is a quorum running?)");
            }
            if (json)
            {
                System.out.println(new JsonLine().put("log", logId).put("leader", answer[1]).put("epoch", answer[0])
                    .put("next_seqno", answer[2]));
            }
            else
            {
                System.out.println("log " + logId + ": node " + answer[1] + " leads epoch " + answer[0] +
                    ", next seqno " + answer[2]);
            }
            return 0;
        }
    }

    private void awaitDeadline(final long deadline, final String what)
    {
        if (System.nanoTime() > deadline)
        {
            throw new IllegalStateException("timed out after " + timeoutSeconds + " s trying to " + what);
        }
        Thread.yield();
    }
}
