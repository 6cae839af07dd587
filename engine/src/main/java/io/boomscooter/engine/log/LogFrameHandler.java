package io.boomscooter.engine.log;

import org.agrona.DirectBuffer;

/**
 * Receives verified ENTRY frames from {@link LogReader#poll}; frames of other types are stepped over (their
 * seqnos are not delivered, so a consumer sees gaps where leader markers or family frames sit). The buffer is
 * the reader's mapping of the segment and is valid only during the call: decode with a {@link LogEntryView}, or
 * copy {@code [frameOffset, frameOffset + frameLength)} to ship the frame verbatim. A consumer that wants every
 * type implements {@link TypedFrameHandler} and calls {@link LogReader#pollFrames}.
 */
@FunctionalInterface
public interface LogFrameHandler
{
    void onFrame(DirectBuffer buffer, int frameOffset, int frameLength, long seqno, long epoch, long timestampNs);
}
