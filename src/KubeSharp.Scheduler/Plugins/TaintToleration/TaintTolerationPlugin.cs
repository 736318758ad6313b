using k8s.Models;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.TaintToleration;

/// <summary>
/// Filters out nodes with an untolerated NoSchedule/NoExecute taint; scores nodes lower the more untolerated
/// PreferNoSchedule taints they carry.
/// </summary>
internal sealed class TaintTolerationPlugin : IFilterPlugin, IPreScorePlugin, IScorePlugin
{
    public const string PluginName = "TaintToleration";

    /// <summary>Upstream (1.35) no longer names the taint in the reason.</summary>
    public const string ErrReasonNotMatch = "node(s) had untolerated taint(s)";

    private const string PreScoreKey = "PreScore" + PluginName;

    public string Name => PluginName;

    public Status? Filter(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        var taints = nodeInfo.Taints;
        if (taints is null)
        {
            return null;
        }
        foreach (var taint in taints)
        {
            if (taint.Effect is "NoSchedule" or "NoExecute" && !Tolerations.AnyTolerates(pod.Pod.Spec?.Tolerations, taint))
            {
                return Status.Unresolvable(ErrReasonNotMatch);
            }
        }
        return null;
    }

    public Status? PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> feasibleNodes)
    {
        var preferNoSchedule = (pod.Pod.Spec?.Tolerations ?? [])
            .Where(t => string.IsNullOrEmpty(t.Effect) || t.Effect == "PreferNoSchedule")
            .ToList();
        state.Write(PreScoreKey, preferNoSchedule);
        return null;
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        var taints = nodeInfo.Taints;
        if (taints is null)
        {
            return 0;
        }
        var tolerations = state.Read<List<V1Toleration>>(PreScoreKey) ?? [];
        long count = 0;
        foreach (var taint in taints)
        {
            if (taint.Effect == "PreferNoSchedule" && !Tolerations.AnyTolerates(tolerations, taint))
            {
                count++;
            }
        }
        return count;
    }

    public void NormalizeScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, long[] scores) =>
        ScoreNormalizer.Default(IScorePlugin.MaxNodeScore, reverse: true, scores);
}
