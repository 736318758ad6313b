namespace KubeSharp.Controllers.Common;

/// <summary>Lookups in the models' label and annotation maps, which are IDictionary and may be null.</summary>
internal static class Maps
{
    public static string? Get(IDictionary<string, string>? map, string key)
        => map is not null && map.TryGetValue(key, out var value) ? value : null;
}
