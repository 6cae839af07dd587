package io.boomscooter.driver.tcp;

import io.boomscooter.driver.AllocationWindows;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ring relay's client pattern on the bare transport: a blocking client pipelines short CRLF lines in
 * windows of 100 and the poller answers each with "ok" (so reads end mid-line, several lines arrive per read
 * and replies queue while lines are still coming in). After warm-up, a window of 200,000 lines must allocate
 * nothing on the poller thread; see {@link AllocationWindows} for the JIT's one-off bytes that earlier windows
 * may carry.
 */
class TcpLinePipelineAllocationTest
{
    private static final int WINDOW = 100;
    private static final int WARM_UP_LINES = 50_000;
    private static final int WINDOW_LINES = 200_000;
    private static final int MAX_WINDOWS = 5;

    /**
     * Most a window before the zero one may allocate: HotSpot's one-off C2 compile requests (see
     * {@link AllocationWindows}; 40-150 bytes per string literal, once per class). One object per line would be
     * 3 MiB or more.
     */
    private static final long ONE_OFF_BYTES = 4096;

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @Test
    void pipelinedLinesAllocateNothingOnThePollerThread() throws Exception
    {
        THREADS.setThreadAllocatedMemoryEnabled(true);
        final OkHandler handler = new OkHandler();
        final TcpTransportPoller poller = new TcpTransportPoller(TcpTestSupport.loopbackContext(handler)
            .framer(new TcpLineFramer(512)).maxMessageLength(510).receiveBufferLength(64 * 1024));
        handler.poller = poller;

        try (TcpTestSupport.PollerThread pollerThread = new TcpTestSupport.PollerThread(poller);
            Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress("127.0.0.1", poller.port()), 10_000);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            final Pipeline pipeline = new Pipeline(socket.getOutputStream(), socket.getInputStream());
            final long threadId = pollerThread.threadId();

            pipeline.send(WARM_UP_LINES);
            // the idle strategy's park branch links LockSupport on its first run (a class-loader call, 280 bytes)
            TcpTestSupport.await(pollerThread::isParked, () -> "the poller thread parking while idle");
            final long[] windows = AllocationWindows.untilZero(
                () -> THREADS.getThreadAllocatedBytes(threadId), () -> pipeline.send(WINDOW_LINES), MAX_WINDOWS);

            final String report = "poller thread allocated " + Arrays.toString(windows) + " bytes in windows of " +
                WINDOW_LINES + " pipelined lines";
            System.out.println("tcp lines: " + report);
            assertEquals(0, handler.failures);
            assertTrue(AllocationWindows.endsAtZero(windows) && AllocationWindows.max(windows) <= ONE_OFF_BYTES,
                report);
        }
    }

    /**
     * Writes lines in windows of {@link #WINDOW} and reads the "ok" for each before the next window.
     */
    private static final class Pipeline
    {
        private final byte[] line = "a message of printable text, the same length each time\r\n"
            .getBytes(StandardCharsets.US_ASCII);
        private final byte[] answer = new byte[4];
        private final OutputStream out;
        private final InputStream in;

        Pipeline(final OutputStream out, final InputStream in)
        {
            this.out = out;
            this.in = in;
        }

        void send(final int lines)
        {
            try
            {
                for (int sent = 0; sent < lines; sent += WINDOW)
                {
                    for (int i = 0; i < WINDOW; i++)
                    {
                        out.write(line);
                    }
                    out.flush();
                    for (int i = 0; i < WINDOW; i++)
                    {
                        readAnswer();
                    }
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }

        private void readAnswer() throws IOException
        {
            int at = 0;
            while (at < answer.length)
            {
                final int n = in.read(answer, at, answer.length - at);
                if (n < 0)
                {
                    throw new IOException("server closed after " + at + " bytes of an answer");
                }
                at += n;
            }
            if (answer[0] != 'o' || answer[1] != 'k' || answer[2] != '\r' || answer[3] != '\n')
            {
                throw new AssertionError("answer " + new String(answer, StandardCharsets.US_ASCII));
            }
        }
    }

    /**
     * Answers every line with "ok" (the framer adds the CRLF).
     */
    private static final class OkHandler implements TcpFrameHandler
    {
        private final UnsafeBuffer ok = new UnsafeBuffer(ByteBuffer.allocateDirect(2));
        TcpTransportPoller poller;
        volatile long failures;

        OkHandler()
        {
            ok.putByte(0, (byte)'o');
            ok.putByte(1, (byte)'k');
        }

        public void onConnected(final long connectionId, final InetSocketAddress remoteAddress)
        {
        }

        public void onFrame(final long connectionId, final DirectBuffer buffer, final int offset, final int length)
        {
            if (length != 54 || poller.send(connectionId, ok, 0, 2) <= 0)
            {
                failures++;
            }
        }

        public void onDisconnected(final long connectionId, final TcpDisconnectReason reason)
        {
        }
    }
}
