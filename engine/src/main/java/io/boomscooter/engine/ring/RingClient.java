package io.boomscooter.engine.ring;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * The pzog client (the note's psprog): sends text lines to ring servers and reads each answer. It picks the
 * server at random (the default), in turn, or always the same one; a server it cannot reach is skipped for
 * the next, so a message is refused only when no server takes it. Blocking, for tools and tests.
 */
public final class RingClient implements AutoCloseable
{
    /**
     * How the next server is chosen.
     */
    public enum Mode
    {
        RANDOM, ROUND_ROBIN, SPECIFIC
    }

    private final List<RingSettings.Server> servers;
    private final Mode mode;
    private final int specific;
    private final Random random;
    private final int timeoutMs;
    private final Socket[] sockets;
    private int next;
    private int lastServer = -1;

    /**
     * @param servers   the ring, in order.
     * @param mode      how to choose.
     * @param specific  the server used with {@link Mode#SPECIFIC}.
     * @param seed      of the random choice and of generated content.
     * @param timeoutMs for a connect and for an answer.
     */
    public RingClient(final List<RingSettings.Server> servers, final Mode mode, final int specific, final long seed,
        final int timeoutMs)
    {
        this.servers = List.copyOf(servers);
        this.mode = mode;
        this.specific = specific;
        this.random = new Random(seed);
        this.timeoutMs = timeoutMs;
        this.sockets = new Socket[servers.size()];
    }

    /**
     * @return quasi-random printable text of 32 to 63 characters, as the note's client sends.
     */
    public String randomText()
    {
        final int length = 32 + random.nextInt(32);
        final StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            sb.append((char)('!' + random.nextInt('~' - '!' + 1)));
        }
        return sb.toString();
    }

    /**
     * Sends one line to the next server (another one when it cannot be reached).
     *
     * @return the server's answer ({@code ok}, or {@code error <reason>}).
     * @throws IOException when no server answered.
     */
    public String send(final String text) throws IOException
    {
        final int first = choose();
        IOException failure = null;
        for (int tried = 0; tried < servers.size(); tried++)
        {
            final int server = mode == Mode.SPECIFIC ? specific : (first + tried) % servers.size();
            try
            {
                final String answer = sendTo(server, text);
                lastServer = server;
                return answer;
            }
            catch (final IOException ex)
            {
                closeSocket(server);
                failure = ex;
                if (mode == Mode.SPECIFIC)
                {
                    break;
                }
            }
        }
        throw new IOException("no ring server answered: " + (null == failure ? "" : failure.getMessage()), failure);
    }

    /**
     * Sends several lines to one server without waiting between them (the server answers in order): how a
     * client measures throughput rather than round trips.
     *
     * @return how many were answered {@code ok}.
     * @throws IOException when the server could not be reached or stopped answering.
     */
    public int sendPipelined(final List<String> texts) throws IOException
    {
        final int server = choose();
        try
        {
            final OutputStream out = connected(server).getOutputStream();
            final StringBuilder lines = new StringBuilder();
            for (final String text : texts)
            {
                lines.append(text).append("\r\n");
            }
            out.write(lines.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            int ok = 0;
            final InputStream in = sockets[server].getInputStream();
            for (int i = 0; i < texts.size(); i++)
            {
                ok += "ok".equals(readLine(in)) ? 1 : 0;
            }
            lastServer = server;
            return ok;
        }
        catch (final IOException ex)
        {
            closeSocket(server);
            throw ex;
        }
    }

    /**
     * @return the place of the server that answered the last {@link #send}.
     */
    public int lastServer()
    {
        return lastServer;
    }

    private int choose()
    {
        switch (mode)
        {
            case ROUND_ROBIN:
                return next++ % servers.size();
            case SPECIFIC:
                return specific;
            default:
                return random.nextInt(servers.size());
        }
    }

    private Socket connected(final int server) throws IOException
    {
        Socket socket = sockets[server];
        if (null == socket)
        {
            final RingSettings.Server s = servers.get(server);
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(s.host(), s.clientPort()), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            sockets[server] = socket;
        }
        return socket;
    }

    private String sendTo(final int server, final String text) throws IOException
    {
        final Socket socket = connected(server);
        final OutputStream out = socket.getOutputStream();
        out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return readLine(socket.getInputStream());
    }

    /**
     * @return the next line from a server, without its CR LF (the tests read raw sockets with it too).
     * @throws IOException when the connection ends before a whole line.
     */
    static String readLine(final InputStream in) throws IOException
    {
        final StringBuilder sb = new StringBuilder();
        while (true)
        {
            final int b = in.read();
            if (b < 0)
            {
                throw new IOException("connection closed before an answer");
            }
            if (b == '\n')
            {
                final int length = sb.length();
                return length > 0 && sb.charAt(length - 1) == '\r' ? sb.substring(0, length - 1) : sb.toString();
            }
            sb.append((char)b);
        }
    }

    private void closeSocket(final int server)
    {
        try
        {
            if (null != sockets[server])
            {
                sockets[server].close();
            }
        }
        catch (final IOException ignore)
        {
            // already failed
        }
        sockets[server] = null;
    }

    public void close()
    {
        for (int i = 0; i < sockets.length; i++)
        {
            closeSocket(i);
        }
    }
}
