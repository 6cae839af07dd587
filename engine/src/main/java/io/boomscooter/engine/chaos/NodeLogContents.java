package io.boomscooter.engine.chaos;

import io.boomscooter.engine.log.LogEntryView;
import io.boomscooter.engine.log.LogReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One node's log as the checker sees it: for each seqno, the producer id and producer seqno of the entry there
 * (0 and 0 for a frame that is not an entry, such as a new leader's marker).
 */
final class NodeLogContents
{
    final int node;
    private long[] producerId = new long[1 << 16];
    private long[] producerSeqno = new long[1 << 16];
    private long lastSeqno;
    private String problem;

    private NodeLogContents(final int node)
    {
        this.node = node;
    }

    static NodeLogContents read(final int node, final Path logDir)
    {
        final NodeLogContents contents = new NodeLogContents(node);
        if (!Files.isDirectory(logDir))
        {
            return contents;
        }
        final LogEntryView view = new LogEntryView();
        try (LogReader reader = LogReader.open(logDir))
        {
            reader.seek(1);
            int polled;
            while ((polled = reader.poll((buffer, offset, length, seqno, epoch, timestampNs) ->
            {
                if (view.wrap(buffer, offset, length))
                {
                    contents.put(seqno, view.producerId(), view.producerSeqno());
                }
                else
                {
                    contents.put(seqno, 0, 0);
                }
            }, 10_000)) > 0)
            {
                // read to the end
            }
            if (polled < 0)
            {
                contents.problem = reader.corruptDescription();
            }
        }
        return contents;
    }

    private void put(final long seqno, final long id, final long ps)
    {
        if (seqno >= producerId.length)
        {
            final int length = (int)Math.max(seqno + 1, producerId.length * 2L);
            producerId = Arrays.copyOf(producerId, length);
            producerSeqno = Arrays.copyOf(producerSeqno, length);
        }
        producerId[(int)seqno] = id;
        producerSeqno[(int)seqno] = ps;
        lastSeqno = Math.max(lastSeqno, seqno);
    }

    long lastSeqno()
    {
        return lastSeqno;
    }

    long producerId(final long seqno)
    {
        return seqno <= lastSeqno ? producerId[(int)seqno] : -1;
    }

    long producerSeqno(final long seqno)
    {
        return seqno <= lastSeqno ? producerSeqno[(int)seqno] : -1;
    }

    /** @return a corruption the reader reported, or null. */
    String problem()
    {
        return problem;
    }
}
