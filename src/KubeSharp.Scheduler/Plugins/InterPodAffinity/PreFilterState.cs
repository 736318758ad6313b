using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.InterPodAffinity;

/// <summary>Per-cycle counts the filter checks nodes against.</summary>
internal sealed class PreFilterState : ICloneableState
{
    /// <summary>Pairs where an existing pod's required anti-affinity forbids the incoming pod.</summary>
    public TopologyPairCounts ExistingAntiAffinityCounts { get; init; } = [];

    /// <summary>Pairs holding pods that match all of the incoming pod's required affinity terms.</summary>
    public TopologyPairCounts AffinityCounts { get; init; } = [];

    /// <summary>Pairs holding pods that match one of the incoming pod's required anti-affinity terms.</summary>
    public TopologyPairCounts AntiAffinityCounts { get; init; } = [];

    public object Clone() => new PreFilterState
    {
        ExistingAntiAffinityCounts = new TopologyPairCounts(ExistingAntiAffinityCounts),
        AffinityCounts = new TopologyPairCounts(AffinityCounts),
        AntiAffinityCounts = new TopologyPairCounts(AntiAffinityCounts),
    };
}
