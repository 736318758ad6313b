namespace KubeSharp.Controllers.Common;

/// <summary>Lookups in the models' label and annotation maps, which are IDictionary and may be null.</summary>
internal static class Maps
{
    public static string? Get(IDictionary<string, string>? map, string key)
        => map is not null && map.TryGetValue(key, out var value) ? value : null;

    /// <summary>Whether two maps (labels, annotations) hold the same pairs; null and empty are the same.</summary>
    public static bool Same(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        var left = a ?? new Dictionary<string, string>();
        var right = b ?? new Dictionary<string, string>();
        return left.Count == right.Count && left.All(p => right.TryGetValue(p.Key, out var v) && v == p.Value);
    }
}
