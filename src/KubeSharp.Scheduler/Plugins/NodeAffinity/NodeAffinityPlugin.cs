using k8s.Models;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.NodeAffinity;

/// <summary>
/// Requires nodes to match spec.nodeSelector and requiredDuringScheduling node affinity; scores the sum of the
/// weights of the matching preferred terms.
/// </summary>
internal sealed class NodeAffinityPlugin : IPreFilterPlugin, IFilterPlugin, IPreScorePlugin, IScorePlugin
{
    public const string PluginName = "NodeAffinity";
    public const string ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";

    private const string PreFilterKey = "PreFilter" + PluginName;
    private const string PreScoreKey = "PreScore" + PluginName;

    public string Name => PluginName;

    /// <summary>Whether the node satisfies the pod's nodeSelector and required node affinity (also used by topology spread).</summary>
    public static bool RequiredMatches(V1Pod pod, V1Node node) => new RequiredNodeAffinity(pod).Matches(node);

    public Status? PreFilter(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        var required = new RequiredNodeAffinity(pod.Pod);
        if (required.IsEmpty)
        {
            return Status.Skip;
        }
        state.Write(PreFilterKey, required);
        return null;
    }

    public Status? Filter(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        var required = state.Read<RequiredNodeAffinity>(PreFilterKey) ?? new RequiredNodeAffinity(pod.Pod);
        return nodeInfo.Node is not null && required.Matches(nodeInfo.Node) ? null : Status.Unresolvable(ErrReasonPod);
    }

    public Status? PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> feasibleNodes)
    {
        var preferred = pod.Pod.Spec?.Affinity?.NodeAffinity?.PreferredDuringSchedulingIgnoredDuringExecution;
        if (preferred is null || preferred.Count == 0)
        {
            return Status.Skip;
        }
        var terms = preferred
            .Where(t => t.Weight != 0)
            .Select(t => (new NodeSelectorMatcher.Term(t.Preference), (long)t.Weight))
            .ToList();
        state.Write(PreScoreKey, terms);
        return null;
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        var terms = state.Read<List<(NodeSelectorMatcher.Term Term, long Weight)>>(PreScoreKey);
        if (terms is null || nodeInfo.Node is null)
        {
            return 0;
        }
        long score = 0;
        foreach (var (term, weight) in terms)
        {
            if (term.Matches(nodeInfo.Node))
            {
                score += weight;
            }
        }
        return score;
    }

    public void NormalizeScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, long[] scores) =>
        ScoreNormalizer.Default(IScorePlugin.MaxNodeScore, reverse: false, scores);
}
