package io.boomscooter.engine.log;

/**
 * Data in a log failed a check: bad checksum, impossible length, seqno gap, foreign or missing segment.
 * Carries the seqno expected at that point and the byte offset in the named file, so a person can find it.
 */
public final class LogCorruptionException extends LogException
{
    private static final long serialVersionUID = 1L;

    private final long seqno;
    private final long fileOffset;
    private final String file;
    private final String reason;

    public LogCorruptionException(final long seqno, final String file, final long fileOffset, final String reason)
    {
        super("corrupt log at seqno " + seqno + " in " + file + " at offset " + fileOffset + ": " + reason);
        this.seqno = seqno;
        this.fileOffset = fileOffset;
        this.file = file;
        this.reason = reason;
    }

    /** @return the seqno expected where the corruption was found. */
    public long seqno()
    {
        return seqno;
    }

    public long fileOffset()
    {
        return fileOffset;
    }

    public String file()
    {
        return file;
    }

    public String reason()
    {
        return reason;
    }
}
