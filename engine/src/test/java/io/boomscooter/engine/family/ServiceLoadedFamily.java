package io.boomscooter.engine.family;

import org.agrona.DirectBuffer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A family registered only through {@code META-INF/services} in the test resources: it counts the
 * messages of its schema id that reach any node in this JVM, and does nothing else, so every other
 * cluster test runs with it loaded and unaffected.
 */
public final class ServiceLoadedFamily implements ProtocolFamily
{
    public static final int SCHEMA_ID = 4243;
    static final AtomicLong MESSAGES = new AtomicLong();

    public String name()
    {
        return "service-loaded-test";
    }

    public int schemaId()
    {
        return SCHEMA_ID;
    }

    public void onStart(final FamilyContext context)
    {
    }

    public void onMessage(final int streamId, final DirectBuffer buffer, final int offset, final int length)
    {
        MESSAGES.incrementAndGet();
    }
}
