package io.boomscooter.driver.tcp;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10 item 6 for TCP: every {@code boomscooter.tcp.*} key can come from a node file or a system
 * property, the system property winning; every key is in the table of {@code docs/tcp-transport.md}.
 */
class TcpTransportConfigurationTest
{
    @Test
    void everyKeyFromANodeFileReachesTheContext()
    {
        final Properties file = new Properties();
        file.setProperty(TcpTransportConfiguration.HOST_PROP_NAME, "127.0.0.1");
        file.setProperty(TcpTransportConfiguration.PORT_PROP_NAME, "4100");
        file.setProperty(TcpTransportConfiguration.MAX_MESSAGE_LENGTH_PROP_NAME, "4096");
        file.setProperty(TcpTransportConfiguration.RECEIVE_BUFFER_LENGTH_PROP_NAME, "65536");
        file.setProperty(TcpTransportConfiguration.SEND_BUFFER_LENGTH_PROP_NAME, "32768");
        file.setProperty(TcpTransportConfiguration.SOCKET_SNDBUF_PROP_NAME, "8192");
        file.setProperty(TcpTransportConfiguration.SOCKET_RCVBUF_PROP_NAME, "16384");
        file.setProperty(TcpTransportConfiguration.MAX_CONNECTIONS_PROP_NAME, "12");
        file.setProperty(TcpTransportConfiguration.ACCEPT_BACKLOG_PROP_NAME, "7");
        file.setProperty(TcpTransportConfiguration.CLOSE_FLUSH_TIMEOUT_PROP_NAME, "1000");
        file.setProperty(TcpTransportConfiguration.CONNECT_TIMEOUT_PROP_NAME, "2000");
        file.setProperty(TcpTransportConfiguration.BUFFER_POOL_BYTES_PROP_NAME, "0");
        file.setProperty(TcpTransportConfiguration.TCP_NODELAY_PROP_NAME, " false ");

        final TcpTransportPoller.Context ctx = TcpTransportPoller.Context.from(file);
        assertEquals("127.0.0.1", ctx.host());
        assertEquals(4100, ctx.port());
        assertEquals(4096, ctx.maxMessageLength());
        assertEquals(65536, ctx.receiveBufferLength());
        assertEquals(32768, ctx.sendBufferLength());
        assertEquals(8192, ctx.socketSendBufferSize());
        assertEquals(16384, ctx.socketReceiveBufferSize());
        assertEquals(12, ctx.maxConnections());
        assertEquals(7, ctx.acceptBacklog());
        assertEquals(1000, ctx.closeFlushTimeoutNs());
        assertEquals(2000, ctx.connectTimeoutNs());
        assertEquals(0, ctx.bufferPoolBytes());
        assertFalse(ctx.tcpNoDelay());
    }

    @Test
    void aSystemPropertyWinsOverTheFileAndTheDefaultFillsTheRest()
    {
        final Properties file = new Properties();
        file.setProperty(TcpTransportConfiguration.MAX_CONNECTIONS_PROP_NAME, "12");
        file.setProperty(TcpTransportConfiguration.ACCEPT_BACKLOG_PROP_NAME, "7");
        System.setProperty(TcpTransportConfiguration.MAX_CONNECTIONS_PROP_NAME, "99");
        try
        {
            final TcpTransportPoller.Context ctx = TcpTransportPoller.Context.from(file);
            assertEquals(99, ctx.maxConnections(), "system property wins");
            assertEquals(7, ctx.acceptBacklog(), "file value");
            assertEquals(TcpTransportConfiguration.SEND_BUFFER_LENGTH_DEFAULT, ctx.sendBufferLength(), "default");
            assertEquals(99, new TcpTransportPoller.Context().maxConnections(), "the system-property path still works");
        }
        finally
        {
            System.clearProperty(TcpTransportConfiguration.MAX_CONNECTIONS_PROP_NAME);
        }
    }

    @Test
    void aValueThatIsNotANumberIsRefusedWithItsKey()
    {
        final Properties file = new Properties();
        file.setProperty(TcpTransportConfiguration.PORT_PROP_NAME, "41OO");
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> TcpTransportPoller.Context.from(file));
        assertTrue(ex.getMessage().contains(TcpTransportConfiguration.PORT_PROP_NAME), ex.getMessage());
    }

    @Test
    void everyKeyIsDocumented() throws IOException, IllegalAccessException
    {
        final String doc = Files.readString(Path.of("..", "docs", "tcp-transport.md"));
        int keys = 0;
        for (final Field field : TcpTransportConfiguration.class.getFields())
        {
            if (Modifier.isStatic(field.getModifiers()) && field.getName().endsWith("_PROP_NAME"))
            {
                final String key = (String)field.get(null);
                assertTrue(doc.contains("`" + key + "`"), key + " is missing from docs/tcp-transport.md");
                keys++;
            }
        }
        assertEquals(13, keys);
    }
}
