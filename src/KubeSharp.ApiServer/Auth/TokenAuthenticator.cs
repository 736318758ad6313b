using System.Security.Cryptography;
using System.Text;

namespace KubeSharp.ApiServer.Auth;

/// <summary>
/// Static bearer tokens (upstream's token file authenticator). Tokens are kept as SHA-256 digests and compared in
/// constant time against every entry, so neither a match nor its position leaks through timing.
/// </summary>
internal sealed class TokenAuthenticator
{
    private readonly Lock _lock = new();
    private List<(byte[] Digest, UserInfo User)> _entries = [];

    public void Add(string token, UserInfo user)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        lock (_lock)
        {
            var entries = _entries.Where(e => !CryptographicOperations.FixedTimeEquals(e.Digest, digest)).ToList();
            entries.Add((digest, user));
            _entries = entries;
        }
    }

    /// <summary>The user of an <c>Authorization: Bearer &lt;token&gt;</c> header; null when absent or unknown.</summary>
    public UserInfo? Authenticate(string? authorizationHeader)
    {
        var header = authorizationHeader?.Trim();
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        // As upstream: the scheme is case-insensitive and the token is the second space-separated part.
        var parts = header.Split(' ', 3);
        if (parts.Length < 2 || !parts[0].Equals("bearer", StringComparison.OrdinalIgnoreCase) || parts[1].Length == 0)
        {
            return null;
        }

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(parts[1]));
        UserInfo? found = null;
        foreach (var (candidate, user) in Volatile.Read(ref _entries))
        {
            if (CryptographicOperations.FixedTimeEquals(candidate, digest))
            {
                found = user;
            }
        }

        return found;
    }
}
