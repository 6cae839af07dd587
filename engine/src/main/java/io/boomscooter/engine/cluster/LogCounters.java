package io.boomscooter.engine.cluster;

import io.aeron.Counter;
import io.boomscooter.engine.CounterTypes;
import io.boomscooter.engine.NodeCounters;

/**
 * Counters for one hosted log, visible to AeronStat and {@code boomscooter counters}.
 */
final class LogCounters
{
    final Counter commitSeqno;
    final Counter lastSeqno;
    final Counter epoch;
    final Counter rejected;
    final Counter malformed;
    final Counter ingressBackPressure;
    final Counter producerSessions;
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
        commitSeqno = counters.allocate(CounterTypes.COMMIT_SEQNO, log + "commit seqno");
        lastSeqno = counters.allocate(CounterTypes.COMMIT_SEQNO, log + "last seqno");
        epoch = counters.allocate(CounterTypes.EPOCH, log + "epoch");
        rejected = counters.allocate(CounterTypes.REJECTED_ENTRIES, log + "rejected messages");
        malformed = counters.allocate(CounterTypes.REJECTED_ENTRIES, log + "malformed messages");
        ingressBackPressure = counters.allocate(CounterTypes.INGRESS_BACK_PRESSURE, log + "ingress back-pressure");
        // a count of live sessions, like the subscriber count; found by its label until counters get keys
        producerSessions = counters.allocate(CounterTypes.SUBSCRIBERS, log + "producer sessions");
        // election counters share the epoch's type until counters get keys; found by their labels
        electionsStarted = counters.allocate(CounterTypes.EPOCH, log + "elections started");
        electionsWon = counters.allocate(CounterTypes.EPOCH, log + "elections won");
        electionsLost = counters.allocate(CounterTypes.EPOCH, log + "elections lost");
        stepDowns = counters.allocate(CounterTypes.EPOCH, log + "leader step-downs");
        leaderId = counters.allocate(CounterTypes.EPOCH, log + "leader id");
        leaderId.setRelease(ElectionState.NONE);
        leaderChangeMs = counters.allocate(CounterTypes.EPOCH, log + "leader change time ms");
        replicaAck = new Counter[config.members().size()];
        replicaLag = new Counter[config.members().size()];
        for (int i = 0; i < config.members().size(); i++)
        {
            final int id = config.members().get(i).id();
            if (id != config.nodeId())
            {
                replicaAck[i] = counters.allocate(CounterTypes.REPLICA_ACK_SEQNO, log + "replica " + id + " ack seqno");
                replicaLag[i] = counters.allocate(CounterTypes.REPLICA_LAG, log + "replica " + id + " lag");
            }
        }
    }
}
