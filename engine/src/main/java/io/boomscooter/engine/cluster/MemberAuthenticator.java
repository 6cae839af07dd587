package io.boomscooter.engine.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.logbuffer.Header;
import io.boomscooter.client.MessageCheck;
import io.boomscooter.client.auth.AuthProof;
import io.boomscooter.client.auth.Credentials;
import io.boomscooter.codecs.replication.MemberChallengeDecoder;
import io.boomscooter.codecs.replication.MemberChallengeEncoder;
import io.boomscooter.codecs.replication.MemberProofDecoder;
import io.boomscooter.codecs.replication.MemberProofEncoder;
import io.boomscooter.codecs.replication.MessageHeaderDecoder;
import io.boomscooter.codecs.replication.MessageHeaderEncoder;
import io.boomscooter.engine.RejectedMessageException;
import io.boomscooter.engine.auth.CredentialsWatcher;
import io.boomscooter.engine.auth.NonceSource;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Member authentication (docs/authentication.md): with authentication on, nothing that arrives on this node's
 * replication, control or admin stream is acted on unless the Aeron image it came on has been proven to belong
 * to a member. This node challenges each member ({@code MemberChallenge} on its control publication to it, a
 * fresh nonce each time); the member answers on each of its publications here with a {@code MemberProof}:
 * HMAC-SHA256 under the key of principal {@code node-<id>} over the nonce, both member ids, the stream id and the
 * publication's Aeron session id, so a proof vouches for exactly the image it arrives on. Fragments of unproven
 * images are dropped and counted, and make this node challenge every member again (a member that restarted has
 * new images). A proof for the current or the previous nonce is accepted (a challenge may cross a proof in
 * flight); older nonces are gone, so recorded proofs do not replay. When the credentials file is re-read, a
 * member whose key was removed must prove itself again. Handshakes allocate; the per-fragment check does not.
 */
final class MemberAuthenticator
{
    private static final long CHALLENGE_INTERVAL_NS = 100_000_000L;
    private static final long REPORT_INTERVAL_NS = 1_000_000_000L;
    private static final String UNPROVEN_REASON =
        "member-stream message from an image no member has proven: dropped; challenging the members";
    private static final int SLOTS = 3;     // replication, control, admin
    private static final int UNPROVEN_IMAGE = 0;
    private static final int BAD_PROOF = 1;
    private static final int KEY_REMOVED = 2;
    private static final int OWN_KEY_MISSING = 3;
    private static final int KINDS = 4;

    private final int selfId;
    private final int[] memberIds;
    private final String[] principals;
    private final int[] streams;
    private final ExclusivePublication[] replicationOut;
    private final ExclusivePublication[] controlOut;
    private final ExclusivePublication[] adminOut;
    private final CredentialsWatcher watcher;
    private final AtomicCounter refusals;
    private final ErrorHandler errorHandler;
    private final NonceSource nonces = new NonceSource();
    private final AuthProof proof = new AuthProof();
    private final MessageCheck check = new MessageCheck();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MemberChallengeDecoder challengeDecoder = new MemberChallengeDecoder();
    private final MemberChallengeEncoder challengeEncoder = new MemberChallengeEncoder();
    private final MemberProofDecoder proofDecoder = new MemberProofDecoder();
    private final MemberProofEncoder proofEncoder = new MemberProofEncoder();
    private final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(128));
    private final byte[][] nonce;
    private final byte[][] previousNonce;
    private final boolean[][] proven;
    private final int[][] provenSession;
    private final byte[][] provenKey;
    private final long[] lastChallengeNs;
    private final boolean[] challengeWanted;
    private final long[] lastReportNs = new long[KINDS];
    private final byte[] scratchNonce = new byte[AuthProof.NONCE_LENGTH];
    private final byte[] mac = new byte[AuthProof.MAC_LENGTH];
    private long generation;

    MemberAuthenticator(final ClusterConfig config, final ClusterTransport transport, final CredentialsWatcher watcher,
        final AtomicCounter refusals, final ErrorHandler errorHandler)
    {
        this(config, transport.replicationOut, transport.controlOut, transport.adminOut, watcher, refusals,
            errorHandler);
    }

    /**
     * @param replicationOut this node's publications to each member's replication stream, by member index (null:
     *                       none, as at this node's own index); likewise controlOut and adminOut.
     */
    MemberAuthenticator(final ClusterConfig config, final ExclusivePublication[] replicationOut,
        final ExclusivePublication[] controlOut, final ExclusivePublication[] adminOut,
        final CredentialsWatcher watcher, final AtomicCounter refusals, final ErrorHandler errorHandler)
    {
        final List<ClusterMember> members = config.members();
        this.selfId = config.nodeId();
        this.replicationOut = replicationOut;
        this.controlOut = controlOut;
        this.adminOut = adminOut;
        this.watcher = watcher;
        this.refusals = refusals;
        this.errorHandler = errorHandler;
        this.streams = new int[]{config.streams().replication(), config.streams().control(), config.streams().admin()};
        final int n = members.size();
        memberIds = new int[n];
        principals = new String[n];
        nonce = new byte[n][AuthProof.NONCE_LENGTH];
        previousNonce = new byte[n][AuthProof.NONCE_LENGTH];
        proven = new boolean[n][SLOTS];
        provenSession = new int[n][SLOTS];
        provenKey = new byte[n][];
        lastChallengeNs = new long[n];
        challengeWanted = new boolean[n];
        for (int i = 0; i < n; i++)
        {
            memberIds[i] = members.get(i).id();
            principals[i] = principalOf(memberIds[i]);
            nonces.next(nonce[i], 0);
            nonces.next(previousNonce[i], 0);
        }
        if (n > 1 && null == watcher.current().principal(principalOf(selfId)))
        {
            throw new io.boomscooter.client.auth.CredentialsException("the credentials file has no key for this " +
                "member's principal '" + principalOf(selfId) + "': every member's file lists every member's key");
        }
    }

    /**
     * @return the principal a member proves itself as.
     */
    static String principalOf(final int memberId)
    {
        return "node-" + memberId;
    }

    /**
     * The gate in front of every member-stream fragment.
     *
     * @return true when the fragment comes from a proven member image and is to be handled as usual; false when it
     * was an authentication message (handled here) or was dropped and counted.
     */
    boolean admit(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        return admit(buffer, offset, length, header.streamId(), header.sessionId());
    }

    /**
     * {@link #admit(DirectBuffer, int, int, Header)} with the image's stream and session ids.
     */
    boolean admit(final DirectBuffer buffer, final int offset, final int length, final int streamId,
        final int sessionId)
    {
        final int templateId = check.header(buffer, offset, length, MessageHeaderDecoder.SCHEMA_ID,
            MessageHeaderDecoder.SCHEMA_VERSION);
        if (MemberChallengeDecoder.TEMPLATE_ID == templateId)
        {
            onChallenge(buffer, offset);
            return false;
        }
        if (MemberProofDecoder.TEMPLATE_ID == templateId)
        {
            onProof(buffer, offset, streamId, sessionId);
            return false;
        }
        if (isProven(streamId, sessionId))
        {
            return true;
        }
        refuse(UNPROVEN_IMAGE, UNPROVEN_REASON);
        for (int i = 0; i < challengeWanted.length; i++)
        {
            challengeWanted[i] = true;
        }
        return false;
    }

    private boolean isProven(final int streamId, final int sessionId)
    {
        final int slot = slotOf(streamId);
        if (slot < 0)
        {
            return false;
        }
        for (int i = 0; i < memberIds.length; i++)
        {
            if (proven[i][slot] && provenSession[i][slot] == sessionId)
            {
                return true;
            }
        }
        return false;
    }

    private int slotOf(final int streamId)
    {
        for (int s = 0; s < SLOTS; s++)
        {
            if (streams[s] == streamId)
            {
                return s;
            }
        }
        return -1;
    }

    /**
     * Challenges members with an unproven publication (or all, after a fragment from an unknown image), at most
     * every 100 ms each; re-checks proven keys when the credentials file was re-read.
     */
    int doWork(final long nowNs)
    {
        if (watcher.generation() != generation)
        {
            generation = watcher.generation();
            recheckKeys();
        }
        int work = 0;
        for (int i = 0; i < memberIds.length; i++)
        {
            final ExclusivePublication control = controlOut[i];
            if (null == control || !(challengeWanted[i] || !allProven(i)) ||
                nowNs - lastChallengeNs[i] < CHALLENGE_INTERVAL_NS || !control.isConnected())
            {
                continue;
            }
            System.arraycopy(nonce[i], 0, previousNonce[i], 0, AuthProof.NONCE_LENGTH);
            nonces.next(nonce[i], 0);
            challengeEncoder.wrapAndApplyHeader(out, 0, headerEncoder).challengerId(selfId)
                .putNonce(nonce[i], 0, AuthProof.NONCE_LENGTH);
            if (control.offer(out, 0, MessageHeaderEncoder.ENCODED_LENGTH + challengeEncoder.encodedLength()) > 0)
            {
                lastChallengeNs[i] = nowNs;
                challengeWanted[i] = false;
                work++;
            }
        }
        return work;
    }

    private boolean allProven(final int index)
    {
        for (int s = 0; s < SLOTS; s++)
        {
            if (!proven[index][s])
            {
                return false;
            }
        }
        return true;
    }

    private void recheckKeys()
    {
        final Credentials credentials = watcher.current();
        for (int i = 0; i < memberIds.length; i++)
        {
            if (null == provenKey[i])
            {
                continue;
            }
            final Credentials.Principal p = credentials.principal(principals[i]);
            if (null == p || !p.holdsKey(provenKey[i]))
            {
                provenKey[i] = null;
                java.util.Arrays.fill(proven[i], false);
                refuse(KEY_REMOVED, "member " + memberIds[i] + "'s key was removed from the re-read credentials " +
                    "file: it must prove itself again");
            }
        }
    }

    /**
     * Another member asks this one to prove its publications to it: answer on each of them.
     */
    private void onChallenge(final DirectBuffer buffer, final int offset)
    {
        if (!check.block(offset, MemberChallengeDecoder.BLOCK_LENGTH))
        {
            refuse(BAD_PROOF, "MemberChallenge: " + check.reason());
            return;
        }
        challengeDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder.wrap(buffer, offset));
        final int challenger = indexOf(challengeDecoder.challengerId());
        if (challenger < 0 || memberIds[challenger] == selfId)
        {
            refuse(BAD_PROOF, "MemberChallenge from " + challengeDecoder.challengerId() + ", not another member");
            return;
        }
        final Credentials.Principal self = watcher.current().principal(principalOf(selfId));
        if (null == self)
        {
            refuse(OWN_KEY_MISSING, "challenged by member " + memberIds[challenger] + " but the credentials file " +
                "has no key for this member's principal '" + principalOf(selfId) + "'");
            return;
        }
        challengeDecoder.getNonce(scratchNonce, 0, AuthProof.NONCE_LENGTH);
        final byte[] key = self.key();
        answer(replicationOut[challenger], streams[0], challenger, key);
        answer(controlOut[challenger], streams[1], challenger, key);
        answer(adminOut[challenger], streams[2], challenger, key);
    }

    private void answer(final ExclusivePublication publication, final int streamId, final int challenger,
        final byte[] key)
    {
        if (null == publication)
        {
            return;
        }
        final int challengerId = memberIds[challenger];
        proof.sign(key, AuthProof.message(AuthProof.MEMBER, scratchNonce, 0, principalOf(selfId),
            ((long)selfId << 32) | (challengerId & 0xFFFF_FFFFL), streamId, publication.sessionId()), mac, 0);
        proofEncoder.wrapAndApplyHeader(out, 0, headerEncoder).memberId(selfId).challengerId(challengerId)
            .streamId(streamId).sessionId(publication.sessionId()).putMac(mac, 0, AuthProof.MAC_LENGTH);
        publication.offer(out, 0, MessageHeaderEncoder.ENCODED_LENGTH + proofEncoder.encodedLength());
    }

    private void onProof(final DirectBuffer buffer, final int offset, final int streamId, final int sessionId)
    {
        if (!check.block(offset, MemberProofDecoder.BLOCK_LENGTH))
        {
            refuse(BAD_PROOF, "MemberProof: " + check.reason());
            return;
        }
        proofDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder.wrap(buffer, offset));
        final int member = indexOf(proofDecoder.memberId());
        final int slot = slotOf(streamId);
        if (member < 0 || memberIds[member] == selfId || proofDecoder.challengerId() != selfId || slot < 0 ||
            proofDecoder.streamId() != streamId || proofDecoder.sessionId() != sessionId)
        {
            refuse(BAD_PROOF, "MemberProof of member " + proofDecoder.memberId() + " is not for this node, " +
                "this stream and the image it came on");
            return;
        }
        final Credentials.Principal principal = watcher.current().principal(principals[member]);
        if (null == principal)
        {
            refuse(BAD_PROOF, "member " + memberIds[member] + " has no key in the credentials file ('" +
                principals[member] + "')");
            return;
        }
        proofDecoder.getMac(mac, 0, AuthProof.MAC_LENGTH);
        final long ids = ((long)memberIds[member] << 32) | (selfId & 0xFFFF_FFFFL);
        byte[] key = principal.provingKey(proof,
            AuthProof.message(AuthProof.MEMBER, nonce[member], 0, principals[member], ids, streamId, sessionId), mac, 0);
        if (null == key)
        {
            key = principal.provingKey(proof, AuthProof.message(AuthProof.MEMBER, previousNonce[member], 0,
                principals[member], ids, streamId, sessionId), mac, 0);
        }
        if (null == key)
        {
            refuse(BAD_PROOF, "member " + memberIds[member] + " failed to prove principal '" + principals[member] +
                "' (wrong key or stale nonce)");
            return;
        }
        proven[member][slot] = true;
        provenSession[member][slot] = sessionId;
        provenKey[member] = key;
    }

    private int indexOf(final int memberId)
    {
        for (int i = 0; i < memberIds.length; i++)
        {
            if (memberIds[i] == memberId)
            {
                return i;
            }
        }
        return -1;
    }

    private void refuse(final int kind, final String reason)
    {
        refusals.increment();
        final long now = System.nanoTime();
        if (0 == lastReportNs[kind] || now - lastReportNs[kind] > REPORT_INTERVAL_NS)
        {
            lastReportNs[kind] = now;
            errorHandler.onError(new RejectedMessageException(reason));
        }
    }
}
