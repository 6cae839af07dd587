package io.boomscooter.perf;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Report artefacts for a latency run: an HdrHistogram log (one interval histogram per series, tagged
 * with the series name, values in nanoseconds; readable with {@code HistogramLogReader} and HdrHistogram's
 * plotting tools) and a percentile-distribution PNG of the same series.
 * <pre>
 * Map&lt;String, Histogram&gt; series = new LinkedHashMap&lt;&gt;();
 * series.put("boomscooter", ours.histogram());
 * series.put("raw aeron", raw.histogram());
 * LatencyReport.write(outputDir, "latency", "producer-to-commit vs raw Aeron RTT", series);
 * </pre>
 */
public final class LatencyReport
{
    public static final int DEFAULT_WIDTH = 1000;
    public static final int DEFAULT_HEIGHT = 600;

    private LatencyReport()
    {
    }

    /**
     * Writes {@code <baseName>.hlog} and {@code <baseName>.png} into the directory (created if needed).
     *
     * @param series name to histogram of nanoseconds, in legend order.
     * @return the two files, hlog first.
     */
    public static Path[] write(final Path outputDir, final String baseName, final String title,
        final Map<String, Histogram> series)
    {
        try
        {
            Files.createDirectories(outputDir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final Path hlog = writeHistogramLog(outputDir.resolve(baseName + ".hlog"), title, series);
        final Path png = writePercentilePlot(outputDir.resolve(baseName + ".png"), title, series,
            DEFAULT_WIDTH, DEFAULT_HEIGHT);
        return new Path[]{ hlog, png };
    }

    /**
     * @param file    where to write.
     * @param comment a "#" comment line at the top of the log.
     * @param series  name to histogram; each becomes one interval histogram tagged with its name.
     * @return the file.
     */
    public static Path writeHistogramLog(final Path file, final String comment, final Map<String, Histogram> series)
    {
        final long nowMs = System.currentTimeMillis();
        try (OutputStream out = Files.newOutputStream(file);
            java.io.PrintStream print = new java.io.PrintStream(out, false, "UTF-8"))
        {
            final HistogramLogWriter writer = new HistogramLogWriter(print);
            writer.outputComment(comment.replace('\n', ' '));
            writer.outputComment("values in nanoseconds");
            writer.outputLogFormatVersion();
            writer.outputStartTime(nowMs);
            writer.setBaseTime(nowMs);
            writer.outputLegend();
            for (final Map.Entry<String, Histogram> entry : series.entrySet())
            {
                final Histogram copy = entry.getValue().copy();
                // a tag may not hold separators of the log line
                copy.setTag(entry.getKey().replaceAll("[\\s,=]", "_"));
                copy.setStartTimeStamp(nowMs);
                copy.setEndTimeStamp(nowMs);
                writer.outputIntervalHistogram(copy);
            }
            print.flush();
            if (print.checkError())
            {
                throw new IOException("error writing " + file);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return file;
    }

    /**
     * Draws latency against percentile on a log scale (0% .. 99.999%), one line per series.
     *
     * @return the file.
     */
    public static Path writePercentilePlot(final Path file, final String title, final Map<String, Histogram> series,
        final int width, final int height)
    {
        new PercentilePlot(title, series, width, height).writePng(file);
        return file;
    }
}
