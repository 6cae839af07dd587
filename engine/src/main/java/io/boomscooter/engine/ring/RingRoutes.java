package io.boomscooter.engine.ring;

/**
 * The forwarding rule: to which peers (as offsets around the ring) a server passes a message, and with what
 * wrapping byte, so that every server logs each message exactly once.
 * <ul>
 * <li>Wrapping {@code '0'}: log only. {@code '1'}: forward to +1 with {@code '0'}. {@code '2'}: forward to
 * +2 with {@code '0'} (pzog v0.2.2).</li>
 * <li>The note's five-server scheme ({@link Scheme#NOTE}): a client message goes to +1 and +2, each with
 * {@code '2'}; they forward to their own +2 with {@code '0'}. Servers o+1 … o+4 each get it once.</li>
 * <li>Any ring size ({@link Scheme#TREE}): a server responsible for the next m servers after itself (the
 * server a client reached: m = N - 1) splits them in two halves, a = ceil(m / 2) and b = m - a: it sends to
 * +1 with span a - 1 and to +(a + 1) with span b - 1, each of which does the same with its own span. Span 0
 * is {@code '0'}, span 1 is {@code '1'} (the note's meaning), span s of 2 or more is the letter
 * {@code 'A' + s - 2}. The spans cover disjoint ranges, so each server is reached once, in about log2(N)
 * hops; up to {@link #MAX_SERVERS} servers.</li>
 * </ul>
 * Results are left in {@link #count()}, {@link #offset(int)} and {@link #wrap(int)}; allocation-free.
 */
public final class RingRoutes
{
    public static final byte LOG_ONLY = '0';
    public static final byte NEXT = '1';
    public static final byte SECOND = '2';
    private static final byte SPAN_BASE = 'A';
    private static final int MAX_SPAN = 'Z' - SPAN_BASE + 2;
    /** The largest ring the tree scheme's wrapping letters can cover: the first half's span must fit 'Z'. */
    public static final int MAX_SERVERS = 2 * (MAX_SPAN + 1) + 1;

    /**
     * How client messages spread.
     */
    public enum Scheme
    {
        /** The pzog note's five-server scheme; only for a ring of five. */
        NOTE,
        /** The halving tree, any size from 1 to {@link #MAX_SERVERS}. */
        TREE
    }

    private final int servers;
    private final Scheme scheme;
    private final int[] offsets = new int[2];
    private final byte[] wraps = new byte[2];
    private int count;

    /**
     * @param servers ring size.
     * @param scheme  {@link Scheme#NOTE} requires five servers.
     */
    public RingRoutes(final int servers, final Scheme scheme)
    {
        if (servers < 1 || servers > MAX_SERVERS)
        {
            throw new IllegalArgumentException("a ring has 1.." + MAX_SERVERS + " servers: " + servers);
        }
        if (scheme == Scheme.NOTE && servers != 5)
        {
            throw new IllegalArgumentException("the note's scheme is for a ring of five servers, not " + servers);
        }
        this.servers = servers;
        this.scheme = scheme;
    }

    /**
     * @return the note's scheme for a ring of five, the tree otherwise.
     */
    public static Scheme defaultScheme(final int servers)
    {
        return 5 == servers ? Scheme.NOTE : Scheme.TREE;
    }

    public int servers()
    {
        return servers;
    }

    public Scheme scheme()
    {
        return scheme;
    }

    /**
     * Routes a message a client sent to this server.
     *
     * @return how many forwards (0, 1 or 2).
     */
    public int fromClient()
    {
        if (scheme == Scheme.NOTE)
        {
            return set(1, SECOND, 2, SECOND);
        }
        return split(servers - 1);
    }

    /**
     * Routes a message a peer forwarded with this wrapping.
     *
     * @return how many forwards (0, 1 or 2), or -1 when the wrapping is not one this ring can carry (an
     * unknown byte, or a span reaching past the ring's other servers).
     */
    public int fromPeer(final byte wrap)
    {
        if (wrap == SECOND)
        {
            // only the note's scheme sends '2', and only its ring of five has a +2 that is not the origin
            return scheme == Scheme.NOTE ? set(2, LOG_ONLY) : invalid();
        }
        final int span = span(wrap);
        if (span < 0 || span > servers - 2)
        {
            return invalid();
        }
        return split(span);
    }

    /**
     * @return the span a wrapping byte stands for ({@code '2'} counts as 1: one further server), or -1.
     */
    public static int span(final byte wrap)
    {
        if (wrap == LOG_ONLY)
        {
            return 0;
        }
        if (wrap == NEXT || wrap == SECOND)
        {
            return 1;
        }
        if (wrap >= SPAN_BASE && wrap <= 'Z')
        {
            return wrap - SPAN_BASE + 2;
        }
        return -1;
    }

    /**
     * @return the wrapping byte for a span.
     */
    public static byte wrapFor(final int span)
    {
        if (span < 0 || span > MAX_SPAN)
        {
            throw new IllegalArgumentException("span out of range: " + span);
        }
        return span == 0 ? LOG_ONLY : span == 1 ? NEXT : (byte)(SPAN_BASE + span - 2);
    }

    public int count()
    {
        return count;
    }

    /**
     * @return how far around the ring forward i goes (1 = the next server).
     */
    public int offset(final int i)
    {
        return offsets[i];
    }

    public byte wrap(final int i)
    {
        return wraps[i];
    }

    private int split(final int m)
    {
        if (m <= 0)
        {
            count = 0;
            return 0;
        }
        if (m == 1)
        {
            return set(1, LOG_ONLY);
        }
        final int first = (m + 1) / 2;
        final int second = m - first;
        return set(1, wrapFor(first - 1), first + 1, wrapFor(second - 1));
    }

    private int invalid()
    {
        count = 0;
        return -1;
    }

    private int set(final int offset, final byte wrap)
    {
        offsets[0] = offset;
        wraps[0] = wrap;
        count = 1;
        return 1;
    }

    private int set(final int offset0, final byte wrap0, final int offset1, final byte wrap1)
    {
        offsets[0] = offset0;
        wraps[0] = wrap0;
        offsets[1] = offset1;
        wraps[1] = wrap1;
        count = 2;
        return 2;
    }
}
