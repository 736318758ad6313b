using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.Kubelet.Streaming;

/// <summary>The query of a containerLogs request, as the API server forwards PodLogOptions.</summary>
internal sealed record ContainerLogOptions
{
    public bool Follow { get; init; }

    public bool Previous { get; init; }

    public bool Timestamps { get; init; }

    public long? TailLines { get; init; }

    public long? LimitBytes { get; init; }

    public long? SinceSeconds { get; init; }

    public DateTimeOffset? SinceTime { get; init; }

    /// <summary>Parses the query; a malformed value is a <see cref="FormatException"/> with the message to return.</summary>
    public static ContainerLogOptions Parse(IQueryCollection query) => new()
    {
        Follow = Bool(query, "follow"),
        Previous = Bool(query, "previous"),
        Timestamps = Bool(query, "timestamps"),
        TailLines = Long(query, "tailLines"),
        LimitBytes = Long(query, "limitBytes"),
        SinceSeconds = Long(query, "sinceSeconds"),
        SinceTime = query.TryGetValue("sinceTime", out var t) && t.ToString().Length > 0
            ? DateTimeOffset.TryParse(t.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since)
                ? since
                : throw new FormatException($"invalid sinceTime {t}")
            : null,
    };

    /// <summary>The earliest log time wanted, from sinceTime or sinceSeconds.</summary>
    public DateTimeOffset? Since(DateTimeOffset now) => SinceTime ?? (SinceSeconds is { } s ? now.AddSeconds(-s) : null);

    private static bool Bool(IQueryCollection query, string key) =>
        query.TryGetValue(key, out var v) && v.ToString() is "true" or "1" or "True";

    private static long? Long(IQueryCollection query, string key)
    {
        if (!query.TryGetValue(key, out var v) || v.ToString().Length == 0)
        {
            return null;
        }

        return long.TryParse(v.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new FormatException($"invalid {key} {v}");
    }
}
