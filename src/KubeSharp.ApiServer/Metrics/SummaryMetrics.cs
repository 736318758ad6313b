using System.Text.Json.Nodes;
using KubeSharp.Api.Objects;

namespace KubeSharp.ApiServer.Metrics;

/// <summary>
/// Reads the usage metrics-server reports out of a kubelet's /stats/summary: cpu usageNanoCores and memory
/// workingSetBytes of the node and of each pod's containers. A node or pod without a cpu rate yet (the kubelet needs two
/// samples) is left out, as metrics-server leaves out what it has no rate for.
/// </summary>
internal static class SummaryMetrics
{
    public static NodeUsage? Node(JsonObject summary)
    {
        var node = summary["node"] as JsonObject;
        var cpu = node?["cpu"] as JsonObject;
        if (Unsigned(cpu?["usageNanoCores"]) is not { } nanoCores || Meta.ParseTime(Meta.GetString(cpu, "time")) is not { } time)
        {
            return null;
        }

        var memory = Unsigned((node!["memory"] as JsonObject)?["workingSetBytes"]);
        return memory is { } bytes ? new NodeUsage(time, nanoCores, bytes) : null;
    }

    public static IReadOnlyList<PodUsage> Pods(JsonObject summary)
    {
        var result = new List<PodUsage>();
        foreach (var pod in (summary["pods"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var podRef = pod["podRef"] as JsonObject;
            var name = Meta.GetString(podRef, "name");
            var ns = Meta.GetString(podRef, "namespace");
            var containers = (pod["containers"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
            if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(ns) || containers.Count == 0)
            {
                continue;
            }

            var usages = new List<ContainerUsage>();
            var timestamp = DateTimeOffset.MinValue;
            foreach (var container in containers)
            {
                var cpu = container["cpu"] as JsonObject;
                if (Unsigned(cpu?["usageNanoCores"]) is not { } nanoCores || Meta.ParseTime(Meta.GetString(cpu, "time")) is not { } time)
                {
                    break;
                }

                var memory = Unsigned((container["memory"] as JsonObject)?["workingSetBytes"]) ?? 0;
                usages.Add(new ContainerUsage(Meta.GetString(container, "name") ?? "", nanoCores, memory));
                timestamp = time > timestamp ? time : timestamp;
            }

            if (usages.Count == containers.Count)
            {
                result.Add(new PodUsage(ns, name, timestamp, [.. usages.OrderBy(c => c.Name, StringComparer.Ordinal)]));
            }
        }

        return result;
    }

    private static ulong? Unsigned(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<ulong>(out var n) ? n
        : node is JsonValue other && other.TryGetValue<long>(out var signed) && signed >= 0 ? (ulong)signed
        : null;
}
