package io.boomscooter.engine.service;

import io.boomscooter.engine.Configuration;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Which services a node hosts and when they checkpoint (docs/services.md). From a node's properties:
 * <pre>
 *   boomscooter.services=counter=io.boomscooter.engine.service.CounterService,other=com.example.Other
 *   boomscooter.services.log=1                       the hosted log the calls go through
 *   boomscooter.services.checkpoint.calls=100000     checkpoint after this many calls (0: never by count)
 *   boomscooter.services.checkpoint.interval.ms=10000  ...or after this long with calls handled (0: never)
 *   boomscooter.services.trim=false                  release log segments all services checkpointed past
 * </pre>
 * Each class needs a public no-argument constructor; it is created once per node start.
 */
public final class ServiceSettings
{
    public static final String SERVICES_PROP = "boomscooter.services";
    public static final String LOG_PROP = "boomscooter.services.log";
    public static final String CHECKPOINT_CALLS_PROP = "boomscooter.services.checkpoint.calls";
    public static final String CHECKPOINT_INTERVAL_PROP = "boomscooter.services.checkpoint.interval.ms";
    public static final String TRIM_PROP = "boomscooter.services.trim";
    public static final long CHECKPOINT_CALLS_DEFAULT = 100_000;
    public static final long CHECKPOINT_INTERVAL_MS_DEFAULT = 10_000;

    private final Map<String, Supplier<Service>> services = new LinkedHashMap<>();
    private final List<AmbrosiaSettings> ambrosia = new ArrayList<>();
    private int logId = 1;
    private long checkpointEveryCalls = CHECKPOINT_CALLS_DEFAULT;
    private boolean trim;
    private long checkpointIntervalNs = TimeUnit.MILLISECONDS.toNanos(CHECKPOINT_INTERVAL_MS_DEFAULT);

    /**
     * @return true when the properties name Java services or AMBROSIA coordinators.
     */
    public static boolean isEnabled(final Properties properties)
    {
        final String value = Configuration.get(properties, SERVICES_PROP, null);
        return (null != value && !value.isBlank()) || AmbrosiaSettings.isEnabled(properties);
    }

    /**
     * @throws IllegalArgumentException naming the property at fault.
     */
    public static ServiceSettings from(final Properties properties)
    {
        final ServiceSettings settings = new ServiceSettings();
        for (final String item : Configuration.get(properties, SERVICES_PROP, "").split(","))
        {
            final String trimmed = item.trim();
            if (trimmed.isEmpty())
            {
                continue;
            }
            final int eq = trimmed.indexOf('=');
            if (eq <= 0 || eq == trimmed.length() - 1)
            {
                throw new IllegalArgumentException(SERVICES_PROP + ": expected name=class, got '" + trimmed + "'");
            }
            final String name = trimmed.substring(0, eq).trim();
            final String className = trimmed.substring(eq + 1).trim();
            checkClass(name, className);
            settings.service(name, () -> instantiate(name, className));
        }
        for (final AmbrosiaSettings coordinator : AmbrosiaSettings.from(properties))
        {
            settings.ambrosia(coordinator);
        }
        settings.logId(Configuration.getInt(properties, LOG_PROP, 1));
        settings.trim(Boolean.parseBoolean(Configuration.get(properties, TRIM_PROP, "false")));
        settings.checkpointEveryCalls(Configuration.getLong(properties, CHECKPOINT_CALLS_PROP, CHECKPOINT_CALLS_DEFAULT));
        final long intervalMs = Configuration.getLong(properties, CHECKPOINT_INTERVAL_PROP,
            CHECKPOINT_INTERVAL_MS_DEFAULT);
        if (intervalMs < 0)
        {
            throw new IllegalArgumentException(CHECKPOINT_INTERVAL_PROP + " must be >= 0: " + intervalMs);
        }
        settings.checkpointIntervalNs(TimeUnit.MILLISECONDS.toNanos(intervalMs));
        return settings;
    }

    private static void checkClass(final String name, final String className)
    {
        try
        {
            if (!Service.class.isAssignableFrom(Class.forName(className)))
            {
                throw new IllegalArgumentException(SERVICES_PROP + ": " + className + " (service " + name +
                    ") does not implement " + Service.class.getName());
            }
        }
        catch (final ClassNotFoundException ex)
        {
            throw new IllegalArgumentException(SERVICES_PROP + ": no class " + className + " for service " + name +
                " on the class path");
        }
    }

    private static Service instantiate(final String name, final String className)
    {
        try
        {
            final Object instance = Class.forName(className).getDeclaredConstructor().newInstance();
            if (!(instance instanceof Service))
            {
                throw new IllegalArgumentException(SERVICES_PROP + ": " + className + " (service " + name +
                    ") does not implement " + Service.class.getName());
            }
            return (Service)instance;
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalArgumentException(SERVICES_PROP + ": cannot create " + className + " for service " +
                name + ": " + ex, ex);
        }
    }

    /**
     * Adds a service; {@code factory} is called once when the node starts.
     */
    public ServiceSettings service(final String name, final Supplier<Service> factory)
    {
        final String problem = ServiceCalls.checkName(name);
        if (null != problem)
        {
            throw new IllegalArgumentException(SERVICES_PROP + ": " + problem);
        }
        if (ambrosia.stream().anyMatch(a -> a.name().equals(name)) || null != services.putIfAbsent(name, factory))
        {
            throw new IllegalArgumentException(SERVICES_PROP + ": service " + name + " is named twice");
        }
        return this;
    }

    /**
     * Adds an AMBROSIA coordinator endpoint for a service in another language.
     */
    public ServiceSettings ambrosia(final AmbrosiaSettings coordinator)
    {
        if (services.containsKey(coordinator.name()) ||
            ambrosia.stream().anyMatch(a -> a.name().equals(coordinator.name())))
        {
            throw new IllegalArgumentException("service " + coordinator.name() + " is named twice");
        }
        ambrosia.add(coordinator);
        return this;
    }

    public List<AmbrosiaSettings> ambrosia()
    {
        return Collections.unmodifiableList(ambrosia);
    }

    public Map<String, Supplier<Service>> services()
    {
        return Collections.unmodifiableMap(services);
    }

    public List<String> names()
    {
        return new ArrayList<>(services.keySet());
    }

    public ServiceSettings logId(final int logId)
    {
        this.logId = logId;
        return this;
    }

    public int logId()
    {
        return logId;
    }

    /**
     * @param trim release log segments every service has checkpointed past and every member holds.
     */
    public ServiceSettings trim(final boolean trim)
    {
        this.trim = trim;
        return this;
    }

    public boolean trim()
    {
        return trim;
    }

    public ServiceSettings checkpointEveryCalls(final long calls)
    {
        if (calls < 0)
        {
            throw new IllegalArgumentException(CHECKPOINT_CALLS_PROP + " must be >= 0: " + calls);
        }
        this.checkpointEveryCalls = calls;
        return this;
    }

    public long checkpointEveryCalls()
    {
        return checkpointEveryCalls;
    }

    public ServiceSettings checkpointIntervalNs(final long intervalNs)
    {
        this.checkpointIntervalNs = intervalNs;
        return this;
    }

    public long checkpointIntervalNs()
    {
        return checkpointIntervalNs;
    }
}
