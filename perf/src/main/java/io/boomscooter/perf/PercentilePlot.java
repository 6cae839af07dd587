package io.boomscooter.perf;

import org.HdrHistogram.Histogram;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A percentile-distribution chart in the style of HdrHistogram's plotter: x = 1 / (1 - percentile) on
 * a log scale, so 90%, 99%, 99.9% ... sit at equal spacing; y = latency in microseconds, linear.
 * Drawn with java.awt on a headless image.
 */
final class PercentilePlot
{
    static
    {
        if (null == System.getProperty("java.awt.headless"))
        {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static final int NINES = 5;
    private static final int POINTS = 400;
    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd)
    };
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;

    private final String title;
    private final Map<String, Histogram> series;
    private final int width;
    private final int height;

    PercentilePlot(final String title, final Map<String, Histogram> series, final int width, final int height)
    {
        if (width < 200 || height < 150)
        {
            throw new IllegalArgumentException("plot must be at least 200 x 150, was " + width + " x " + height);
        }
        this.title = title;
        this.series = series;
        this.width = width;
        this.height = height;
    }

    void writePng(final Path file)
    {
        final BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        try
        {
            draw(g);
        }
        finally
        {
            g.dispose();
        }
        try
        {
            if (!ImageIO.write(image, "png", file.toFile()))
            {
                throw new IOException("no PNG writer in this JVM");
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private void draw(final Graphics2D g)
    {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        final int plotW = width - LEFT - RIGHT;
        final int plotH = height - TOP - BOTTOM;
        final double maxUs = niceCeiling(maxMicros());

        g.setColor(new Color(0xdddddd));
        for (int nine = 0; nine <= NINES; nine++)
        {
            final int x = LEFT + (int)Math.round(plotW * nine / (double)NINES);
            g.drawLine(x, TOP, x, TOP + plotH);
        }
        for (int tick = 0; tick <= 5; tick++)
        {
            final int y = TOP + plotH - (int)Math.round(plotH * tick / 5.0);
            g.drawLine(LEFT, y, LEFT + plotW, y);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotW, plotH);

        int index = 0;
        for (final Map.Entry<String, Histogram> entry : series.entrySet())
        {
            g.setColor(COLORS[index % COLORS.length]);
            g.setStroke(new BasicStroke(2f));
            drawSeries(g, entry.getValue(), plotW, plotH, maxUs);
            index++;
        }
        g.setStroke(new BasicStroke(1f));
        labels(g, plotW, plotH, maxUs);
    }

    private void drawSeries(final Graphics2D g, final Histogram h, final int plotW, final int plotH,
        final double maxUs)
    {
        if (h.getTotalCount() == 0)
        {
            return;
        }
        int prevX = -1;
        int prevY = -1;
        for (int i = 0; i <= POINTS; i++)
        {
            // position along the log axis, 0 .. NINES decades
            final double decades = NINES * i / (double)POINTS;
            final double percentile = 100.0 * (1.0 - Math.pow(10, -decades));
            final double us = h.getValueAtPercentile(percentile) / 1000.0;
            final int x = LEFT + (int)Math.round(plotW * decades / NINES);
            final int y = TOP + plotH - (int)Math.round(plotH * Math.min(us / maxUs, 1.0));
            if (prevX >= 0)
            {
                g.drawLine(prevX, prevY, x, y);
            }
            prevX = x;
            prevY = y;
        }
    }

    private void labels(final Graphics2D g, final int plotW, final int plotH, final double maxUs)
    {
        // text needs fonts; a JVM without any still gets the lines, just unlabelled
        try
        {
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title, LEFT, TOP - 20);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            final String[] xLabels = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"};
            for (int nine = 0; nine <= NINES; nine++)
            {
                final int x = LEFT + (int)Math.round(plotW * nine / (double)NINES);
                // centre each label under its line, but keep the last one inside the image
                final int labelWidth = g.getFontMetrics().stringWidth(xLabels[nine]);
                g.drawString(xLabels[nine], Math.min(x - labelWidth / 2, width - labelWidth - 2), TOP + plotH + 18);
            }
            g.drawString("percentile", LEFT + plotW / 2 - 30, TOP + plotH + 42);
            for (int tick = 0; tick <= 5; tick++)
            {
                final int y = TOP + plotH - (int)Math.round(plotH * tick / 5.0);
                g.drawString(format(maxUs * tick / 5.0), 8, y + 4);
            }
            final Graphics2D rotated = (Graphics2D)g.create();
            rotated.rotate(-Math.PI / 2);
            rotated.drawString("latency (us)", -(TOP + plotH / 2 + 35), 14);
            rotated.dispose();

            int index = 0;
            for (final String name : series.keySet())
            {
                final int y = TOP + 18 + index * 18;
                g.setColor(COLORS[index % COLORS.length]);
                g.fillRect(LEFT + 12, y - 9, 14, 10);
                g.setColor(Color.BLACK);
                g.drawString(name, LEFT + 32, y);
                index++;
            }
        }
        catch (final RuntimeException | Error ex)
        {
            // no fonts: keep the chart
        }
    }

    private double maxMicros()
    {
        long max = 0;
        for (final Histogram h : series.values())
        {
            max = Math.max(max, h.getTotalCount() == 0 ? 0 : h.getMaxValue());
        }
        return Math.max(1.0, max / 1000.0);
    }

    /**
     * @return 1, 2 or 5 times a power of ten, at least the value: round axis ticks.
     */
    static double niceCeiling(final double value)
    {
        final double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (final double step : new double[]{ 1, 2, 5, 10 })
        {
            if (step * magnitude >= value)
            {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String format(final double us)
    {
        return us >= 100 ? String.format("%.0f", us) : String.format("%.1f", us);
    }
}
