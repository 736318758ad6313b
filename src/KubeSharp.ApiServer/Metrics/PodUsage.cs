namespace KubeSharp.ApiServer.Metrics;

/// <summary>A pod's usage from its kubelet's summary: every container, each with a cpu rate.</summary>
internal sealed record PodUsage(string Namespace, string Name, DateTimeOffset Timestamp, IReadOnlyList<ContainerUsage> Containers);
