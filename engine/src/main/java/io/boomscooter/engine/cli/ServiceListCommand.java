package io.boomscooter.engine.cli;

import io.boomscooter.engine.service.CheckpointStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
        "List the services a node has checkpointed and their checkpoints, newest first: the log seqno each",
        "includes, calls handled, outputs made, bytes of state and of outputs not yet logged. The oldest seqno",
        "among the services' newest checkpoints is where a replay would start: the log before it may be trimmed."})
final class ServiceListCommand implements Callable<Integer>
{
    @Option(names = "--data-dir", required = true, description = "The node's data directory.")
    Path dataDir;

    @Option(names = "--json", description = "One JSON object per checkpoint.")
    boolean json;

    public Integer call() throws IOException
    {
        final Path services = dataDir.resolve("services");
        if (!Files.isDirectory(services))
        {
            System.err.println("no services under " + services);
            return 1;
        }
        final List<String> names = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(services))
        {
            dirs.filter(Files::isDirectory).forEach(d -> names.add(d.getFileName().toString()));
        }
        names.sort(String::compareTo);
        long replayFrom = Long.MAX_VALUE;
        for (final String name : names)
        {
            final CheckpointStore store = new CheckpointStore(dataDir, name);
            final CheckpointStore.Snapshot newest = store.readNewest();
            replayFrom = Math.min(replayFrom, null == newest ? 0 : newest.seqno);
            if (!json)
            {
                System.out.println("service " + name + (null == newest ? ": no intact checkpoint" : ""));
            }
            for (final Path file : store.files())
            {
                final CheckpointStore.Snapshot s = store.read(file);
                if (json)
                {
                    final JsonLine line = new JsonLine().put("service", name).put("file", file.toString());
                    if (null == s)
                    {
                        line.put("intact", false);
                    }
                    else
                    {
                        line.put("intact", true).put("seqno", s.seqno).put("calls_handled", s.callsHandled)
                            .put("outputs", s.outputs).put("state_bytes", s.state.length)
                            .put("pending_output_bytes", s.pendingBytes);
                    }
                    System.out.println(line);
                }
                else
                {
                    System.out.println(null == s ? "  " + file.getFileName() + ": torn or corrupt, skipped" :
                        String.format("  seqno %d: calls handled %d, outputs %d, state %d B, pending outputs %d B  (%s)",
                        s.seqno, s.callsHandled, s.outputs, s.state.length, s.pendingBytes, file.getFileName()));
                }
            }
        }
        if (!json && !names.isEmpty())
        {
            System.out.println("replay after a restart starts after seqno " + replayFrom);
        }
        return 0;
    }
}
