package io.boomscooter.driver.tcp;

import org.agrona.concurrent.Agent;

/**
 * Runs a {@link TcpTransportPoller} as an Agrona agent of its own; an agent that owns sessions can
 * instead call {@link TcpTransportPoller#doWork()} from its duty cycle and send from the callbacks.
 */
public final class TcpTransportAgent implements Agent
{
    private final TcpTransportPoller poller;
    private final String roleName;

    public TcpTransportAgent(final TcpTransportPoller poller)
    {
        this.poller = poller;
        this.roleName = "tcp-transport-" + poller.port();
    }

    public TcpTransportPoller poller()
    {
        return poller;
    }

    public int doWork()
    {
        return poller.doWork();
    }

    public void onClose()
    {
        poller.close();
    }

    public String roleName()
    {
        return roleName;
    }
}
