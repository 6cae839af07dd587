package io.boomscooter.driver.tcp;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.util.function.Function;

/**
 * What a {@link TcpTransportPoller} counts. Each figure is an {@link AtomicCounter} so the engine can
 * place them in the Aeron counters file (where {@code AeronStat} sees them) while tests and tools read
 * plain longs from any thread. Only the poller thread writes them, so updates are single-writer
 * release stores rather than atomic adds.
 */
public final class TcpTransportCounters
{
    /**
     * The names, in allocation order, handed to the counter factory.
     */
    public static final String[] NAMES =
    {
        "tcp connections accepted",
        "tcp connections closed",
        "tcp connections rejected",
        "tcp frames in",
        "tcp frames out",
        "tcp bytes in",
        "tcp bytes out",
        "tcp protocol errors",
        "tcp back pressure events",
        "tcp connections dialled",
        "tcp connect failures",
    };

    final AtomicCounter connectionsAccepted;
    final AtomicCounter connectionsClosed;
    final AtomicCounter connectionsRejected;
    final AtomicCounter framesIn;
    final AtomicCounter framesOut;
    final AtomicCounter bytesIn;
    final AtomicCounter bytesOut;
    final AtomicCounter protocolErrors;
    final AtomicCounter backPressureEvents;
    final AtomicCounter connectionsDialled;
    final AtomicCounter connectFailures;

    /**
     * @param counterFactory makes one counter for each of {@link #NAMES}, e.g. {@code aeron::addCounter}
     *                       with a type id and a label prefix.
     */
    public TcpTransportCounters(final Function<String, AtomicCounter> counterFactory)
    {
        connectionsAccepted = counterFactory.apply(NAMES[0]);
        connectionsClosed = counterFactory.apply(NAMES[1]);
        connectionsRejected = counterFactory.apply(NAMES[2]);
        framesIn = counterFactory.apply(NAMES[3]);
        framesOut = counterFactory.apply(NAMES[4]);
        bytesIn = counterFactory.apply(NAMES[5]);
        bytesOut = counterFactory.apply(NAMES[6]);
        protocolErrors = counterFactory.apply(NAMES[7]);
        backPressureEvents = counterFactory.apply(NAMES[8]);
        connectionsDialled = counterFactory.apply(NAMES[9]);
        connectFailures = counterFactory.apply(NAMES[10]);
    }

    /**
     * @return counters in a private in-process counters buffer, for tests and standalone use.
     */
    public static TcpTransportCounters inProcess()
    {
        final int valuesLength = CountersReader.COUNTER_LENGTH * 16;
        final CountersManager manager = new CountersManager(
            new UnsafeBuffer(BufferUtil.allocateDirectAligned(valuesLength * 4, 64)),
            new UnsafeBuffer(BufferUtil.allocateDirectAligned(valuesLength, 64)));
        return new TcpTransportCounters(manager::newCounter);
    }

    public long connectionsAccepted()
    {
        return connectionsAccepted.get();
    }

    public long connectionsClosed()
    {
        return connectionsClosed.get();
    }

    /**
     * @return connections refused because {@code maxConnections} were already open.
     */
    public long connectionsRejected()
    {
        return connectionsRejected.get();
    }

    /**
     * @return frames received and handed to the handler.
     */
    public long framesIn()
    {
        return framesIn.get();
    }

    /**
     * @return frames accepted for sending (queued in a send buffer).
     */
    public long framesOut()
    {
        return framesOut.get();
    }

    /**
     * @return bytes read from sockets, prefixes included.
     */
    public long bytesIn()
    {
        return bytesIn.get();
    }

    /**
     * @return bytes written to sockets, prefixes included.
     */
    public long bytesOut()
    {
        return bytesOut.get();
    }

    /**
     * @return connections closed for breaking the framing rules (any framer's malformed input).
     */
    public long protocolErrors()
    {
        return protocolErrors.get();
    }

    /**
     * @return sends refused with {@link TcpSendResult#BACK_PRESSURED}.
     */
    public long backPressureEvents()
    {
        return backPressureEvents.get();
    }

    /**
     * @return dialled connections that completed their connect.
     */
    public long connectionsDialled()
    {
        return connectionsDialled.get();
    }

    /**
     * @return dials that failed: refused, timed out, unresolved or another error.
     */
    public long connectFailures()
    {
        return connectFailures.get();
    }

    static void increment(final AtomicCounter counter)
    {
        counter.setRelease(counter.getPlain() + 1);
    }

    static void add(final AtomicCounter counter, final long delta)
    {
        counter.setRelease(counter.getPlain() + delta);
    }
}
