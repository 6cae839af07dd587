package io.boomscooter.perf;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyReportTest
{
    @TempDir
    Path dir;

    private static Map<String, Histogram> series()
    {
        final Histogram ours = new Histogram(10_000_000_000L, 3);
        final Histogram raw = new Histogram(10_000_000_000L, 3);
        for (int i = 1; i <= 10_000; i++)
        {
            ours.recordValue(20_000L + i * 7L);
            raw.recordValue(10_000L + i * 3L);
        }
        ours.recordValue(5_000_000L);
        final Map<String, Histogram> series = new LinkedHashMap<>();
        series.put("boomscooter", ours);
        series.put("raw aeron", raw);
        return series;
    }

    @Test
    void histogramLogReadsBackWithTheSameCountsPerSeries() throws Exception
    {
        final Map<String, Histogram> series = series();
        final Path[] files = LatencyReport.write(dir.resolve("out"), "latency", "test run", series);
        assertEquals(dir.resolve("out").resolve("latency.hlog"), files[0]);

        final HistogramLogReader reader = new HistogramLogReader(files[0].toFile());
        final Map<String, Histogram> read = new LinkedHashMap<>();
        EncodableHistogram next;
        while (null != (next = reader.nextIntervalHistogram()))
        {
            read.put(next.getTag(), (Histogram)next);
        }
        assertEquals(2, read.size());
        final Histogram ours = read.get("boomscooter");
        final Histogram raw = read.get("raw_aeron");
        assertNotNull(ours);
        assertNotNull(raw);
        assertEquals(series.get("boomscooter").getTotalCount(), ours.getTotalCount());
        assertEquals(series.get("raw aeron").getTotalCount(), raw.getTotalCount());
        assertEquals(series.get("boomscooter").getMaxValue(), ours.getMaxValue());
        assertEquals(series.get("raw aeron").getValueAtPercentile(99), raw.getValueAtPercentile(99));
        // the caller's histograms keep no tag from the writer
        assertNull(series.get("boomscooter").getTag());
    }

    @Test
    void plotIsAValidPngOfTheRequestedSizeWithEachSeriesDrawn() throws Exception
    {
        final Path png = LatencyReport.writePercentilePlot(dir.resolve("p.png"), "title", series(), 640, 400);
        final byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(new byte[]{ (byte)0x89, 'P', 'N', 'G' }, java.util.Arrays.copyOf(bytes, 4));
        final BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image);
        assertEquals(640, image.getWidth());
        assertEquals(400, image.getHeight());
        // both series colours appear somewhere: the lines were drawn
        boolean blue = false;
        boolean red = false;
        for (int x = 0; x < image.getWidth(); x++)
        {
            for (int y = 0; y < image.getHeight(); y++)
            {
                final int rgb = image.getRGB(x, y) & 0xFFFFFF;
                blue |= rgb == 0x1f77b4;
                red |= rgb == 0xd62728;
            }
        }
        assertTrue(blue && red, "series lines missing");
        assertNotEquals(0, bytes.length);
    }

    @Test
    void niceCeilingRoundsUpToOneTwoOrFive()
    {
        assertEquals(1.0, PercentilePlot.niceCeiling(0.7), 1e-9);
        assertEquals(200.0, PercentilePlot.niceCeiling(130), 1e-9);
        assertEquals(5000.0, PercentilePlot.niceCeiling(4100), 1e-9);
        assertEquals(10.0, PercentilePlot.niceCeiling(10), 1e-9);
    }
}
