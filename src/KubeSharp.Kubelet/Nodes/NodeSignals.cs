namespace KubeSharp.Kubelet.Nodes;

/// <summary>What the eviction signals observe on the node: amounts available, each with its capacity (null when unknown).</summary>
internal sealed record NodeSignals(IReadOnlyDictionary<string, (long Available, long Capacity)> Observed)
{
    /// <summary>The node conditions under pressure (MemoryPressure, DiskPressure, PIDPressure) for these thresholds.</summary>
    public IReadOnlySet<string> Pressures(IEnumerable<EvictionThreshold> thresholds)
    {
        var pressures = new HashSet<string>(StringComparer.Ordinal);
        foreach (var threshold in thresholds)
        {
            if (Observed.TryGetValue(threshold.Signal, out var observed) && threshold.IsMet(observed.Available, observed.Capacity))
            {
                pressures.Add(ConditionOf(threshold.Signal));
            }
        }

        return pressures;
    }

    /// <summary>Upstream's signal to node condition map.</summary>
    public static string ConditionOf(string signal) => signal switch
    {
        "memory.available" => "MemoryPressure",
        "pid.available" => "PIDPressure",
        _ => "DiskPressure",
    };
}
