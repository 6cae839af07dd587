package io.boomscooter.engine.cluster;

import io.aeron.Counter;
import io.boomscooter.engine.CounterKey;
import io.boomscooter.engine.CounterTypes;
import io.boomscooter.engine.NodeCounters;

/**
 * Counters for one hosted log, visible to AeronStat and {@code boomscooter counters}.
 */
final class LogCounters
{
    private static final int NONE = CounterKey.NONE;

    final Counter commitSeqno;
    final Counter lastSeqno;
    final Counter epoch;
    final Counter rejected;
    final Counter malformed;
    final Counter ingressBackPressure;
    final Counter producerSessions;
    final Counter diskFull;
    final Counter electionsStarted;
    final Counter electionsWon;
    final Counter electionsLost;
    final Counter stepDowns;
    final Counter leaderId;
    final Counter leaderChangeMs;
    final Counter[] replicaAck;
    final Counter[] replicaLag;

    LogCounters(final NodeCounters counters, final int logId, final ClusterConfig config)
    {
        final String log = "log " + logId + " ";
        commitSeqno = counters.allocate(CounterTypes.COMMIT_SEQNO, logId, NONE, log + "commit seqno");
        lastSeqno = counters.allocate(CounterTypes.LAST_SEQNO, logId, NONE, log + "last seqno");
        epoch = counters.allocate(CounterTypes.EPOCH, logId, NONE, log + "epoch");
        rejected = counters.allocate(CounterTypes.LOG_REJECTED, logId, NONE, log + "rejected messages");
        malformed = counters.allocate(CounterTypes.LOG_MALFORMED, logId, NONE, log + "malformed messages");
        ingressBackPressure = counters.allocate(CounterTypes.INGRESS_BACK_PRESSURE, logId, NONE,
            log + "ingress back-pressure");
        producerSessions = counters.allocate(CounterTypes.PRODUCER_SESSIONS, logId, NONE, log + "producer sessions");
        diskFull = counters.allocate(CounterTypes.DISK_FULL_REFUSALS, logId, NONE, log + "disk-full refusals");
        electionsStarted = counters.allocate(CounterTypes.ELECTIONS_STARTED, logId, NONE, log + "elections started");
        electionsWon = counters.allocate(CounterTypes.ELECTIONS_WON, logId, NONE, log + "elections won");
        electionsLost = counters.allocate(CounterTypes.ELECTIONS_LOST, logId, NONE, log + "elections lost");
        stepDowns = counters.allocate(CounterTypes.LEADER_STEP_DOWNS, logId, NONE, log + "leader step-downs");
        leaderId = counters.allocate(CounterTypes.LEADER_ID, logId, NONE, log + "leader id");
        leaderId.setRelease(ElectionState.NONE);
        leaderChangeMs = counters.allocate(CounterTypes.LEADER_CHANGE_MS, logId, NONE, log + "leader change time ms");
        replicaAck = new Counter[config.members().size()];
        replicaLag = new Counter[config.members().size()];
        for (int i = 0; i < config.members().size(); i++)
        {
            final int id = config.members().get(i).id();
            if (id != config.nodeId())
            {
                replicaAck[i] = counters.allocate(CounterTypes.REPLICA_ACK_SEQNO, logId, id,
                    log + "replica " + id + " ack seqno");
                replicaLag[i] = counters.allocate(CounterTypes.REPLICA_LAG, logId, id, log + "replica " + id + " lag");
            }
        }
    }
}
