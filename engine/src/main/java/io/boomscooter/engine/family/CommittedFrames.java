package io.boomscooter.engine.family;

/**
 * Placeholder until log format 2 (typed frames) is merged.
 */
public final class CommittedFrames implements AutoCloseable
{
    public void close()
    {
    }
}
