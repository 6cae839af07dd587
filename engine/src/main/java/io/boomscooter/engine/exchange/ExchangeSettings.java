package io.boomscooter.engine.exchange;

import io.boomscooter.engine.Configuration;

import java.util.Locale;
import java.util.Properties;

/**
 * An exchange endpoint's settings, named as gofast names them where gofast has them ({@code buffersize},
 * {@code batchsize}, {@code tags}, {@code gzip.level}, {@code opaque.start}, {@code opaque.end}, a flush period and
 * a heartbeat period), each a {@code boomscooter.exchange.*} key in a node file or a system property (a system
 * property wins). {@code docs/exchanges.md} has the table.
 */
public final class ExchangeSettings
{
    public static final String PREFIX = "boomscooter.exchange.";

    /** Opaques a dialling side uses by default: outside gofast's own default (1000–5000) and the listener's. */
    public static final long DIAL_OPAQUE_START = 22_099;
    public static final long DIAL_OPAQUE_END = 55_798;
    /** Opaques an accepting side uses by default. */
    public static final long ACCEPT_OPAQUE_START = 55_800;
    public static final long ACCEPT_OPAQUE_END = 89_499;

    String name = "boomscooter";
    long version = 1;
    int bufferSize = 512;
    int batchSize = 1;
    long flushPeriodNs = 1_000_000;
    long heartbeatPeriodNs = 1_000_000_000L;
    long silenceTimeoutNs = 5_000_000_000L;
    String tags = "";
    int gzipLevel = 1;
    long dialOpaqueStart = DIAL_OPAQUE_START;
    long dialOpaqueEnd = DIAL_OPAQUE_END;
    long acceptOpaqueStart = ACCEPT_OPAQUE_START;
    long acceptOpaqueEnd = ACCEPT_OPAQUE_END;
    GofastTags numbering = GofastTags.CURRENT;
    int sendBufferLength = 4 * 1024 * 1024;

    /**
     * Every {@code boomscooter.exchange.*} key of a node file (or system property).
     *
     * @throws IllegalArgumentException naming the key at fault.
     */
    public static ExchangeSettings from(final Properties file)
    {
        final ExchangeSettings s = new ExchangeSettings();
        s.name(Configuration.get(file, PREFIX + "name", s.name));
        s.bufferSize(Configuration.getInt(file, PREFIX + "buffersize", s.bufferSize));
        s.batchSize(Configuration.getInt(file, PREFIX + "batchsize", s.batchSize));
        s.flushPeriodNs(Configuration.getInt(file, PREFIX + "flush.period.us", (int)(s.flushPeriodNs / 1000)) * 1000L);
        s.heartbeatPeriodNs(
            Configuration.getInt(file, PREFIX + "heartbeat.ms", (int)(s.heartbeatPeriodNs / 1_000_000)) * 1_000_000L);
        s.silenceTimeoutNs(
            Configuration.getInt(file, PREFIX + "silence.ms", (int)(s.silenceTimeoutNs / 1_000_000)) * 1_000_000L);
        s.tags(Configuration.get(file, PREFIX + "tags", s.tags));
        s.gzipLevel(Configuration.getInt(file, PREFIX + "gzip.level", s.gzipLevel));
        final String start = Configuration.get(file, PREFIX + "opaque.start", null);
        final String end = Configuration.get(file, PREFIX + "opaque.end", null);
        if (null != start || null != end)
        {
            if (null == start || null == end)
            {
                throw new IllegalArgumentException(PREFIX + "opaque.start and opaque.end go together");
            }
            final long from = Long.parseLong(start.trim());
            final long to = Long.parseLong(end.trim());
            s.opaques(from, to, from, to);
        }
        final String numbering = Configuration.get(file, PREFIX + "numbering", "current").trim();
        switch (numbering.toLowerCase(Locale.ROOT))
        {
            case "current":
                s.numbering(GofastTags.CURRENT);
                break;
            case "seed":
                s.numbering(GofastTags.SEED);
                break;
            default:
                throw new IllegalArgumentException(PREFIX + "numbering must be current or seed: " + numbering);
        }
        return s;
    }

    /** @param name sent in whoami, at most 255 bytes. */
    public ExchangeSettings name(final String name)
    {
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255)
        {
            throw new IllegalArgumentException(PREFIX + "name longer than 255 bytes");
        }
        this.name = name;
        return this;
    }

    /** @param version sent in whoami as a CBOR unsigned integer. */
    public ExchangeSettings version(final long version)
    {
        this.version = version;
        return this;
    }

    /** @param bufferSize the longest packet this side accepts (announced in whoami); 64..1 MiB, default 512. */
    public ExchangeSettings bufferSize(final int bufferSize)
    {
        if (bufferSize < 64 || bufferSize > 1024 * 1024)
        {
            throw new IllegalArgumentException(PREFIX + "buffersize must be in 64..1048576: " + bufferSize);
        }
        this.bufferSize = bufferSize;
        return this;
    }

    /** @param batchSize frames held back and written together; 1 (default) writes each on the duty cycle. */
    public ExchangeSettings batchSize(final int batchSize)
    {
        if (batchSize < 1 || batchSize > 1024)
        {
            throw new IllegalArgumentException(PREFIX + "batchsize must be in 1..1024: " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** @param flushPeriodNs a batch not yet full is written after at most this long (batchsize above 1). */
    public ExchangeSettings flushPeriodNs(final long flushPeriodNs)
    {
        if (flushPeriodNs <= 0)
        {
            throw new IllegalArgumentException(PREFIX + "flush.period.us must be positive");
        }
        this.flushPeriodNs = flushPeriodNs;
        return this;
    }

    /** @param heartbeatPeriodNs a heartbeat post goes to each peer this often; 0 sends none. */
    public ExchangeSettings heartbeatPeriodNs(final long heartbeatPeriodNs)
    {
        if (heartbeatPeriodNs < 0)
        {
            throw new IllegalArgumentException(PREFIX + "heartbeat.ms must not be negative");
        }
        this.heartbeatPeriodNs = heartbeatPeriodNs;
        return this;
    }

    /** @param silenceTimeoutNs a peer that sends nothing for this long is closed; 0 never closes one. */
    public ExchangeSettings silenceTimeoutNs(final long silenceTimeoutNs)
    {
        if (silenceTimeoutNs < 0)
        {
            throw new IllegalArgumentException(PREFIX + "silence.ms must not be negative");
        }
        this.silenceTimeoutNs = silenceTimeoutNs;
        return this;
    }

    /**
     * @param tags comma-separated compressions this side accepts, announced in whoami ({@code gzip}, {@code lzw});
     *             a peer compresses what it sends here with them. Split on commas, not trimmed (as gofast).
     */
    public ExchangeSettings tags(final String tags)
    {
        for (final String tag : tags.split(","))
        {
            if (!tag.isBlank() && !"gzip".equals(tag) && !"lzw".equals(tag))
            {
                throw new IllegalArgumentException(PREFIX + "tags holds an unknown tag '" + tag +
                    "' (gzip and lzw are known; no spaces around commas)");
            }
        }
        this.tags = tags;
        return this;
    }

    /** @param gzipLevel 1 (gofast's default, BestSpeed) to 9. */
    public ExchangeSettings gzipLevel(final int gzipLevel)
    {
        if (gzipLevel < 1 || gzipLevel > 9)
        {
            throw new IllegalArgumentException(PREFIX + "gzip.level must be in 1..9: " + gzipLevel);
        }
        this.gzipLevel = gzipLevel;
        return this;
    }

    /**
     * Opaque ranges (inclusive) for exchanges this side opens on connections it dials and on those it accepts.
     * The two ends of a connection must use disjoint ranges: a request and a response are told apart only by
     * whose opaque they carry. The range size bounds the exchanges in flight per connection.
     */
    public ExchangeSettings opaques(
        final long dialStart, final long dialEnd, final long acceptStart, final long acceptEnd)
    {
        checkRange(dialStart, dialEnd);
        checkRange(acceptStart, acceptEnd);
        this.dialOpaqueStart = dialStart;
        this.dialOpaqueEnd = dialEnd;
        this.acceptOpaqueStart = acceptStart;
        this.acceptOpaqueEnd = acceptEnd;
        return this;
    }

    /** @param numbering {@link GofastTags#CURRENT} (default) or the note's older {@link GofastTags#SEED}. */
    public ExchangeSettings numbering(final GofastTags numbering)
    {
        this.numbering = numbering;
        if (numbering == GofastTags.SEED && dialOpaqueStart == DIAL_OPAQUE_START && acceptOpaqueEnd == ACCEPT_OPAQUE_END)
        {
            // The defaults lie beyond the older numbering's opaque space: split what it has.
            dialOpaqueStart = 10_000;
            dialOpaqueEnd = 32_999;
            acceptOpaqueStart = 33_000;
            acceptOpaqueEnd = 55_797;
        }
        checkRange(dialOpaqueStart, dialOpaqueEnd);
        checkRange(acceptOpaqueStart, acceptOpaqueEnd);
        return this;
    }

    /** @param sendBufferLength bytes queued per connection before sends are back-pressured (default 4 MiB). */
    public ExchangeSettings sendBufferLength(final int sendBufferLength)
    {
        this.sendBufferLength = sendBufferLength;
        return this;
    }

    private void checkRange(final long start, final long end)
    {
        if (start > end || !numbering.isOpaque(start) && start < numbering.opaqueMin || end > numbering.opaqueMax)
        {
            throw new IllegalArgumentException(PREFIX + "opaque range " + start + ".." + end + " is not inside " +
                numbering.opaqueMin + ".." + numbering.opaqueMax);
        }
    }

    public int bufferSize()
    {
        return bufferSize;
    }

    public String tags()
    {
        return tags;
    }

    public GofastTags numbering()
    {
        return numbering;
    }

    public String toString()
    {
        return "name=" + name + " version=" + version + " buffersize=" + bufferSize + " batchsize=" + batchSize +
            " tags=" + tags + " numbering=" + numbering.name().toLowerCase(Locale.ROOT);
    }
}
