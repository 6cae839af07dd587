package io.boomscooter.engine.cluster;

/**
 * What an {@link Election} sends; the log host maps it to Aeron publications, a test to a list.
 */
interface ElectionOutbound
{
    void requestVote(int memberIndex, long epoch, long lastSeqno, long lastEpoch);

    void vote(int memberIndex, long epoch, boolean granted, long lastSeqno, long lastEpoch);

    void preVoteRequest(int memberIndex, long epoch, long lastSeqno, long lastEpoch);

    void preVoteAnswer(int memberIndex, long epoch, boolean granted, long lastSeqno, long lastEpoch);
}
