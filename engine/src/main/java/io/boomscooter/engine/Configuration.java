package io.boomscooter.engine;

import io.boomscooter.driver.AeronDirectories;
import io.boomscooter.driver.DriverProfile;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Property names and defaults for a {@link Node}. Every setting can come from a system property or
 * from a node config file (Java properties format) with the same keys; a system property wins.
 */
public final class Configuration
{
    public static final String NODE_ID_PROP = "boomscooter.node.id";
    public static final String DATA_DIR_PROP = "boomscooter.data.dir";
    public static final String THREADING_MODE_PROP = "boomscooter.threading.mode";
    public static final String DRIVER_PROFILE_PROP = "boomscooter.driver.profile";
    public static final String DRIVER_EMBEDDED_PROP = "boomscooter.driver.embedded";
    public static final String AERON_DIR_PROP = "boomscooter.aeron.dir";
    public static final String IDLE_STRATEGY_PROP = "boomscooter.idle.strategy";
    public static final String ERROR_LOG_LENGTH_PROP = "boomscooter.error.log.length";
    /**
     * Fault injection for tests: the share of UDP data frames the embedded driver drops on receipt.
     */
    public static final String RECEIVE_LOSS_RATE_PROP = "boomscooter.driver.receive.loss.rate";

    public static final String DRIVER_TIMEOUT_MS_PROP = "boomscooter.driver.timeout.ms";
    /**
     * Longer than Aeron's 10 s: a loaded 2-core machine, or a wall-clock step, must not make a node
     * give up on its driver.
     */
    public static final int DRIVER_TIMEOUT_MS_DEFAULT = 30_000;

    public static final int NODE_ID_DEFAULT = 0;
    public static final String DATA_DIR_DEFAULT = "boomscooter-data";
    public static final ThreadingMode THREADING_MODE_DEFAULT = ThreadingMode.SHARED;
    public static final DriverProfile DRIVER_PROFILE_DEFAULT = DriverProfile.SMALL;
    public static final boolean DRIVER_EMBEDDED_DEFAULT = true;
    public static final int ERROR_LOG_LENGTH_DEFAULT = 1024 * 1024;

    private Configuration()
    {
    }

    /**
     * Reads a node config file.
     *
     * @param file path of a properties file.
     * @return its settings.
     * @throws IllegalArgumentException with the path and cause when it cannot be read.
     */
    public static Properties loadFile(final Path file)
    {
        if (!Files.isRegularFile(file))
        {
            throw new IllegalArgumentException("config file not found: " + file);
        }
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file))
        {
            properties.load(reader);
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + ex.getMessage(), ex);
        }
        return properties;
    }

    /**
     * @param file     settings from a config file, may be empty.
     * @param key      property name.
     * @param fallback value when neither a system property nor the file sets it.
     * @return the system property, else the file's value, else the fallback; trimmed.
     */
    public static String get(final Properties file, final String key, final String fallback)
    {
        final String value = System.getProperty(key, file.getProperty(key));
        return null == value ? fallback : value.trim();
    }

    /**
     * @param file     settings from a config file, may be empty.
     * @param key      property name.
     * @param fallback value when unset.
     * @return the value as an int.
     * @throws IllegalArgumentException naming the key when the value is not a number.
     */
    public static int getInt(final Properties file, final String key, final int fallback)
    {
        final String value = get(file, key, null);
        if (null == value)
        {
            return fallback;
        }
        try
        {
            return Integer.parseInt(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(key + " must be an integer, was '" + value + "'");
        }
    }

    /**
     * @return the value as a long.
     * @throws IllegalArgumentException naming the key when the value is not a number.
     */
    public static long getLong(final Properties file, final String key, final long fallback)
    {
        final String value = get(file, key, null);
        if (null == value)
        {
            return fallback;
        }
        try
        {
            return Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(key + " must be an integer, was '" + value + "'");
        }
    }

    /**
     * @return the standalone driver directory used when no embedded driver is wanted.
     */
    public static String defaultAeronDirectoryName()
    {
        return AeronDirectories.defaultDirectoryName();
    }
}
