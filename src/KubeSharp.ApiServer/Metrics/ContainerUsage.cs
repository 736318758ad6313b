namespace KubeSharp.ApiServer.Metrics;

/// <summary>A container's usage from its kubelet's summary.</summary>
internal sealed record ContainerUsage(string Name, ulong NanoCores, ulong WorkingSetBytes);
