package io.boomscooter.engine.log;

import org.agrona.DirectBuffer;

/**
 * Receives verified ENTRY frames from {@link LogReader#poll}. The buffer is the reader's mapping of the
 * segment and is valid only during the call: decode with a {@link LogEntryView}, or copy
 * {@code [frameOffset, frameOffset + frameLength)} to ship the frame verbatim.
 */
@FunctionalInterface
public interface LogFrameHandler
{
    void onFrame(DirectBuffer buffer, int frameOffset, int frameLength, long seqno, long epoch, long timestampNs);
}
