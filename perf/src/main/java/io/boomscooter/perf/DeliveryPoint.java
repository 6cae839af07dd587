package io.boomscooter.perf;

import io.aeron.Aeron;
import io.boomscooter.client.ProducerClient;

/**
 * Where an entry counts as delivered for {@link ReplicatedPathBenchmark}: today the producer learning
 * its commit ({@link CommitDeliveryPoint}); later a subscriber receiving it. Latency is measured from
 * an entry's intended send time to the moment {@link #deliveredSeqno()} first covers it, as seen from the
 * producer thread's duty cycle, which calls {@link #poll()} on every turn.
 */
public interface DeliveryPoint extends AutoCloseable
{
    /**
     * @return one line for the report, e.g. "the producer learns the entry is committed".
     */
    String description();

    /**
     * @return the one-way hops from producer to delivery, for the report.
     */
    String hops();

    /**
     * @return threads this delivery point adds (0 when it runs in the producer's duty cycle).
     */
    int extraThreads();

    /**
     * Called on the producer thread every duty cycle; must not allocate.
     *
     * @return work done.
     */
    int poll();

    /**
     * @return the highest log seqno delivered so far (every lower one is delivered too), 0 before any.
     */
    long deliveredSeqno();

    void close();

    /**
     * Builds a delivery point once the cluster and the producer exist.
     */
    @FunctionalInterface
    interface Factory
    {
        /**
         * @param cluster  the running cluster.
         * @param aeron    the producer thread's client (conductor run by invoker from that thread).
         * @param producer the producer, polled by the benchmark before this point.
         * @return the delivery point.
         */
        DeliveryPoint create(ReplicatedCluster cluster, Aeron aeron, ProducerClient producer);

        /**
         * @return true when the nodes must serve subscribers over TCP for this point.
         */
        default boolean needsSubscriberTcp()
        {
            return false;
        }

        /**
         * @return how many logs the nodes host for this point (the measured one is ReplicatedCluster.LOG_ID).
         */
        default int logs()
        {
            return 1;
        }

        /**
         * @return the segment length the nodes' logs use for this point, or 0 for the cluster's default.
         */
        default int segmentLength()
        {
            return 0;
        }
    }
}
