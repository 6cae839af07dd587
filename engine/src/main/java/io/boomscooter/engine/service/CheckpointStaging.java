package io.boomscooter.engine.service;

import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Two buffers a service's checkpoint files are serialised into on the agent thread and handed to the
 * {@link CheckpointWriter}: one can be written to disk while the next is filled. Allocates only while a
 * buffer grows to the largest checkpoint.
 */
final class CheckpointStaging
{
    private final CheckpointWriter.Job[] jobs = new CheckpointWriter.Job[2];
    private final ExpandableDirectByteBuffer[] buffers = new ExpandableDirectByteBuffer[2];
    private final CRC32C crc = new CRC32C();
    private final byte[] crcScratch = new byte[8192];
    private final AtomicCounter writtenSeqno;
    private int claimed = -1;

    CheckpointStaging(final CheckpointStore store, final AtomicCounter writtenSeqno)
    {
        this.writtenSeqno = writtenSeqno;
        for (int i = 0; i < jobs.length; i++)
        {
            jobs[i] = new CheckpointWriter.Job(store);
            buffers[i] = new ExpandableDirectByteBuffer(64 * 1024);
        }
    }

    /**
     * @return a buffer to write a whole checkpoint file into from offset 0 (it grows as written), or null when
     * both are still being written.
     */
    MutableDirectBuffer claim()
    {
        pollWritten();
        for (int i = 0; i < jobs.length; i++)
        {
            if (jobs[i].isDone())
            {
                claimed = i;
                return buffers[i];
            }
        }
        return null;
    }

    /**
     * Seals the claimed buffer ({@code bodyLength} bytes of header and sections, then the CRC) and hands it over.
     *
     * @return false when the writer's queue is full (the checkpoint is skipped).
     */
    boolean submit(final CheckpointWriter writer, final int bodyLength, final long seqno)
    {
        final ExpandableDirectByteBuffer out = buffers[claimed];
        final int length = CheckpointFile.seal(out, bodyLength, crc, crcScratch);
        final ByteBuffer bytes = out.byteBuffer().duplicate();
        bytes.limit(length).position(0);
        final boolean submitted = writer.submit(jobs[claimed], bytes, seqno);
        claimed = -1;
        return submitted;
    }

    /**
     * Publishes the seqno of the newest checkpoint on disk to the counter.
     */
    void pollWritten()
    {
        for (final CheckpointWriter.Job job : jobs)
        {
            if (job.isDone() && job.writtenSeqno > writtenSeqno.get())
            {
                writtenSeqno.setRelease(job.writtenSeqno);
            }
        }
    }
}
