using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.Metrics;

/// <summary>What discovery lists for metrics.k8s.io/v1beta1, as metrics-server's APIService registers it: read-only nodes and pods.</summary>
internal static class MetricsResources
{
    public const string Group = "metrics.k8s.io";
    public const string Version = "v1beta1";

    public static readonly ResourceInfo Nodes = new()
    {
        Group = Group,
        Versions = [Version],
        Kind = "NodeMetrics",
        Plural = "nodes",
        Namespaced = false,
        Verbs = ["get", "list"],
        Stored = false,
    };

    public static readonly ResourceInfo Pods = new()
    {
        Group = Group,
        Versions = [Version],
        Kind = "PodMetrics",
        Plural = "pods",
        Namespaced = true,
        Verbs = ["get", "list"],
        Stored = false,
    };

    public static IReadOnlyList<ResourceInfo> All { get; } = [Nodes, Pods];
}
