package io.boomscooter.engine.ring;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RingRoutesTest
{
    @Test
    void theNotesFiveServerSchemeAsWritten()
    {
        final RingRoutes routes = new RingRoutes(5, RingRoutes.Scheme.NOTE);
        assertEquals(2, routes.fromClient());
        assertEquals(1, routes.offset(0));
        assertEquals('2', routes.wrap(0));
        assertEquals(2, routes.offset(1));
        assertEquals('2', routes.wrap(1));
        assertEquals(1, routes.fromPeer((byte)'2'));
        assertEquals(2, routes.offset(0));
        assertEquals('0', routes.wrap(0));
        assertEquals(0, routes.fromPeer((byte)'0'));
        assertEquals(1, routes.fromPeer((byte)'1'));
        assertEquals(1, routes.offset(0));
        assertEquals('0', routes.wrap(0));
        assertEveryServerOnce(routes, 5);
    }

    @Test
    void everyRingSizeReachesEveryServerExactlyOnceFromEveryOrigin()
    {
        for (int n = 1; n <= RingRoutes.MAX_SERVERS; n++)
        {
            assertEveryServerOnce(new RingRoutes(n, RingRoutes.Scheme.TREE), n);
        }
    }

    @Test
    void theTreeTakesAboutLogTwoHops()
    {
        final RingRoutes routes = new RingRoutes(RingRoutes.MAX_SERVERS, RingRoutes.Scheme.TREE);
        final int hops = maxHops(routes, RingRoutes.MAX_SERVERS);
        assertTrue(hops <= 6, "hops for " + RingRoutes.MAX_SERVERS + " servers: " + hops);
    }

    @Test
    void wrappingsTheRingCannotCarryAreRefused()
    {
        final RingRoutes seven = new RingRoutes(7, RingRoutes.Scheme.TREE);
        assertEquals(-1, seven.fromPeer((byte)'2'), "'2' belongs to the note's scheme only");
        assertEquals(-1, seven.fromPeer((byte)'x'));
        assertEquals(-1, seven.fromPeer((byte)'k'));
        assertEquals(-1, seven.fromPeer((byte)('A' + 4)), "span 6 is more than the 5 other servers a peer may cover");
        assertEquals(2, seven.fromPeer((byte)('A' + 3)));
        assertEquals(-1, new RingRoutes(2, RingRoutes.Scheme.TREE).fromPeer((byte)'1'), "+1 of +1 is the origin");
        assertThrows(IllegalArgumentException.class, () -> new RingRoutes(4, RingRoutes.Scheme.NOTE));
        assertThrows(IllegalArgumentException.class, () -> new RingRoutes(RingRoutes.MAX_SERVERS + 1,
            RingRoutes.Scheme.TREE));
    }

    private static void assertEveryServerOnce(final RingRoutes routes, final int n)
    {
        for (int origin = 0; origin < n; origin++)
        {
            final int[] count = reached(routes, n, origin);
            for (int server = 0; server < n; server++)
            {
                assertEquals(1, count[server], "ring of " + n + ", origin " + origin + ", server " + server);
            }
        }
    }

    /** Follows every forward from a client message at origin; counts how often each server gets it. */
    private static int[] reached(final RingRoutes routes, final int n, final int origin)
    {
        final int[] count = new int[n];
        final ArrayDeque<int[]> queue = new ArrayDeque<>(); // {server, wrap}
        count[origin]++;
        forward(routes, routes.fromClient(), origin, n, queue);
        while (!queue.isEmpty())
        {
            final int[] hop = queue.poll();
            count[hop[0]]++;
            final int forwards = routes.fromPeer((byte)hop[1]);
            assertTrue(forwards >= 0, "a wrapping the scheme produced is accepted: " + (char)hop[1]);
            forward(routes, forwards, hop[0], n, queue);
        }
        return count;
    }

    private static void forward(final RingRoutes routes, final int forwards, final int from, final int n,
        final ArrayDeque<int[]> queue)
    {
        final int[][] next = new int[forwards][];
        for (int i = 0; i < forwards; i++)
        {
            next[i] = new int[] {(from + routes.offset(i)) % n, routes.wrap(i)};
        }
        for (final int[] hop : next)
        {
            queue.add(hop);
        }
    }

    private static int maxHops(final RingRoutes routes, final int n)
    {
        int deepest = 0;
        final ArrayDeque<int[]> queue = new ArrayDeque<>(); // {server, wrap, depth}
        final int forwards = routes.fromClient();
        for (int i = 0; i < forwards; i++)
        {
            queue.add(new int[] {routes.offset(i), routes.wrap(i), 1});
        }
        while (!queue.isEmpty())
        {
            final int[] hop = queue.poll();
            deepest = Math.max(deepest, hop[2]);
            final int more = routes.fromPeer((byte)hop[1]);
            for (int i = 0; i < more; i++)
            {
                queue.add(new int[] {(hop[0] + routes.offset(i)) % n, routes.wrap(i), hop[2] + 1});
            }
        }
        return deepest;
    }
}
