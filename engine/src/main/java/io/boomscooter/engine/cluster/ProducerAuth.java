package io.boomscooter.engine.cluster;

import io.boomscooter.client.auth.AuthProof;
import io.boomscooter.client.auth.Credentials;
import io.boomscooter.codecs.ingress.SubmitStatus;
import org.agrona.DirectBuffer;

/**
 * One producer session's authentication state on the leader: the nonce it was challenged with, and once proven,
 * the principal, the key that proved it and the Aeron image it is bound to. A proof is good for one nonce: a new
 * one is drawn after every answer, so a recorded proof cannot be replayed to rebind the session. When the
 * credentials file is re-read, a session whose principal or key is gone (or whose principal may no longer write
 * this log) must prove itself again.
 */
final class ProducerAuth
{
    static final String UNAUTHENTICATED_REASON = "unauthenticated: answer the AuthChallenge before submitting";
    static final String FORBIDDEN_REASON = "forbidden: the principal may not write to this log";
    static final String REFUSED_REASON = "authentication refused: unknown principal or wrong key";

    private final ProducerAuthenticator authenticator;
    private final int logId;
    private final byte[] nonce = new byte[AuthProof.NONCE_LENGTH];
    private boolean authenticated;
    private boolean rechallenge;
    private boolean forbidden;
    private String principal;
    private byte[] provenKey;
    private int image;
    private long generation;
    private long lastChallengeNs;
    private boolean challengedOnce;

    ProducerAuth(final ProducerAuthenticator authenticator, final int logId)
    {
        this.authenticator = authenticator;
        this.logId = logId;
        authenticator.newNonce(nonce);
    }

    boolean authenticated()
    {
        return authenticated;
    }

    byte[] nonce()
    {
        return nonce;
    }

    boolean mayWrite(final int imageSessionId)
    {
        return authenticated && imageSessionId == image;
    }

    /**
     * @return whether challenges go out now (not yet proven, asked to prove again, or the file changed under it).
     */
    boolean mustChallenge(final long nowNs)
    {
        if (authenticator.generation() != generation)
        {
            if (authenticated)
            {
                recheck();
            }
            else
            {
                generation = authenticator.generation();
                forbidden = false;  // the file changed: a forbidden producer may try again
            }
        }
        return !authenticated || rechallenge;
    }

    boolean challengeDue(final long nowNs)
    {
        return !forbidden && (!challengedOnce || nowNs - lastChallengeNs >= ProducerAuthenticator.CHALLENGE_INTERVAL_NS);
    }

    void challengeSent(final long nowNs)
    {
        challengedOnce = true;
        lastChallengeNs = nowNs;
    }

    /**
     * An entry was refused; counts it.
     *
     * @return the status to tell the producer.
     */
    SubmitStatus refuseEntry()
    {
        authenticator.refuseQuietly();
        if (forbidden)
        {
            return SubmitStatus.FORBIDDEN;
        }
        if (authenticated)
        {
            // proven, but the entry came another way (the producer moved to another member): prove it again there
            rechallenge = true;
        }
        return SubmitStatus.UNAUTHENTICATED;
    }

    /**
     * @return null when the proof is good (the session is bound to the image), else the refusal to send.
     */
    SubmitStatus onResponse(final long producerId, final DirectBuffer buffer, final int macOffset,
        final String principalName, final int imageSessionId)
    {
        if (authenticated && !rechallenge && imageSessionId == image)
        {
            return null;    // a repeat of the answer that already proved it
        }
        final byte[] key = authenticator.verify(logId, producerId, nonce, buffer, macOffset, principalName);
        authenticator.newNonce(nonce);
        challengedOnce = false;
        if (null == key)
        {
            return SubmitStatus.UNAUTHENTICATED;
        }
        final Credentials.Principal p = authenticator.principal(principalName);
        if (null == p || !p.allowsLog(logId))
        {
            forbidden = true;
            authenticated = false;
            authenticator.refuse(ProducerAuthenticator.FORBIDDEN, "producer " + producerId + " of principal '" + principalName +
                "' may not write log " + logId);
            return SubmitStatus.FORBIDDEN;
        }
        authenticated = true;
        rechallenge = false;
        forbidden = false;
        principal = principalName;
        provenKey = key;
        image = imageSessionId;
        generation = authenticator.generation();
        return null;
    }

    private void recheck()
    {
        generation = authenticator.generation();
        final Credentials.Principal p = authenticator.principal(principal);
        if (null == p || !p.holdsKey(provenKey) || !p.allowsLog(logId))
        {
            authenticated = false;
            forbidden = false;
            challengedOnce = false;
            authenticator.newNonce(nonce);
            authenticator.refuse(ProducerAuthenticator.KEY_REMOVED, "principal '" + principal + "' (log " + logId +
                ") lost its key or its log in the re-read credentials file: its producer must prove itself again");
        }
    }
}
