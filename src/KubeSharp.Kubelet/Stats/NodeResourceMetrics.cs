namespace KubeSharp.Kubelet.Stats;

/// <summary>The node's cpu rate in nanocores over <see cref="Window"/> ending at <see cref="Timestamp"/>, and its memory working set.</summary>
internal sealed record NodeResourceMetrics(string Name, DateTimeOffset Timestamp, TimeSpan Window, ulong CpuNanoCores, ulong MemoryWorkingSetBytes);
