using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Cache;

/// <summary>
/// The cluster as one scheduling cycle sees it. Updated incrementally from the cache: only nodes whose generation
/// moved are copied.
/// </summary>
internal sealed class Snapshot
{
    internal Dictionary<string, NodeInfo> Map { get; } = new(StringComparer.Ordinal);

    public List<NodeInfo> NodeInfoList { get; internal set; } = [];

    public List<NodeInfo> HavePodsWithAffinityList { get; internal set; } = [];

    public List<NodeInfo> HavePodsWithRequiredAntiAffinityList { get; internal set; } = [];

    public long Generation { get; internal set; }

    public NodeInfo? Get(string nodeName) => Map.GetValueOrDefault(nodeName);

    /// <summary>A snapshot built directly from node infos, for tests and dry runs.</summary>
    public static Snapshot From(IEnumerable<NodeInfo> nodes)
    {
        var snapshot = new Snapshot();
        foreach (var n in nodes)
        {
            snapshot.Map[n.Name] = n;
            snapshot.NodeInfoList.Add(n);
        }
        snapshot.HavePodsWithAffinityList = snapshot.NodeInfoList.Where(n => n.PodsWithAffinity.Count > 0).ToList();
        snapshot.HavePodsWithRequiredAntiAffinityList =
            snapshot.NodeInfoList.Where(n => n.PodsWithRequiredAntiAffinity.Count > 0).ToList();
        return snapshot;
    }
}
