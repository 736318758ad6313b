namespace KubeSharp.ApiServer.Metrics;

/// <summary>A node's usage from its kubelet's summary: cpu rate in nanocores and memory working set in bytes.</summary>
internal sealed record NodeUsage(DateTimeOffset Timestamp, ulong NanoCores, ulong WorkingSetBytes);
