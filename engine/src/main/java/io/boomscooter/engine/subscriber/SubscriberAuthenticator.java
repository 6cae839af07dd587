package io.boomscooter.engine.subscriber;

import io.boomscooter.client.SubscribeRequest;
import io.boomscooter.client.SubscriberHandshake;
import io.boomscooter.client.auth.AuthProof;
import io.boomscooter.client.auth.Credentials;
import io.boomscooter.codecs.subscriber.AuthRequestDecoder;
import io.boomscooter.codecs.subscriber.AuthStatus;
import io.boomscooter.codecs.subscriber.DropReason;
import io.boomscooter.engine.auth.CredentialsWatcher;
import io.boomscooter.engine.auth.NonceSource;
import io.boomscooter.engine.session.SessionList;

import java.nio.charset.StandardCharsets;

/**
 * Who a subscriber session is. With the node's credentials file ({@code boomscooter.auth.credentials}) a session
 * must win the challenge-response of docs/subscriber-protocol.md ("Authentication") before any request of it is
 * acted on: AuthRequest, a fresh nonce in AuthChallenge, an AuthProof of HMAC-SHA256 under one of the principal's
 * keys over the nonce, the principal and the session's identity (TCP connection id or Aeron session id of the
 * request publication). Refusals carry a reason and are counted in "subscriber auth failures"; a wrong proof, a
 * third failure, a fourth challenge or the handshake deadline ends the session. When the file changes, every
 * authenticated session is checked once against it and one whose principal or proving key is gone is dropped
 * (REVOKED). The older shared secret ({@code boomscooter.subscriber.credentials}), which every Subscribe carries,
 * is still checked when configured, alone or in addition.
 * <p>
 * Handshakes are rare and may allocate; nothing here runs per entry.
 */
final class SubscriberAuthenticator
{
    static final int MAX_FAILURES = 3;
    static final int MAX_CHALLENGES = 3;
    static final String NOT_AUTHENTICATED =
        "not authenticated: this node requires the AuthRequest/AuthProof handshake first";
    static final String NOT_REQUIRED = "this node does not authenticate subscribers";

    private final CredentialsWatcher watcher;
    private final byte[] sharedSecret;
    private final SubscriberProxy proxy;
    private final SubscriberCounters counters;
    private final long timeoutNs;
    private final NonceSource nonces;
    private final AuthProof proof;
    private long generation;

    /**
     * @param watcher      the node's credentials, or null when sessions need not authenticate.
     * @param sharedSecret the secret every Subscribe must carry, or null.
     * @param timeoutNs    how long a session may take to authenticate, and to read its refusal before it is closed.
     */
    SubscriberAuthenticator(final CredentialsWatcher watcher, final String sharedSecret, final SubscriberProxy proxy,
        final SubscriberCounters counters, final long timeoutNs)
    {
        this.watcher = watcher;
        this.sharedSecret = null == sharedSecret ? null : sharedSecret.getBytes(StandardCharsets.UTF_8);
        this.proxy = proxy;
        this.counters = counters;
        this.timeoutNs = timeoutNs;
        nonces = null == watcher ? null : new NonceSource();
        proof = null == watcher ? null : new AuthProof();
        generation = null == watcher ? 0 : watcher.generation();
    }

    /**
     * @return the state of a new session, or null when sessions need not authenticate.
     */
    SubscriberSessionAuth newSession(final long nowNs)
    {
        return null == watcher ? null : new SubscriberSessionAuth(nowNs + timeoutNs);
    }

    static boolean isAuthenticated(final SubscriberSession session)
    {
        return null == session.auth || session.auth.authenticated;
    }

    void onAuthRequest(final SubscriberSession session, final AuthRequestDecoder request, final long nowNs)
    {
        final long correlationId = request.correlationId();
        final SubscriberSessionAuth auth = session.auth;
        if (null == auth)
        {
            answer(session, correlationId, AuthStatus.OK, NOT_REQUIRED, nowNs);
            return;
        }
        auth.requested = true;
        if (SubscribeRequest.PROTOCOL_VERSION != request.protocolVersion())
        {
            answer(session, correlationId, AuthStatus.BAD_VERSION, "unsupported protocol version", nowNs);
            session.closeAfterDrain(nowNs + timeoutNs);
            return;
        }
        if (auth.authenticated)
        {
            answer(session, correlationId, AuthStatus.OK, "already authenticated", nowNs);
            return;
        }
        if (auth.challenges >= MAX_CHALLENGES)
        {
            fail(session, correlationId, AuthStatus.TOO_MANY_ATTEMPTS,
                "more than " + MAX_CHALLENGES + " challenges on one session", true, nowNs);
            return;
        }
        auth.challenges++;
        auth.challenged = true;
        auth.correlationId = correlationId;
        nonces.next(auth.nonce, 0);
        if (!proxy.authChallenge(session.control, correlationId, session.key, auth.nonce))
        {
            session.closeAfterDrain(nowNs);
        }
    }

    void onAuthProof(final SubscriberSession session, final SubscriberRequestAdapter adapter, final long nowNs)
    {
        final long correlationId = adapter.authProof.correlationId();
        final SubscriberSessionAuth auth = session.auth;
        if (null == auth)
        {
            answer(session, correlationId, AuthStatus.OK, NOT_REQUIRED, nowNs);
            return;
        }
        auth.requested = true;
        if (!auth.challenged)
        {
            fail(session, correlationId, AuthStatus.NO_CHALLENGE,
                "AuthProof without an outstanding AuthChallenge: send AuthRequest first", false, nowNs);
            return;
        }
        auth.challenged = false; // a nonce proves one attempt, whatever its outcome
        final String principal = adapter.buffer.getStringWithoutLengthAscii(adapter.principalOffset,
            adapter.principalLength);
        final Credentials.Principal known = watcher.current().principal(principal);
        if (null == known)
        {
            fail(session, correlationId, AuthStatus.UNKNOWN_PRINCIPAL, "unknown principal '" + principal + "'", false,
                nowNs);
            return;
        }
        final byte[] message = SubscriberHandshake.proofMessage(auth.nonce, principal, session.key, auth.correlationId,
            session.isAeron ? SubscriberHandshake.TRANSPORT_AERON : SubscriberHandshake.TRANSPORT_TCP);
        final byte[] mac = new byte[AuthProof.MAC_LENGTH];
        adapter.buffer.getBytes(adapter.macOffset, mac);
        if (!known.verifies(proof, message, mac, 0))
        {
            fail(session, correlationId, AuthStatus.BAD_PROOF,
                "the proof does not match a key of principal '" + principal + "'", true, nowNs);
            return;
        }
        auth.proven(principal, message, mac);
        answer(session, correlationId, AuthStatus.OK, "", nowNs);
    }

    /**
     * A session past its deadline without having authenticated: told why (an AuthResult when it began the
     * handshake, else a SubscribeResponse, which every client understands), counted, and closed.
     */
    void onExpired(final SubscriberSession session, final long nowNs)
    {
        counters.authFailures.increment();
        final String text = "not authenticated within " + timeoutNs / 1_000_000 + " ms";
        if (session.auth.requested)
        {
            answer(session, session.auth.correlationId, AuthStatus.TIMEOUT, text, nowNs);
        }
        else
        {
            proxy.response(session.control, -1, -1, io.boomscooter.codecs.subscriber.SubscribeStatus.BAD_CREDENTIALS,
                0, 0, text);
        }
        session.closeAfterDrain(nowNs + timeoutNs);
    }

    /**
     * @return true when the credentials file was re-read since the last {@link #recheck}: one volatile read.
     */
    boolean credentialsChanged()
    {
        return null != watcher && watcher.generation() != generation;
    }

    /**
     * Checks every authenticated session against the credentials now in force: one whose principal is gone, or
     * whose proof no longer verifies under any of the principal's keys (its key was removed), has its subscriptions
     * dropped (REVOKED), is told why in an AuthResult(REVOKED) and is closed. Sessions keep going otherwise.
     *
     * @return sessions revoked.
     */
    int recheck(final SessionList<SubscriberSession> sessions, final long nowNs)
    {
        generation = watcher.generation(); // read before current(): the watcher sets current first
        final Credentials credentials = watcher.current();
        int revoked = 0;
        for (int i = 0, n = sessions.size(); i < n; i++)
        {
            final SubscriberSession session = sessions.get(i);
            final SubscriberSessionAuth auth = session.auth;
            if (null == auth || !auth.authenticated || session.isClosing())
            {
                continue;
            }
            final Credentials.Principal principal = credentials.principal(auth.principal);
            final String text;
            if (null == principal)
            {
                text = "principal '" + auth.principal + "' was removed from the node's credentials";
            }
            else if (!principal.verifies(proof, auth.provenMessage, auth.provenMac, 0))
            {
                text = "the key principal '" + auth.principal + "' proved with was removed from the node's credentials";
            }
            else
            {
                continue;
            }
            auth.revoke();
            session.dropAll(DropReason.REVOKED, text);
            answer(session, auth.correlationId, AuthStatus.REVOKED, text, nowNs);
            session.closeAfterDrain(nowNs + timeoutNs);
            revoked++;
        }
        return revoked;
    }

    boolean hasSharedSecret()
    {
        return null != sharedSecret;
    }

    /**
     * @return whether the Subscribe just decoded carries the shared secret, compared in constant time.
     */
    boolean sharedSecretMatches(final SubscriberRequestAdapter adapter)
    {
        final int length = adapter.credentialsLength;
        // Compare every byte whatever the outcome, so timing does not tell how much matched.
        int diff = length ^ sharedSecret.length;
        for (int i = 0; i < sharedSecret.length; i++)
        {
            final byte b = i < length ? adapter.buffer.getByte(adapter.credentialsOffset + i) : 0;
            diff |= b ^ sharedSecret[i];
        }
        return 0 == diff;
    }

    private void fail(final SubscriberSession session, final long correlationId, final AuthStatus status,
        final String text, final boolean close, final long nowNs)
    {
        counters.authFailures.increment();
        final int failures = ++session.auth.failures;
        answer(session, correlationId, status, text, nowNs);
        if (close || failures >= MAX_FAILURES)
        {
            session.closeAfterDrain(nowNs + timeoutNs);
        }
    }

    private void answer(final SubscriberSession session, final long correlationId, final AuthStatus status,
        final String text, final long nowNs)
    {
        if (!proxy.authResult(session.control, correlationId, status, text))
        {
            session.closeAfterDrain(nowNs); // the peer reads nothing: no room for even the answer
        }
    }
}
