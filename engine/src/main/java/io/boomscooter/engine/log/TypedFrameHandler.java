package io.boomscooter.engine.log;

import org.agrona.DirectBuffer;

/**
 * Receives every verified frame but PADDING from {@link LogReader#pollFrames}, with its type (see
 * {@link FrameTypes}): a consumer chooses what to decode and skips what it does not know. The buffer is valid
 * only during the call.
 */
@FunctionalInterface
public interface TypedFrameHandler
{
    void onFrame(
        int type, DirectBuffer buffer, int frameOffset, int frameLength, long seqno, long epoch, long timestampNs);
}
