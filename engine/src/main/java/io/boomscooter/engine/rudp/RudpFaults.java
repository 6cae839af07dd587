package io.boomscooter.engine.rudp;

/**
 * A test hook in the receive path: decides the fate of each datagram before it is read, so tests can inject loss,
 * duplication and reordering on a real socket. Production endpoints have none.
 */
@FunctionalInterface
public interface RudpFaults
{
    int DELIVER = 0;
    int DROP = 1;
    int DUPLICATE = 2;
    /** Hold the datagram back and deliver it after the next one (a reorder). */
    int DELAY = 3;

    int onDatagram(byte[] datagram, int length);
}
