package io.boomscooter.engine.cluster;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The election of one log, in the spirit of Aeron Cluster's {@code Election}: a state machine driven by
 * a clock ({@link #doWork(long)}) and by messages, that owns the epoch, its leader, this node's vote and
 * role, and tells a {@link RoleListener} when they change. It knows no Aeron: what it sends goes through
 * an {@link ElectionOutbound}, what it compares through a {@link LogPosition}; the state it must not
 * forget across a restart is in an {@link ElectionState} file, written before any vote leaves.
 *
 * <p>The rules that guard the epoch: it only rises, and only through a message from a member (a
 * {@code RequestVote}, a {@code Vote}, a leader's message naming a member other than this node, or a
 * member's answer carrying a newer epoch, which as in Raft makes a leader step down). A message from a
 * non-member, one naming a non-member as leader, or one carrying an epoch no promotion could ever
 * reach ({@link #MAX_EPOCH}) changes nothing.
 *
 * <p>A candidacy starts by an operator's {@link #promote(long)} (a leadership transfer: no pre-vote), or
 * by the follower timer: a follower that hears no leader for a time drawn in [T, 2T) ({@code T} the
 * election timeout; random so that two followers rarely stand together) first runs a pre-vote round (Raft's
 * PreVote): it asks the others whether they would vote for it in the next epoch, changing no state, and
 * only with enough yes answers does it raise the epoch. A member answers yes only when it has itself heard
 * no leader for T and the asker's log is at least as up to date, so a node that was cut off and comes back
 * cannot depose a leader the others still hear. A leader steps down ({@link #stepDown(String)}) when its
 * replication part finds it has heard from too few followers for T.
 *
 * <p>Over 400 lines because the timers, the pre-vote and the vote share the role and epoch state and its
 * invariants; split, each part would need the others' internals.
 */
public final class Election
{
    /**
     * Highest epoch a node accepts from the network: half of what a log frame can hold
     * ({@link io.boomscooter.engine.log.LogFormat#MAX_EPOCH}), so an adopted epoch always leaves room for
     * promotions whose frames the log can still write.
     */
    public static final long MAX_EPOCH = io.boomscooter.engine.log.LogFormat.MAX_EPOCH / 2;

    static final long VOTE_REQUEST_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(50);
    static final long CANDIDATE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

    /**
     * What an election says about a message that claims to come from the leader of an epoch.
     */
    public enum LeaderCheck
    {
        /**
         * From this epoch's leader (possibly just adopted), and this node follows it.
         */
        ACCEPTED,

        /**
         * From this epoch's leader, but this node does not follow now (it leads or stands).
         */
        NOT_FOLLOWING,

        /**
         * From an older epoch: the sender, when a member, should learn it was replaced.
         */
        STALE,

        /**
         * From another node than this epoch's leader.
         */
        NOT_EPOCH_LEADER,

        /**
         * Names a node that is not a member, this node itself, or an impossible epoch: ignored.
         */
        FORGED
    }

    private final ElectionState state;
    private final int[] memberIds;
    private final int selfIndex;
    private final int selfId;
    private final int votesRequired;
    private final LogPosition log;
    private final ElectionOutbound outbound;
    private final RoleListener listener;
    private final boolean[] votes;

    private final long electionTimeoutNs;
    private final long startupTimeoutNs;
    private final java.util.SplittableRandom random;
    private final boolean[] preVotes;

    private Role role;
    private long nowNs;
    private boolean timerArmed;
    private boolean heardLeaderSinceStart;
    private long timerStartNs;
    private long followerTimeoutNs;
    private long lastLeaderContactNs;
    private boolean preVoting;
    private long preVoteEpoch;
    private long lastPreVoteRequestNs;
    private long electionsStarted;
    private long electionsWon;
    private long electionsLost;
    private long stepDowns;
    private long preVoteRounds;
    private Promotion promotion = Promotion.NONE;
    private int handoverTo = ElectionState.NONE;
    private long candidateDeadlineNs;
    private long lastVoteRequestNs;

    /**
     * @param state         persisted epoch, leader and vote.
     * @param memberIds     every member's node id, by member index.
     * @param selfIndex     this node's member index.
     * @param votesRequired votes (this node's included) a candidate needs.
     */
    Election(final ElectionState state, final int[] memberIds, final int selfIndex, final int votesRequired,
        final LogPosition log, final ElectionOutbound outbound, final RoleListener listener)
    {
        this(state, memberIds, selfIndex, votesRequired, log, outbound, listener, 0, 0, 0);
    }

    /**
     * @param electionTimeoutNs T; 0 turns the timers off (only an operator starts a candidacy).
     * @param startupTimeoutNs  the first timeout of a node that has heard no leader since it started.
     * @param seed              of the random timeouts.
     */
    Election(final ElectionState state, final int[] memberIds, final int selfIndex, final int votesRequired,
        final LogPosition log, final ElectionOutbound outbound, final RoleListener listener,
        final long electionTimeoutNs, final long startupTimeoutNs, final long seed)
    {
        this.electionTimeoutNs = electionTimeoutNs;
        this.startupTimeoutNs = Math.max(startupTimeoutNs, electionTimeoutNs);
        this.random = new java.util.SplittableRandom(seed);
        this.preVotes = new boolean[memberIds.length];
        this.state = state;
        this.memberIds = memberIds.clone();
        this.selfIndex = selfIndex;
        this.selfId = memberIds[selfIndex];
        this.votesRequired = votesRequired;
        this.log = log;
        this.outbound = outbound;
        this.listener = listener;
        this.votes = new boolean[memberIds.length];
    }

    /**
     * Takes the role the persisted state gives: leader of an epoch this node won, else follower.
     */
    void start()
    {
        listener.onNewTerm(state.epoch(), state.leaderId());
        if (state.leaderId() == selfId)
        {
            becomeLeader();
        }
        else
        {
            becomeFollower();
        }
    }

    public Role role()
    {
        return role;
    }

    public long epoch()
    {
        return state.epoch();
    }

    public int leaderId()
    {
        return state.leaderId();
    }

    public int votedFor()
    {
        return state.votedFor();
    }

    public long electionsStarted()
    {
        return electionsStarted;
    }

    public long electionsWon()
    {
        return electionsWon;
    }

    public long electionsLost()
    {
        return electionsLost;
    }

    public long preVoteRounds()
    {
        return preVoteRounds;
    }

    public long stepDowns()
    {
        return stepDowns;
    }

    /**
     * @return the timeout the follower timer runs with now (for tests: drawn in [T, 2T)).
     */
    long followerTimeoutNs()
    {
        return followerTimeoutNs;
    }

    boolean isPreVoting()
    {
        return preVoting;
    }

    long electionTimeoutNs()
    {
        return electionTimeoutNs;
    }

    /**
     * @return true when a leader was heard within the election timeout (this node leading counts).
     */
    boolean heardLeaderRecently()
    {
        if (role == Role.LEADER)
        {
            return true;
        }
        return timerArmed && nowNs - lastLeaderContactNs < electionTimeoutNs;
    }

    public Promotion promotion()
    {
        return promotion;
    }

    /**
     * @return the member a {@link Promotion#HANDOVER} passes the operator's request to.
     */
    public int handoverTo()
    {
        return handoverTo;
    }

    /**
     * @return the member index of a node id, -1 when it is not a member.
     */
    int memberIndex(final int nodeId)
    {
        for (int i = 0; i < memberIds.length; i++)
        {
            if (memberIds[i] == nodeId)
            {
                return i;
            }
        }
        return -1;
    }

    private boolean isOtherMember(final int nodeId)
    {
        final int index = memberIndex(nodeId);
        return index >= 0 && index != selfIndex;
    }

    /**
     * Operator promotion: stand as candidate for the next epoch. It wins with votes from enough members
     * that every committed entry is on one of them, each granting only if this log is at least as up to
     * date as its own; a member holding more answers with its position, and the promotion is handed to it.
     */
    void promote(final long nowNs)
    {
        if (role == Role.LEADER)
        {
            promotion = Promotion.WON;
            return;
        }
        if (state.epoch() >= MAX_EPOCH)
        {
            promotion = Promotion.FAILED;
            return;
        }
        promotion = Promotion.PENDING;
        handoverTo = ElectionState.NONE;
        this.nowNs = nowNs;
        startCandidacy(nowNs, CANDIDATE_TIMEOUT_NS);
    }

    /**
     * Moves to the next epoch, votes for this node and asks the others. The one entry point of a
     * candidacy, whoever starts it (an operator today, an election timer later).
     */
    void startCandidacy(final long nowNs, final long timeoutNs)
    {
        electionsStarted++;
        preVoting = false;
        state.newEpoch(state.epoch() + 1, ElectionState.NONE);
        state.vote(selfId);
        role = Role.CANDIDATE;
        Arrays.fill(votes, false);
        votes[selfIndex] = true;
        candidateDeadlineNs = nowNs + timeoutNs;
        lastVoteRequestNs = nowNs - VOTE_REQUEST_INTERVAL_NS;
        listener.onNewTerm(state.epoch(), ElectionState.NONE);
        listener.onBecameCandidate(state.epoch());
        checkVotes();
    }

    /**
     * Candidate timers: ask for missing votes every {@link #VOTE_REQUEST_INTERVAL_NS}, give up after
     * {@link #CANDIDATE_TIMEOUT_NS}.
     *
     * @return work done.
     */
    int doWork(final long nowNs)
    {
        this.nowNs = nowNs;
        if (role == Role.REPLICA)
        {
            return followerTimer(nowNs);
        }
        if (role != Role.CANDIDATE)
        {
            return 0;
        }
        if (nowNs - candidateDeadlineNs > 0)
        {
            if (promotion == Promotion.PENDING)
            {
                promotion = Promotion.FAILED;
            }
            electionsLost++;
            becomeFollower();
            return 1;
        }
        if (nowNs - lastVoteRequestNs < VOTE_REQUEST_INTERVAL_NS)
        {
            return 0;
        }
        lastVoteRequestNs = nowNs;
        for (int i = 0; i < votes.length; i++)
        {
            if (!votes[i])
            {
                outbound.requestVote(i, state.epoch(), log.lastSeqno(), log.lastEpoch());
            }
        }
        return 1;
    }

    /**
     * The follower's failure detector: arms on the first tick after becoming a follower; when it expires,
     * a pre-vote round starts (and a new timeout is drawn, so a round that gets too few answers is simply
     * followed by another).
     */
    private int followerTimer(final long nowNs)
    {
        if (electionTimeoutNs <= 0)
        {
            return 0;
        }
        if (!timerArmed)
        {
            timerArmed = true;
            // a fresh node counts its start as hearing a leader: it refuses pre-votes for T, as a follower would
            lastLeaderContactNs = nowNs;
            restartTimer(nowNs);
            return 0;
        }
        if (preVoting && nowNs - lastPreVoteRequestNs >= VOTE_REQUEST_INTERVAL_NS)
        {
            requestPreVotes(nowNs);
        }
        if (nowNs - timerStartNs < followerTimeoutNs)
        {
            return 0;
        }
        restartTimer(nowNs);
        if (state.epoch() >= MAX_EPOCH)
        {
            return 0;
        }
        preVoting = true;
        preVoteRounds++;
        preVoteEpoch = state.epoch() + 1;
        Arrays.fill(preVotes, false);
        preVotes[selfIndex] = true;
        if (!checkPreVotes(nowNs))
        {
            requestPreVotes(nowNs);
        }
        return 1;
    }

    private void restartTimer(final long nowNs)
    {
        if (electionTimeoutNs <= 0)
        {
            return;
        }
        timerStartNs = nowNs;
        final long base = heardLeaderSinceStart ? electionTimeoutNs : startupTimeoutNs;
        followerTimeoutNs = base + random.nextLong(base);
    }

    private void requestPreVotes(final long nowNs)
    {
        lastPreVoteRequestNs = nowNs;
        for (int i = 0; i < preVotes.length; i++)
        {
            if (!preVotes[i])
            {
                outbound.preVoteRequest(i, preVoteEpoch, log.lastSeqno(), log.lastEpoch());
            }
        }
    }

    private boolean checkPreVotes(final long nowNs)
    {
        int granted = 0;
        for (final boolean vote : preVotes)
        {
            granted += vote ? 1 : 0;
        }
        if (granted < votesRequired)
        {
            return false;
        }
        startCandidacy(nowNs, followerTimeoutNs);
        return true;
    }

    /**
     * A would-be candidate asks whether this node would vote for it in {@code epoch}. Changes no state:
     * no epoch adopted, no vote recorded.
     *
     * @return true when the answer is yes.
     */
    boolean onPreVoteRequest(final int candidateId, final long epoch, final long lastSeqno, final long lastEpoch)
    {
        if (!isOtherMember(candidateId) || epoch > MAX_EPOCH)
        {
            return false;
        }
        final boolean granted = epoch > state.epoch() && !heardLeaderRecently() &&
            isAtLeastAsUpToDate(lastEpoch, lastSeqno);
        outbound.preVoteAnswer(memberIndex(candidateId), epoch, granted, log.lastSeqno(), log.lastEpoch());
        return granted;
    }

    /**
     * A member answers this node's pre-vote request; enough yes answers start the real candidacy.
     */
    void onPreVoteAnswer(final int voterId, final long epoch, final boolean granted)
    {
        if (!isOtherMember(voterId) || !preVoting || role != Role.REPLICA || epoch != preVoteEpoch ||
            epoch != state.epoch() + 1)
        {
            return;
        }
        if (granted)
        {
            preVotes[memberIndex(voterId)] = true;
            checkPreVotes(nowNs);
        }
    }

    /**
     * The leader's replication part found that it heard from too few followers within the election
     * timeout (or it slept that long): it stops leading. The epoch stays; this node follows nobody until
     * it learns of a newer epoch or its own timer starts an election.
     */
    void stepDown(final String reason)
    {
        if (role != Role.LEADER)
        {
            return;
        }
        stepDowns++;
        listener.onSteppedDown(state.epoch(), reason);
        // the leader is lost: this node's pre-vote answers must not claim to have heard it
        lastLeaderContactNs = nowNs - electionTimeoutNs;
        becomeFollower();
    }

    private void checkVotes()
    {
        int granted = 0;
        for (final boolean vote : votes)
        {
            granted += vote ? 1 : 0;
        }
        if (granted >= votesRequired)
        {
            state.leader(selfId);
            promotion = Promotion.WON;
            electionsWon++;
            listener.onNewTerm(state.epoch(), selfId);
            becomeLeader();
        }
    }

    private boolean isAtLeastAsUpToDate(final long lastEpoch, final long lastSeqno)
    {
        final long ownEpoch = log.lastEpoch();
        return lastEpoch > ownEpoch || (lastEpoch == ownEpoch && lastSeqno >= log.lastSeqno());
    }

    /**
     * A candidate asks for this node's vote. Granted at most once per epoch (persisted before the answer
     * leaves), and only to a candidate whose log is at least as up to date as this node's.
     *
     * @return true when the vote was granted.
     */
    boolean onRequestVote(final int candidateId, final long epoch, final long lastSeqno, final long lastEpoch)
    {
        if (!isOtherMember(candidateId) || epoch > MAX_EPOCH)
        {
            return false;
        }
        if (epoch > state.epoch())
        {
            adoptEpoch(epoch, ElectionState.NONE);
        }
        final boolean granted = epoch == state.epoch() &&
            (state.votedFor() == ElectionState.NONE || state.votedFor() == candidateId) &&
            isAtLeastAsUpToDate(lastEpoch, lastSeqno);
        if (granted)
        {
            state.vote(candidateId);
            // as in Raft: a node that just voted gives that candidate time to win before standing itself
            restartTimer(nowNs);
        }
        outbound.vote(memberIndex(candidateId), state.epoch(), granted, log.lastSeqno(), log.lastEpoch());
        return granted;
    }

    /**
     * A member answers this node's request for a vote.
     */
    void onVote(final int voterId, final long epoch, final boolean granted, final long lastSeqno,
        final long lastEpoch)
    {
        if (!isOtherMember(voterId) || epoch > MAX_EPOCH)
        {
            return;
        }
        if (epoch > state.epoch())
        {
            adoptEpoch(epoch, ElectionState.NONE);
            return;
        }
        if (role != Role.CANDIDATE || epoch < state.epoch())
        {
            return;
        }
        if (granted)
        {
            votes[memberIndex(voterId)] = true;
            checkVotes();
        }
        else if (lastEpoch > log.lastEpoch() || (lastEpoch == log.lastEpoch() && lastSeqno > log.lastSeqno()))
        {
            // the voter holds entries this node lacks, possibly committed ones: it should lead instead
            handoverTo = voterId;
            promotion = Promotion.HANDOVER;
            electionsLost++;
            becomeFollower();
        }
    }

    /**
     * A member's message (an ack, a catch-up request, a stale-epoch reject) carries a newer epoch: as in
     * Raft, this node adopts it with its leader unknown, and a leader steps down. A non-member's changes
     * nothing.
     *
     * @return true when the epoch was adopted (the message is then not for the old role).
     */
    boolean onNewerEpochFromMember(final int memberId, final long epoch)
    {
        if (epoch <= state.epoch() || !isOtherMember(memberId) || epoch > MAX_EPOCH)
        {
            return false;
        }
        adoptEpoch(epoch, ElectionState.NONE);
        return true;
    }

    /**
     * A message that claims to come from the leader of {@code epoch}: a newer epoch is adopted with that
     * leader, and the first word of this epoch's winner ends an undecided candidacy.
     */
    LeaderCheck checkLeader(final int leaderId, final long epoch)
    {
        if (epoch < state.epoch())
        {
            // changes nothing, whoever sent it; only a member is answered
            return LeaderCheck.STALE;
        }
        if (!isOtherMember(leaderId) || epoch > MAX_EPOCH)
        {
            return LeaderCheck.FORGED;
        }
        if (epoch > state.epoch() || state.leaderId() == ElectionState.NONE)
        {
            adoptEpoch(epoch, leaderId);
        }
        else if (state.leaderId() != leaderId)
        {
            return LeaderCheck.NOT_EPOCH_LEADER;
        }
        if (role != Role.REPLICA)
        {
            return LeaderCheck.NOT_FOLLOWING;
        }
        onLeaderContact();
        return LeaderCheck.ACCEPTED;
    }

    private void onLeaderContact()
    {
        lastLeaderContactNs = nowNs;
        heardLeaderSinceStart = true;
        preVoting = false;
        if (timerArmed)
        {
            timerStartNs = nowNs;
            followerTimeoutNs = electionTimeoutNs + random.nextLong(Math.max(1, electionTimeoutNs));
        }
    }

    private void adoptEpoch(final long epoch, final int leaderId)
    {
        if (role == Role.CANDIDATE)
        {
            electionsLost++;
        }
        state.newEpoch(epoch, leaderId);
        if (promotion == Promotion.PENDING)
        {
            promotion = Promotion.FAILED;
        }
        listener.onNewTerm(state.epoch(), leaderId);
        becomeFollower();
    }

    private void becomeLeader()
    {
        role = Role.LEADER;
        listener.onBecameLeader(state.epoch());
    }

    private void becomeFollower()
    {
        role = Role.REPLICA;
        preVoting = false;
        if (timerArmed)
        {
            restartTimer(nowNs);
        }
        listener.onBecameFollower(state.epoch(), state.leaderId());
    }
}
