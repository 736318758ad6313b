using System.Text.Json.Nodes;

namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>Reads the discovery documents (/api/v1, /apis, /apis/{group}/{version}) as upstream's discovery client does.</summary>
internal static class ResourceDiscovery
{
    public static async Task<DiscoveryResult> DiscoverAsync(DynamicClient client, CancellationToken cancellationToken)
    {
        var resources = new List<ApiResource>();
        var preferred = new HashSet<string>(StringComparer.Ordinal) { "v1" };
        var failed = new Dictionary<string, string>(StringComparer.Ordinal);
        var groupVersions = new List<(string Group, string Version)> { ("", "v1") };
        var groups = await client.GetPathAsync("apis", cancellationToken).ConfigureAwait(false);
        foreach (var group in (groups["groups"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = Str(group, "name");
            foreach (var version in (group["versions"] as JsonArray ?? []).OfType<JsonObject>())
            {
                groupVersions.Add((name, Str(version, "version")));
            }

            if (group["preferredVersion"] is JsonObject preferredVersion)
            {
                preferred.Add(Str(preferredVersion, "groupVersion"));
            }
        }

        foreach (var (group, version) in groupVersions)
        {
            var path = group.Length == 0 ? "api/v1" : $"apis/{group}/{version}";
            JsonObject list;
            try
            {
                list = await client.GetPathAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ApiRequestException or HttpRequestException)
            {
                failed[group.Length == 0 ? version : $"{group}/{version}"] = e.Message;
                continue;
            }

            foreach (var resource in (list["resources"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var plural = Str(resource, "name");
                if (plural.Contains('/', StringComparison.Ordinal))
                {
                    continue;
                }

                var verbs = (resource["verbs"] as JsonArray ?? []).Select(v => v?.GetValue<string>() ?? "").ToHashSet(StringComparer.Ordinal);
                var namespaced = resource["namespaced"]?.GetValue<bool>() ?? false;
                resources.Add(new ApiResource(group, version, plural, Str(resource, "kind"), namespaced, verbs));
            }
        }

        return new DiscoveryResult(resources, preferred, failed);
    }

    private static string Str(JsonObject obj, string name) => obj[name]?.GetValue<string>() ?? "";
}
