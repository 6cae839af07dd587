package io.boomscooter.engine.log;

/**
 * The log could not reserve the blocks of its next segment (or index): the file system is full or refuses to
 * grow. Appends that need the new segment are refused with this; everything already appended stays readable,
 * and the writer tries again once space may have been freed. See {@link LogWriter#diskFullCount()}.
 */
public final class LogDiskFullException extends LogException
{
    private static final long serialVersionUID = 1L;

    public LogDiskFullException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
