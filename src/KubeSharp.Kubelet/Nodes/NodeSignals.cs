namespace KubeSharp.Kubelet.Nodes;

/// <summary>What the eviction signals observe on the node: amounts available, each with its capacity (null when unknown).</summary>
internal sealed record NodeSignals(IReadOnlyDictionary<string, (long Available, long Capacity)> Observed)
{
    /// <summary>The thresholds the observed amounts are under, in the order given.</summary>
    public IEnumerable<EvictionThreshold> Met(IEnumerable<EvictionThreshold> thresholds) =>
        thresholds.Where(t => Observed.TryGetValue(t.Signal, out var observed) && t.IsMet(observed.Available, observed.Capacity));

    /// <summary>The node conditions under pressure (MemoryPressure, DiskPressure, PIDPressure) for these thresholds.</summary>
    public IReadOnlySet<string> Pressures(IEnumerable<EvictionThreshold> thresholds) =>
        Met(thresholds).Select(t => t.Condition).ToHashSet(StringComparer.Ordinal);
}
