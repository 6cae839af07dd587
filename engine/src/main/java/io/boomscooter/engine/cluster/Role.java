package io.boomscooter.engine.cluster;

/**
 * What a node is for one log in the current epoch.
 */
public enum Role
{
    LEADER,
    REPLICA,

    /**
     * Asking the members for votes to lead a new epoch, after an operator's promote.
     */
    CANDIDATE
}
