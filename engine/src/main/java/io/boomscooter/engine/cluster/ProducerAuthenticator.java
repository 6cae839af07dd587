package io.boomscooter.engine.cluster;

import io.boomscooter.client.auth.AuthProof;
import io.boomscooter.client.auth.Credentials;
import io.boomscooter.engine.RejectedMessageException;
import io.boomscooter.engine.auth.CredentialsWatcher;
import io.boomscooter.engine.auth.NonceSource;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;

/**
 * The node's producer authentication (docs/authentication.md), shared by every hosted log's ingress. A producer
 * session stays mute but for {@code AuthChallenge}s until its {@code AuthResponse} proves a principal of the
 * credentials file; the proof binds the producer id, the log and the Aeron image it arrived on (the producer's
 * own publication, or the forwarding member's), and entries are taken only from that image. Handshakes
 * allocate (rarely); entries do not.
 */
final class ProducerAuthenticator
{
    static final long CHALLENGE_INTERVAL_NS = 50_000_000L;
    private static final long REPORT_INTERVAL_NS = 1_000_000_000L;

    private final CredentialsWatcher watcher;
    private final NonceSource nonces = new NonceSource();
    private final AuthProof proof = new AuthProof();
    private final io.aeron.Counter refusals;
    private final ErrorHandler errorHandler;
    private final byte[] mac = new byte[AuthProof.MAC_LENGTH];
    private final long[] lastReportNs = new long[KINDS];

    // kinds of refusal, each reported at most once a second
    static final int UNKNOWN_PRINCIPAL = 0;
    static final int WRONG_KEY = 1;
    static final int FORBIDDEN = 2;
    static final int KEY_REMOVED = 3;
    static final int NOT_CONNECTED = 4;
    private static final int KINDS = 5;

    /** The Aeron session id of the ingress image whose fragment is being handled. */
    int imageSessionId;

    ProducerAuthenticator(final CredentialsWatcher watcher, final io.aeron.Counter refusals,
        final ErrorHandler errorHandler)
    {
        this.watcher = watcher;
        this.refusals = refusals;
        this.errorHandler = errorHandler;
    }

    long generation()
    {
        return watcher.generation();
    }

    void newNonce(final byte[] nonce)
    {
        nonces.next(nonce, 0);
    }

    /**
     * Checks a proof.
     *
     * @return the key it was made with, or null (then {@link #refuse} was called with the reason).
     */
    byte[] verify(final int logId, final long producerId, final byte[] nonce, final DirectBuffer buffer,
        final int macOffset, final String principalName)
    {
        final Credentials.Principal principal = watcher.current().principal(principalName);
        if (null == principal)
        {
            refuse(UNKNOWN_PRINCIPAL, "producer " + producerId + " named unknown principal '" + principalName + "'");
            return null;
        }
        buffer.getBytes(macOffset, mac);
        final byte[] key = principal.provingKey(proof,
            AuthProof.message(AuthProof.PRODUCER, nonce, 0, principalName, producerId, logId, 0), mac, 0);
        if (null == key)
        {
            refuse(WRONG_KEY, "producer " + producerId + " failed to prove principal '" + principalName + "' (wrong key)");
        }
        return key;
    }

    /**
     * @return the principal as the current file has it, or null when it is gone.
     */
    Credentials.Principal principal(final String name)
    {
        return watcher.current().principal(name);
    }

    /**
     * Counts a refusal and records why (at most one line a second per kind in the error log, so a flood of
     * refusals cannot fill it).
     */
    void refuse(final int kind, final String reason)
    {
        refusals.increment();
        final long now = System.nanoTime();
        if (0 == lastReportNs[kind] || now - lastReportNs[kind] > REPORT_INTERVAL_NS)
        {
            lastReportNs[kind] = now;
            errorHandler.onError(new RejectedMessageException(reason));
        }
    }

    /**
     * Counts a refusal whose reason is a constant.
     */
    void refuseQuietly()
    {
        refusals.increment();
    }
}
