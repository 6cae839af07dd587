package io.boomscooter.perf;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the machine looked like during a run, so a reader can judge the figures: cores the JVM sees,
 * load averages (another build on a 2-core box moves every number), JVM version.
 */
public final class BenchEnvironment
{
    private BenchEnvironment()
    {
    }

    public static int cores()
    {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * @return the 1-minute load average, or -1 where the OS does not say.
     */
    public static double loadAverage()
    {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /**
     * @return "/proc/loadavg" as is (1, 5, 15 minutes) or the 1-minute figure elsewhere.
     */
    public static String loadAverages()
    {
        try
        {
            final String line = Files.readString(Path.of("/proc/loadavg")).trim();
            final String[] parts = line.split("\\s+");
            return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : line;
        }
        catch (final IOException | RuntimeException ex)
        {
            return String.format("%.2f", loadAverage());
        }
    }

    public static String jvm()
    {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.version");
    }
}
