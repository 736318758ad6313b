using System.Text.Json.Nodes;
using KubeSharp.Api.Objects;

namespace KubeSharp.ApiServer.Metrics;

/// <summary>
/// NodeMetrics and PodMetrics (metrics.k8s.io/v1beta1) shaped as metrics-server serves them: metadata copied from the
/// node or pod (name, namespace, labels) with creationTimestamp the time of the answer, the sample's timestamp and
/// window, and usage as canonical quantities.
/// </summary>
internal static class MetricsObjects
{
    public const string ApiVersion = "metrics.k8s.io/v1beta1";

    public static JsonObject NodeMetrics(JsonObject node, NodeUsage usage, TimeSpan window, DateTimeOffset now) => new()
    {
        ["kind"] = "NodeMetrics",
        ["apiVersion"] = ApiVersion,
        ["metadata"] = Metadata(node, now),
        ["timestamp"] = Meta.FormatTime(usage.Timestamp),
        ["window"] = MetricsQuantity.Duration(window),
        ["usage"] = Usage(usage.NanoCores, usage.WorkingSetBytes),
    };

    public static JsonObject PodMetrics(JsonObject pod, PodUsage usage, TimeSpan window, DateTimeOffset now) => new()
    {
        ["kind"] = "PodMetrics",
        ["apiVersion"] = ApiVersion,
        ["metadata"] = Metadata(pod, now),
        ["timestamp"] = Meta.FormatTime(usage.Timestamp),
        ["window"] = MetricsQuantity.Duration(window),
        ["containers"] = new JsonArray(usage.Containers.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name,
            ["usage"] = Usage(c.NanoCores, c.WorkingSetBytes),
        }).ToArray()),
    };

    /// <summary>A list as a typed Go list serializes: items carry no kind or apiVersion of their own.</summary>
    public static JsonObject List(string kind, IEnumerable<JsonObject> items)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            item.Remove("kind");
            item.Remove("apiVersion");
            array.Add(item);
        }

        return new JsonObject
        {
            ["kind"] = kind,
            ["apiVersion"] = ApiVersion,
            ["metadata"] = new JsonObject(),
            ["items"] = array,
        };
    }

    private static JsonObject Metadata(JsonObject source, DateTimeOffset now)
    {
        var metadata = new JsonObject { ["name"] = Meta.Name(source) };
        var ns = Meta.Namespace(source);
        if (ns.Length > 0)
        {
            metadata["namespace"] = ns;
        }

        metadata["creationTimestamp"] = Meta.FormatTime(now);
        if (Meta.Labels(source) is { Count: > 0 } labels)
        {
            metadata["labels"] = labels.DeepClone();
        }

        return metadata;
    }

    private static JsonObject Usage(ulong nanoCores, ulong bytes) => new()
    {
        ["cpu"] = MetricsQuantity.Cpu(nanoCores),
        ["memory"] = MetricsQuantity.Memory(bytes),
    };
}
