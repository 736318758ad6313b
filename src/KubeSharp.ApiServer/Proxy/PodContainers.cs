using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Objects;

namespace KubeSharp.ApiServer.Proxy;

/// <summary>Which container a log/exec/attach request means, defaulted and checked as upstream's validateContainer does.</summary>
internal static class PodContainers
{
    public static string Resolve(JsonObject pod, string container)
    {
        var name = Meta.Name(pod);
        var spec = pod["spec"] as JsonObject;
        // Upstream visits init containers, then containers, then ephemeral containers.
        var all = new[] { "initContainers", "containers", "ephemeralContainers" }
            .SelectMany(field => (spec?[field] as JsonArray)?.OfType<JsonObject>() ?? [])
            .Select(c => Meta.GetString(c, "name") ?? "")
            .ToList();
        if (container.Length > 0)
        {
            return all.Contains(container) ? container : throw ApiException.BadRequest($"container {container} is not valid for pod {name}");
        }

        var regular = (spec?["containers"] as JsonArray)?.OfType<JsonObject>().Select(c => Meta.GetString(c, "name") ?? "").ToList() ?? [];
        return regular.Count switch
        {
            1 => regular[0],
            0 => throw ApiException.BadRequest($"a container name must be specified for pod {name}"),
            _ => throw ApiException.BadRequest($"a container name must be specified for pod {name}, choose one of: [{string.Join(' ', all)}]"),
        };
    }
}
