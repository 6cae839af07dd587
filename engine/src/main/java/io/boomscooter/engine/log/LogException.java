package io.boomscooter.engine.log;

/**
 * A log cannot be opened or used as asked: not a log directory, locked by another writer, bad argument
 * to a log operation. The message says which file and why.
 */
public class LogException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public LogException(final String message)
    {
        super(message);
    }

    public LogException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
