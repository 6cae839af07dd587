package io.boomscooter.perf.demo;

import io.boomscooter.driver.DriverProfile;

/**
 * What the demo runs.
 */
final class DemoSettings
{
    DriverProfile profile = DriverProfile.SMALL;
    long rate = 20_000;
    int size = 32;
    long seconds = 20;
    long warmupSeconds = 2;
    long count;
}
