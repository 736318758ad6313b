namespace KubeSharp.Kubelet.Stats;

/// <summary>One container's cpu rate in nanocores and memory working set in bytes.</summary>
internal sealed record ContainerResourceMetrics(string Name, ulong CpuNanoCores, ulong MemoryWorkingSetBytes);
