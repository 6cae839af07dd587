package io.boomscooter.client.auth;

import org.agrona.collections.IntHashSet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Principals and their secret keys, read from a credentials file (docs/authentication.md):
 * <pre>
 * # principal = hex key [hex key ...] [logs=1,2]
 * alice  = 8f3a...64 hex digits...   logs=1
 * node-1 = 19c0...                   # a cluster member
 * </pre>
 * A key is 16 to 64 bytes written in hex; a principal may list several keys while a key is rotated (each is
 * accepted); {@code logs=} limits the logs a producer principal may write (all when absent). The file must
 * not be readable by group or others, like an ssh key: it is refused otherwise. Immutable once read.
 */
public final class Credentials
{
    public static final int MIN_KEY_BYTES = 16;
    public static final int MAX_KEY_BYTES = 64;
    public static final int MAX_PRINCIPAL_LENGTH = 64;

    private final Map<String, Principal> principals;

    private Credentials(final Map<String, Principal> principals)
    {
        this.principals = principals;
    }

    /**
     * @return the principal of that name, or null.
     */
    public Principal principal(final String name)
    {
        return principals.get(name);
    }

    /**
     * @return names of every principal, in file order.
     */
    public Set<String> names()
    {
        return Collections.unmodifiableSet(principals.keySet());
    }

    /**
     * Reads and checks a credentials file.
     *
     * @throws CredentialsException naming the file, the line and what is wrong.
     */
    public static Credentials read(final Path file)
    {
        checkPermissions(file);
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new CredentialsException("cannot read credentials file " + file + ": " + ex, ex);
        }
        return parse(file.toString(), lines);
    }

    /**
     * Parses credentials from lines (the file's permissions are the caller's business).
     */
    public static Credentials parse(final String source, final List<String> lines)
    {
        final Map<String, Principal> principals = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++)
        {
            final String where = source + " line " + (i + 1);
            String line = lines.get(i);
            final int hash = line.indexOf('#');
            if (hash >= 0)
            {
                line = line.substring(0, hash);
            }
            line = line.strip();
            if (line.isEmpty())
            {
                continue;
            }
            final int eq = line.indexOf('=');
            if (eq <= 0)
            {
                throw new CredentialsException(where + ": expected 'principal = hex key [logs=1,2]'");
            }
            final String name = line.substring(0, eq).strip();
            checkName(where, name);
            if (principals.containsKey(name))
            {
                throw new CredentialsException(where + ": principal '" + name + "' appears twice");
            }
            principals.put(name, parsePrincipal(where, name, line.substring(eq + 1).strip()));
        }
        return new Credentials(principals);
    }

    private static Principal parsePrincipal(final String where, final String name, final String rest)
    {
        final List<byte[]> keys = new ArrayList<>();
        IntHashSet logs = null;
        for (final String word : rest.split("\\s+"))
        {
            if (word.isEmpty())
            {
                continue;
            }
            if (word.startsWith("logs="))
            {
                logs = parseLogs(where, word.substring(5));
            }
            else
            {
                keys.add(parseKey(where, word));
            }
        }
        if (keys.isEmpty())
        {
            throw new CredentialsException(where + ": principal '" + name + "' has no key");
        }
        return new Principal(name, keys, logs);
    }

    private static IntHashSet parseLogs(final String where, final String list)
    {
        final IntHashSet logs = new IntHashSet();
        for (final String id : list.split(","))
        {
            try
            {
                logs.add(Integer.parseInt(id.strip()));
            }
            catch (final NumberFormatException ex)
            {
                throw new CredentialsException(where + ": logs= wants log ids separated by commas, not '" + list + "'");
            }
        }
        return logs;
    }

    private static byte[] parseKey(final String where, final String hex)
    {
        final byte[] key;
        try
        {
            key = HexFormat.of().parseHex(hex);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CredentialsException(where + ": a key is written in hex digits (an even number of them)");
        }
        if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES)
        {
            throw new CredentialsException(where + ": a key has " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES +
                " bytes, this one " + key.length + " (" + hex.length() + " hex digits)");
        }
        return key;
    }

    private static void checkName(final String where, final String name)
    {
        if (name.isEmpty() || name.length() > MAX_PRINCIPAL_LENGTH)
        {
            throw new CredentialsException(where + ": a principal's name has 1 to " + MAX_PRINCIPAL_LENGTH +
                " characters");
        }
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            if (c <= ' ' || c >= 127)
            {
                throw new CredentialsException(where + ": a principal's name is printable ASCII without spaces");
            }
        }
    }

    /**
     * Refuses a file that group or others may read or write (where the file system has POSIX permissions).
     */
    public static void checkPermissions(final Path file)
    {
        final PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (null == view)
        {
            return;
        }
        final Set<PosixFilePermission> permissions;
        try
        {
            permissions = view.readAttributes().permissions();
        }
        catch (final IOException ex)
        {
            throw new CredentialsException("cannot read credentials file " + file + ": " + ex, ex);
        }
        for (final PosixFilePermission p : permissions)
        {
            switch (p)
            {
                case OWNER_READ:
                case OWNER_WRITE:
                    break;
                default:
                    throw new CredentialsException("credentials file " + file + " is accessible to group or others (" +
                        java.nio.file.attribute.PosixFilePermissions.toString(permissions) +
                        "): refused; chmod 600 it");
            }
        }
    }

    /**
     * One principal: its keys (any of them proves it) and the logs it may write (null: every log).
     */
    public static final class Principal
    {
        private final String name;
        private final List<byte[]> keys;
        private final IntHashSet logs;

        Principal(final String name, final List<byte[]> keys, final IntHashSet logs)
        {
            this.name = name;
            this.keys = List.copyOf(keys);
            this.logs = logs;
        }

        public String name()
        {
            return name;
        }

        /**
         * @return the first key, the one a client signs with.
         */
        public byte[] key()
        {
            return keys.get(0).clone();
        }

        public int keyCount()
        {
            return keys.size();
        }

        byte[] keyAt(final int index)
        {
            return keys.get(index);
        }

        /**
         * @return whether this principal may write to the log.
         */
        public boolean allowsLog(final int logId)
        {
            return null == logs || logs.contains(logId);
        }

        /**
         * @return the key the proof was made with (the principal's own array), or null when none of its keys.
         */
        public byte[] provingKey(final AuthProof proof, final byte[] expectedMessage, final byte[] mac, final int macOffset)
        {
            byte[] found = null;
            for (int i = 0; i < keys.size(); i++)
            {
                if (proof.matches(keys.get(i), expectedMessage, mac, macOffset) && null == found)
                {
                    found = keys.get(i);
                }
            }
            return found;
        }

        /**
         * @return whether this principal still holds that key (after the file was re-read).
         */
        public boolean holdsKey(final byte[] key)
        {
            for (int i = 0; i < keys.size(); i++)
            {
                if (java.security.MessageDigest.isEqual(keys.get(i), key))
                {
                    return true;
                }
            }
            return false;
        }

        /**
         * @return whether the proof was made with one of this principal's keys.
         */
        public boolean verifies(final AuthProof proof, final byte[] expectedMessage, final byte[] mac, final int macOffset)
        {
            boolean ok = false;
            for (int i = 0; i < keys.size(); i++)
            {
                ok |= proof.matches(keys.get(i), expectedMessage, mac, macOffset);
            }
            return ok;
        }
    }
}
