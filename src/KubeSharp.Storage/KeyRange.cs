namespace KubeSharp.Storage;

/// <summary>Turns a key prefix into the half-open range [prefix, end) that holds exactly the keys with that prefix.</summary>
internal static class KeyRange
{
    /// <summary>Greater than every key: used as the end of the range of the empty prefix.</summary>
    public const string Infinity = "\U0010FFFF\U0010FFFF";

    /// <summary>The prefix with its last character incremented (trailing U+FFFF characters are dropped first).</summary>
    public static string PrefixEnd(string prefix)
    {
        var end = prefix.TrimEnd(char.MaxValue);
        if (end.Length == 0)
        {
            return Infinity;
        }

        return string.Concat(end.AsSpan(0, end.Length - 1), [(char)(end[^1] + 1)]);
    }

    /// <summary>Where a page starts: the later of the prefix and the caller's start key.</summary>
    public static string Start(string prefix, string? startKey) =>
        startKey is not null && string.CompareOrdinal(startKey, prefix) > 0 ? startKey : prefix;
}
