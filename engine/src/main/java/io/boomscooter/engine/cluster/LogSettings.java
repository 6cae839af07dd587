package io.boomscooter.engine.cluster;

import io.boomscooter.engine.Configuration;

import java.util.Locale;
import java.util.Properties;

/**
 * How one hosted log is replicated: its quorum and whether it has a solitary producer that assigns
 * its own seqnos.
 */
public final class LogSettings
{
    private final int logId;
    private final QuorumPolicy quorum;
    private final boolean solitaryProducer;

    public LogSettings(final int logId, final QuorumPolicy quorum, final boolean solitaryProducer)
    {
        if (logId < 0)
        {
            throw new IllegalArgumentException("log id must be >= 0: " + logId);
        }
        this.logId = logId;
        this.quorum = quorum;
        this.solitaryProducer = solitaryProducer;
    }

    static LogSettings from(final Properties file, final int logId)
    {
        final String prefix = "boomscooter.log." + logId + ".";
        final QuorumPolicy quorum = QuorumPolicy.parse(Configuration.get(file, prefix + "quorum", "majority"));
        final String producer = Configuration.get(file, prefix + "producer", "multi").toLowerCase(Locale.ROOT);
        if (!producer.equals("multi") && !producer.equals("solitary"))
        {
            throw new IllegalArgumentException(prefix + "producer must be multi or solitary, was '" + producer + "'");
        }
        return new LogSettings(logId, quorum, producer.equals("solitary"));
    }

    public int logId()
    {
        return logId;
    }

    public QuorumPolicy quorum()
    {
        return quorum;
    }

    public boolean solitaryProducer()
    {
        return solitaryProducer;
    }
}
