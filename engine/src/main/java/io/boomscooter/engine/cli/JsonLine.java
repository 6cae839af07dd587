package io.boomscooter.engine.cli;

/**
 * Builds one JSON object on one line, for {@code --json} output a script can read line by line.
 * Not for hot paths: it builds a String.
 */
public final class JsonLine
{
    private final StringBuilder sb = new StringBuilder(128).append('{');
    private boolean first = true;

    public JsonLine put(final String key, final long value)
    {
        key(key).append(value);
        return this;
    }

    public JsonLine put(final String key, final double value)
    {
        if (Double.isFinite(value))
        {
            key(key).append(value);
        }
        else
        {
            key(key).append("null");
        }
        return this;
    }

    public JsonLine put(final String key, final boolean value)
    {
        key(key).append(value);
        return this;
    }

    public JsonLine put(final String key, final String value)
    {
        if (null == value)
        {
            key(key).append("null");
        }
        else
        {
            quote(key(key), value);
        }
        return this;
    }

    /**
     * @param key  field name.
     * @param json an already-encoded JSON value (object, array, number).
     * @return this.
     */
    public JsonLine putRaw(final String key, final String json)
    {
        key(key).append(json);
        return this;
    }

    /**
     * @param h latencies in nanoseconds.
     * @return a JSON object of its percentiles in microseconds: p50, p90, p99, p999, max, count.
     */
    public static String percentilesUs(final org.HdrHistogram.Histogram h)
    {
        return new JsonLine().put("p50", h.getValueAtPercentile(50) / 1e3).put("p90", h.getValueAtPercentile(90) / 1e3)
            .put("p99", h.getValueAtPercentile(99) / 1e3).put("p999", h.getValueAtPercentile(99.9) / 1e3)
            .put("max", h.getMaxValue() / 1e3).put("count", h.getTotalCount()).toString();
    }

    private StringBuilder key(final String key)
    {
        if (!first)
        {
            sb.append(',');
        }
        first = false;
        return quote(sb, key).append(':');
    }

    static StringBuilder quote(final StringBuilder out, final String value)
    {
        out.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        out.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        out.append(c);
                    }
            }
        }
        return out.append('"');
    }

    public String toString()
    {
        return sb.toString() + '}';
    }
}
