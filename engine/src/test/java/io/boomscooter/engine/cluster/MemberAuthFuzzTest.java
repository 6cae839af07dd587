package io.boomscooter.engine.cluster;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.aeron.ExclusivePublication;
import io.boomscooter.client.ClusterStreams;
import io.boomscooter.codecs.replication.MemberChallengeEncoder;
import io.boomscooter.codecs.replication.MemberProofEncoder;
import io.boomscooter.codecs.replication.MessageHeaderEncoder;
import io.boomscooter.engine.FuzzSupport;
import io.boomscooter.engine.auth.CredentialsWatcher;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

import static io.boomscooter.engine.FuzzSupport.check;

/**
 * Fuzz target for the member-authentication gate (docs/fuzzing.md): {@link MemberAuthenticator#admit} decodes
 * MemberChallenge and MemberProof from any image, and must refuse anything else from unproven images, without an
 * exception, whatever the bytes, the stream or the session. Byte 0 picks the stream (replication, control, admin
 * or a foreign one) and the fragment's offset; bytes 1-4 are the image's session id; the fragment follows.
 */
@ExtendWith(FuzzSupport.RegressionTimeout.class)
class MemberAuthFuzzTest
{
    private static final int[] STREAMS = {ClusterStreams.REPLICATION, ClusterStreams.CONTROL, ClusterStreams.ADMIN, 77};
    private static final int HEADER = 5;

    private final AtomicCounter refusals = new AtomicCounter(new UnsafeBuffer(new byte[256]), 0);
    private final MemberAuthenticator gate = newGate(refusals);

    private static MemberAuthenticator newGate(final AtomicCounter refusals)
    {
        try
        {
            final Path dir = Files.createTempDirectory("member-auth-fuzz");
            final Path file = dir.resolve("credentials");
            Files.writeString(file, "node-1 = 11111111111111111111111111111111\n" +
                "node-2 = 22222222222222222222222222222222\nnode-3 = 33333333333333333333333333333333\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            final Properties props = new Properties();
            props.setProperty("boomscooter.node.id", "1");
            props.setProperty(ClusterConfig.MEMBERS_PROP, "1@localhost:1,2@localhost:2,3@localhost:3");
            final CredentialsWatcher watcher = new CredentialsWatcher(file, 3_600_000, ex -> {});
            return new MemberAuthenticator(ClusterConfig.from(props), new ExclusivePublication[3],
                new ExclusivePublication[3], new ExclusivePublication[3], watcher, refusals, ex -> {});
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void memberAuth(final byte[] input)
    {
        if (input.length < HEADER)
        {
            return;
        }
        final int streamId = STREAMS[input[0] & 3];
        final int sessionId = (input[1] & 0xFF) | (input[2] & 0xFF) << 8 | (input[3] & 0xFF) << 16 | input[4] << 24;
        final int offset = Math.min(HEADER + ((input[0] >> 2) & 7), input.length);
        final UnsafeBuffer buffer = FuzzSupport.exact(input);
        final long before = refusals.get();
        final boolean admitted = gate.admit(buffer, offset, input.length - offset, streamId, sessionId);
        // nothing is ever proven here (no member key signs these inputs), so nothing may be admitted
        check(!admitted, "a fragment admitted from an image no member proved");
        check(refusals.get() >= before, "refusals went backwards");
        gate.doWork(System.nanoTime());
    }

    /**
     * Writes the seed inputs of this target (docs/fuzzing.md) with the generated encoders.
     */
    @Test
    @EnabledIfSystemProperty(named = FuzzSupport.WRITE_SEEDS_PROPERTY, matches = "true")
    void writeSeeds()
    {
        final Class<?> c = MemberAuthFuzzTest.class;
        final UnsafeBuffer b = new UnsafeBuffer(new byte[256]);
        final MessageHeaderEncoder h = new MessageHeaderEncoder();
        int n = new MemberChallengeEncoder().wrapAndApplyHeader(b, 0, h).challengerId(2)
            .putNonce(new byte[16], 0, 16).encodedLength();
        FuzzSupport.writeSeed(c, "memberAuth", "challenge",
            FuzzSupport.concat(new byte[]{1, 7, 0, 0, 0}, FuzzSupport.bytes(b, n + 8)));
        n = new MemberProofEncoder().wrapAndApplyHeader(b, 0, h).memberId(2).challengerId(1)
            .streamId(ClusterStreams.CONTROL).sessionId(7).putMac(new byte[32], 0, 32).encodedLength();
        FuzzSupport.writeSeed(c, "memberAuth", "proof",
            FuzzSupport.concat(new byte[]{1, 7, 0, 0, 0}, FuzzSupport.bytes(b, n + 8)));
        FuzzSupport.writeSeed(c, "memberAuth", "unproven-vote",
            FuzzSupport.concat(new byte[]{0, 9, 0, 0, 0}, new byte[]{26, 0, 9, 0, 102, 0, 1, 0, 1, 0, 0, 0}));
    }
}
