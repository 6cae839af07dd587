package io.boomscooter.engine.rudp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Reads the shared 32-byte key from a file (never from the command line): 32 raw bytes or 64 hex digits (a
 * trailing newline allowed). Refuses a file that group or others may read, as ssh does with private keys.
 */
public final class RudpKeyFile
{
    private RudpKeyFile()
    {
    }

    public static byte[] read(final Path file) throws IOException
    {
        try
        {
            final Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            for (final PosixFilePermission open : new PosixFilePermission[]{PosixFilePermission.GROUP_READ,
                PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE})
            {
                if (permissions.contains(open))
                {
                    throw new IllegalArgumentException("key file " + file + " is readable or writable by others (" +
                        java.nio.file.attribute.PosixFilePermissions.toString(permissions) + "): chmod 600 it");
                }
            }
        }
        catch (final UnsupportedOperationException ex)
        {
            // not a POSIX file system: nothing to check
        }
        final byte[] bytes = Files.readAllBytes(file);
        if (bytes.length == 32)
        {
            return bytes;
        }
        final String text = new String(bytes, StandardCharsets.US_ASCII).trim();
        if (text.length() == 64 && text.chars().allMatch(c -> Character.digit(c, 16) >= 0))
        {
            final byte[] key = new byte[32];
            for (int i = 0; i < 32; i++)
            {
                key[i] = (byte)Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
            }
            return key;
        }
        throw new IllegalArgumentException("key file " + file + " holds neither 32 bytes nor 64 hex digits");
    }
}
