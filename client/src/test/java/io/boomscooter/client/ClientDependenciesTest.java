package io.boomscooter.client;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The client module is what an application links to produce and subscribe: its class path (this test's) must
 * hold Aeron's client and the codecs, and none of the media driver, the CLI, HdrHistogram or the engine.
 */
class ClientDependenciesTest
{
    @Test
    void applicationLinksTheClientAlone()
    {
        assertDoesNotThrow(() -> Class.forName("io.aeron.Aeron"));
        assertDoesNotThrow(() -> Class.forName("io.boomscooter.codecs.ingress.SubmitEntryEncoder"));
        assertDoesNotThrow(() -> Class.forName(ProducerClient.class.getName()));
        assertDoesNotThrow(() -> Class.forName(SubscriberClient.class.getName()));
        for (final String absent : new String[]{"io.aeron.driver.MediaDriver", "picocli.CommandLine",
            "org.HdrHistogram.Histogram", "io.boomscooter.engine.Node"})
        {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(absent), absent + " is not linked");
        }
    }
}
