package io.boomscooter.engine.chaos;

import java.io.IOException;
import java.util.List;

/**
 * What a {@link ChaosRun} asks of whatever injects its faults: the random {@link Nemesis}, or one scripted
 * {@link Scenario}.
 */
interface FaultSchedule
{
    /** Injects or undoes a fault when one is due. */
    void tick(long nowNs) throws IOException, InterruptedException;

    /** Undoes the active fault, if any: the end of the run. */
    void healAll() throws IOException, InterruptedException;

    /** @return faults injected so far. */
    int injected();

    /** @return faults of one kind injected so far. */
    int injected(Nemesis.Fault fault);

    /** @return every injection and undo, with its time. */
    List<String> history();
}
