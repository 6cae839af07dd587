package io.boomscooter.engine.cli;

import io.boomscooter.driver.DriverProfile;
import picocli.CommandLine;

/**
 * Parses {@code small} / {@code single-thread} / {@code low-latency}.
 */
public final class ProfileConverter implements CommandLine.ITypeConverter<DriverProfile>
{
    public DriverProfile convert(final String value)
    {
        try
        {
            return DriverProfile.parse(value);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.TypeConversionException(ex.getMessage());
        }
    }
}
