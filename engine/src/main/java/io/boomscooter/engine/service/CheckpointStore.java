package io.boomscooter.engine.service;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One service's checkpoint files on one node: {@code <data-dir>/services/<name>/checkpoint-<seqno>.bcp},
 * written whole to a temporary file, forced, then renamed, so a crash leaves the previous one intact.
 * The newest {@link #KEEP} are kept. Blocking I/O: called at start and from the {@link CheckpointWriter}
 * thread, never from a duty cycle.
 */
public final class CheckpointStore
{
    static final int KEEP = 3;
    private static final String PREFIX = "checkpoint-";
    private static final String SUFFIX = ".bcp";

    private final Path dir;
    private final String name;

    public CheckpointStore(final Path dataDir, final String name)
    {
        this.dir = dataDir.resolve("services").resolve(name);
        this.name = name;
    }

    public Path dir()
    {
        return dir;
    }

    /**
     * @return the checkpoint files, newest (highest seqno) first.
     */
    public List<Path> files()
    {
        final List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir))
        {
            return files;
        }
        try (Stream<Path> entries = Files.list(dir))
        {
            entries.filter(p -> seqnoOf(p) >= 0).forEach(files::add);
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException("cannot list " + dir, ex);
        }
        files.sort(Comparator.comparingLong(CheckpointStore::seqnoOf).reversed());
        return files;
    }

    static long seqnoOf(final Path file)
    {
        final String fileName = file.getFileName().toString();
        if (!fileName.startsWith(PREFIX) || !fileName.endsWith(SUFFIX))
        {
            return -1;
        }
        try
        {
            return Long.parseLong(fileName.substring(PREFIX.length(), fileName.length() - SUFFIX.length()));
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    /**
     * @param onInvalid told about each file skipped as torn or corrupt, with the reason.
     * @return the bytes of the newest intact checkpoint, or null when there is none.
     */
    public byte[] loadNewest(final Consumer<String> onInvalid)
    {
        final CheckpointFile file = new CheckpointFile();
        for (final Path path : files())
        {
            final byte[] bytes;
            try
            {
                bytes = Files.readAllBytes(path);
            }
            catch (final IOException ex)
            {
                onInvalid.accept(path + ": " + ex);
                continue;
            }
            if (file.wrap(new UnsafeBuffer(bytes), 0, bytes.length, name))
            {
                return bytes;
            }
            onInvalid.accept(path + ": " + file.reason());
        }
        return null;
    }

    /**
     * What a checkpoint file holds, for tools and tests.
     */
    public static final class Snapshot
    {
        public final long seqno;
        public final long outputs;
        public final long callsMade;
        public final long callsHandled;
        public final int pendingBytes;
        public final byte[] state;

        Snapshot(final CheckpointFile file, final DirectBuffer buffer)
        {
            seqno = file.seqno();
            outputs = file.outputs();
            callsMade = file.callsMade();
            callsHandled = file.callsHandled();
            pendingBytes = file.pendingLength();
            state = new byte[file.stateLength()];
            buffer.getBytes(file.stateOffset(), state);
        }
    }

    /**
     * @return what the file holds, or null when it is torn, corrupt or another service's.
     */
    public Snapshot read(final Path path)
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(path);
        }
        catch (final IOException ex)
        {
            return null;
        }
        final CheckpointFile file = new CheckpointFile();
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        return file.wrap(buffer, 0, bytes.length, name) ? new Snapshot(file, buffer) : null;
    }

    /**
     * @return the newest intact checkpoint, or null.
     */
    public Snapshot readNewest()
    {
        final byte[] bytes = loadNewest(reason -> { });
        if (null == bytes)
        {
            return null;
        }
        final CheckpointFile file = new CheckpointFile();
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        file.wrap(buffer, 0, bytes.length, name);
        return new Snapshot(file, buffer);
    }

    /**
     * Writes a checkpoint durably and prunes old ones.
     */
    void write(final long seqno, final ByteBuffer bytes) throws IOException
    {
        Files.createDirectories(dir);
        final Path target = dir.resolve(String.format("%s%020d%s", PREFIX, seqno, SUFFIX));
        final Path temp = dir.resolve(target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            while (bytes.hasRemaining())
            {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dirChannel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            dirChannel.force(true);
        }
        catch (final IOException ignore)
        {
            // some file systems cannot sync a directory; the rename is still atomic
        }
        final List<Path> files = files();
        for (int i = KEEP; i < files.size(); i++)
        {
            Files.deleteIfExists(files.get(i));
        }
    }
}
