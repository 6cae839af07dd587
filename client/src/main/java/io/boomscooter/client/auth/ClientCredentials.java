package io.boomscooter.client.auth;

import java.nio.file.Path;

/**
 * What a client proves itself with: a principal's name and key, read from a credentials file (the node's
 * format; the file may hold just this principal). Keys never come from the command line.
 */
public final class ClientCredentials
{
    private final String principal;
    private final byte[] key;

    public ClientCredentials(final String principal, final byte[] key)
    {
        if (key.length < Credentials.MIN_KEY_BYTES || key.length > Credentials.MAX_KEY_BYTES)
        {
            throw new CredentialsException("a key has " + Credentials.MIN_KEY_BYTES + " to " +
                Credentials.MAX_KEY_BYTES + " bytes");
        }
        this.principal = principal;
        this.key = key.clone();
    }

    /**
     * @param principal the principal to use, or null when the file holds exactly one.
     * @throws CredentialsException when the file is refused or does not name the principal.
     */
    public static ClientCredentials fromFile(final Path file, final String principal)
    {
        final Credentials all = Credentials.read(file);
        final String name;
        if (null != principal)
        {
            name = principal;
        }
        else if (all.names().size() == 1)
        {
            name = all.names().iterator().next();
        }
        else
        {
            throw new CredentialsException(file + " holds " + all.names().size() +
                " principals: say which one to use");
        }
        final Credentials.Principal p = all.principal(name);
        if (null == p)
        {
            throw new CredentialsException(file + " has no principal '" + name + "'");
        }
        return new ClientCredentials(name, p.key());
    }

    public String principal()
    {
        return principal;
    }

    /**
     * Signs a challenge: writes the 32-byte proof to out at offset.
     */
    public void prove(final AuthProof proof, final String purpose, final byte[] nonce, final int nonceOffset,
        final long a, final long b, final long c, final byte[] out, final int offset)
    {
        proof.sign(key, AuthProof.message(purpose, nonce, nonceOffset, principal, a, b, c), out, offset);
    }
}
