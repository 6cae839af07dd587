package io.boomscooter.engine.cluster;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EpochHistoryTest
{
    private static EpochHistory history(final long[][] epochRanges)
    {
        final EpochHistory h = new EpochHistory();
        for (final long[] range : epochRanges)
        {
            for (long s = range[1]; s <= range[2]; s++)
            {
                h.onAppend(range[0], s);
            }
        }
        return h;
    }

    @Test
    void tracksEpochStartsAndEnds()
    {
        final EpochHistory h = history(new long[][]{{1, 1, 10}, {3, 11, 15}, {4, 16, 20}});
        assertEquals(4, h.lastEpoch());
        assertEquals(16, h.lastEpochStart());
        assertEquals(3, h.epochOf(12));
        assertEquals(10, h.endOf(1, 20));
        assertEquals(20, h.endOf(4, 20));
        assertEquals(-1, h.endOf(2, 20));
        h.truncateAfter(12);
        assertEquals(3, h.lastEpoch());
        assertThrows(IllegalStateException.class, () -> h.onAppend(2, 13));
    }

    @Test
    void agreementWithAReplicaThatHoldsTheSameEpochs()
    {
        final EpochHistory leader = history(new long[][]{{1, 1, 10}, {2, 11, 30}});
        assertEquals(25, leader.agreementPoint(30, 25, 2, 11), "replica behind in the same epoch");
        assertEquals(10, leader.agreementPoint(30, 12, 1, 1), "replica has epoch-1 entries past the leader's epoch 1");
        assertEquals(0, leader.agreementPoint(30, 0, 0, 0));
    }

    @Test
    void deposedLeaderTailIsCutBackEpochByEpoch()
    {
        // leader: epoch 1 up to 6, epoch 3 from 7; deposed node: epoch 1 up to 4, epoch 2 from 5 to 9
        final EpochHistory leader = history(new long[][]{{1, 1, 6}, {3, 7, 12}});
        final long first = leader.agreementPoint(12, 9, 2, 5);
        assertEquals(4, first, "epoch 2 is unknown to the leader: drop all of it");
        // the replica truncates to 4 (epoch 1) and asks again
        assertEquals(4, leader.agreementPoint(12, 4, 1, 1), "agreed: streaming resumes at 5");
    }
}
