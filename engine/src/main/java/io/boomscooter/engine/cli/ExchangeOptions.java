package io.boomscooter.engine.cli;

import io.boomscooter.engine.exchange.ExchangeSettings;
import io.boomscooter.engine.exchange.GofastTags;
import picocli.CommandLine.Option;

/**
 * Options every {@code boomscooter exchange} command shares: gofast's settings, by gofast's names.
 */
final class ExchangeOptions
{
    @Option(names = "--tags", defaultValue = "",
        description = "Compressions this side accepts, sent in whoami: gzip, lzw or gzip,lzw (default: none).")
    String tags;

    @Option(names = "--buffer-size", defaultValue = "512",
        description = "Longest packet this side accepts (gofast buffersize; default: ${DEFAULT-VALUE}).")
    int bufferSize;

    @Option(names = "--batch-size", defaultValue = "1",
        description = "Frames held back and written together (gofast batchsize; default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--flush-us", defaultValue = "1000",
        description = "A batch not yet full is written after this long (default: ${DEFAULT-VALUE}).")
    int flushUs;

    @Option(names = "--heartbeat-ms", defaultValue = "1000",
        description = "Heartbeat period; 0 sends none (default: ${DEFAULT-VALUE}).")
    int heartbeatMs;

    @Option(names = "--silence-ms", defaultValue = "5000",
        description = "Close a peer that sends nothing for this long; 0 never (default: ${DEFAULT-VALUE}).")
    int silenceMs;

    @Option(names = "--numbering", defaultValue = "current",
        description = "Tag numbering: current (tagMsg 43) or seed (the note's older tagMsg 37).")
    String numbering;

    @Option(names = "--opaques", description = "START-END: opaques for exchanges this side opens (must not " +
        "overlap the peer's; defaults: 22099-55798 when dialling, 55800-89499 when accepting).")
    String opaques;

    ExchangeSettings settings(final String name)
    {
        final ExchangeSettings s = new ExchangeSettings().name(name).tags(tags).bufferSize(bufferSize)
            .batchSize(batchSize).flushPeriodNs(flushUs * 1000L).heartbeatPeriodNs(heartbeatMs * 1_000_000L)
            .silenceTimeoutNs(silenceMs * 1_000_000L);
        switch (numbering)
        {
            case "current":
                break;
            case "seed":
                s.numbering(GofastTags.SEED);
                break;
            default:
                throw new IllegalArgumentException("--numbering must be current or seed: " + numbering);
        }
        if (null != opaques)
        {
            final String[] range = opaques.split("-");
            if (range.length != 2)
            {
                throw new IllegalArgumentException("--opaques must be START-END: " + opaques);
            }
            final long start = Long.parseLong(range[0].trim());
            final long end = Long.parseLong(range[1].trim());
            s.opaques(start, end, start, end);
        }
        return s;
    }
}
