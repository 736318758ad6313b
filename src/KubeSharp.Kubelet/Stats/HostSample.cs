namespace KubeSharp.Kubelet.Stats;

/// <summary>One reading of the node's counters: cumulative busy core time and memory figures (bytes).</summary>
internal sealed record HostSample(
    ulong CpuCoreNanoSeconds,
    DateTimeOffset? BootTime,
    ulong MemoryCapacity,
    ulong MemoryUsage,
    ulong MemoryWorkingSet,
    ulong? MemoryRss,
    ulong? PageFaults,
    ulong? MajorPageFaults);
