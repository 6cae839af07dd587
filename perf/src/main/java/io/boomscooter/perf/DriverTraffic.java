package io.boomscooter.perf;

import io.aeron.driver.status.SystemCounterDescriptor;
import io.boomscooter.driver.EmbeddedDriver;

import java.util.List;

/**
 * UDP bytes sent by in-process media drivers, read from their system counters: a load-independent
 * measure of how much network work a message costs. Reading is a volatile load per driver; no allocation.
 */
public final class DriverTraffic
{
    private DriverTraffic()
    {
    }

    public static long bytesSent(final EmbeddedDriver driver)
    {
        return driver.mediaDriver().context().countersManager()
            .getCounterValue(SystemCounterDescriptor.BYTES_SENT.id());
    }

    public static long bytesSent(final List<EmbeddedDriver> drivers)
    {
        long total = 0;
        for (int i = 0, n = drivers.size(); i < n; i++)
        {
            total += bytesSent(drivers.get(i));
        }
        return total;
    }
}
