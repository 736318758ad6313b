using System.Globalization;
using KubeSharp.Api.Errors;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Proxy;

/// <summary>PodLogOptions from a pods/log query, converted and validated as upstream does before asking the kubelet.</summary>
internal sealed record PodLogQuery
{
    public string Container { get; init; } = "";

    public bool Follow { get; init; }

    public bool Previous { get; init; }

    public bool Timestamps { get; init; }

    public long? SinceSeconds { get; init; }

    public string? SinceTime { get; init; }

    public long? TailLines { get; init; }

    public long? LimitBytes { get; init; }

    /// <summary>Parses the query: an unparsable value is a 400, an out-of-range one a 422 (Invalid PodLogOptions).</summary>
    public static PodLogQuery Parse(IQueryCollection query, string podName)
    {
        var result = new PodLogQuery
        {
            Container = query["container"].ToString(),
            Follow = Bool(query, "follow"),
            Previous = Bool(query, "previous"),
            Timestamps = Bool(query, "timestamps"),
            SinceSeconds = Long(query, "sinceSeconds"),
            TailLines = Long(query, "tailLines"),
            LimitBytes = Long(query, "limitBytes"),
            SinceTime = query["sinceTime"].ToString() is { Length: > 0 } t ? Time(t) : null,
        };
        var errors = new List<FieldError>();
        if (result.TailLines is < 0)
        {
            errors.Add(FieldError.Invalid("tailLines", result.TailLines, "must be greater than or equal to 0"));
        }

        if (result.LimitBytes is < 1)
        {
            errors.Add(FieldError.Invalid("limitBytes", result.LimitBytes, "must be greater than 0"));
        }

        if (result.SinceSeconds is not null && result.SinceTime is not null)
        {
            errors.Add(FieldError.Forbidden("", "at most one of `sinceTime` or `sinceSeconds` may be specified"));
        }

        if (result.SinceSeconds is < 1)
        {
            errors.Add(FieldError.Invalid("sinceSeconds", result.SinceSeconds, "must be greater than 0"));
        }

        if (errors.Count > 0)
        {
            throw ApiException.Invalid("", "PodLogOptions", podName, errors);
        }

        return result;
    }

    /// <summary>The kubelet's containerLogs query.</summary>
    public string KubeletQuery()
    {
        var parts = new List<string>();
        if (Follow)
        {
            parts.Add("follow=true");
        }

        if (Previous)
        {
            parts.Add("previous=true");
        }

        if (Timestamps)
        {
            parts.Add("timestamps=true");
        }

        if (SinceSeconds is { } s)
        {
            parts.Add("sinceSeconds=" + s.ToString(CultureInfo.InvariantCulture));
        }

        if (SinceTime is { } t)
        {
            parts.Add("sinceTime=" + Uri.EscapeDataString(t));
        }

        if (TailLines is { } tail)
        {
            parts.Add("tailLines=" + tail.ToString(CultureInfo.InvariantCulture));
        }

        if (LimitBytes is { } limit)
        {
            parts.Add("limitBytes=" + limit.ToString(CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    private static bool Bool(IQueryCollection query, string key) => query[key].ToString() switch
    {
        "" => false,
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        var value => throw ApiException.BadRequest($"strconv.ParseBool: parsing \"{value}\": invalid syntax"),
    };

    private static long? Long(IQueryCollection query, string key)
    {
        var value = query[key].ToString();
        if (value.Length == 0)
        {
            return null;
        }

        return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw ApiException.BadRequest($"strconv.ParseInt: parsing \"{value}\": invalid syntax");
    }

    private static string Time(string value) =>
        DateTimeOffset.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var t)
            ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : throw ApiException.BadRequest($"parsing time \"{value}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"{value}\" as \"2006\"");
}
