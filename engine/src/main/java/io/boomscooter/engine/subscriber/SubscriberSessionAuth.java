package io.boomscooter.engine.subscriber;

import io.boomscooter.client.auth.AuthProof;

/**
 * Where one subscriber session stands in the challenge-response (docs/subscriber-protocol.md, "Authentication"):
 * its outstanding challenge (a nonce used for one proof only), its failures, its deadline, and once proven the
 * principal with the message and mac it proved with, kept so a changed credentials file can be checked against the
 * very key that was used. Exists only while the node authenticates subscribers; touched by handshakes, a rotation
 * and one comparison per session tick (the deadline), never per entry.
 */
final class SubscriberSessionAuth
{
    final byte[] nonce = new byte[AuthProof.NONCE_LENGTH];
    private final long deadlineNs;
    boolean requested;
    boolean challenged;
    long correlationId;
    int challenges;
    int failures;
    boolean authenticated;
    boolean expired;
    String principal;
    byte[] provenMessage;
    byte[] provenMac;

    SubscriberSessionAuth(final long deadlineNs)
    {
        this.deadlineNs = deadlineNs;
    }

    /**
     * @return true once, when the session is past its deadline without having authenticated.
     */
    boolean expires(final long nowNs)
    {
        if (authenticated || expired || nowNs - deadlineNs <= 0)
        {
            return false;
        }
        expired = true;
        return true;
    }

    void proven(final String principal, final byte[] message, final byte[] mac)
    {
        authenticated = true;
        this.principal = principal;
        provenMessage = message;
        provenMac = mac;
    }

    void revoke()
    {
        authenticated = false;
        expired = true;
    }
}
