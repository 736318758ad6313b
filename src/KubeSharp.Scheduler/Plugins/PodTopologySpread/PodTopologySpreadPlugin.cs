using k8s.Models;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.NodeAffinity;

namespace KubeSharp.Scheduler.Plugins.PodTopologySpread;

/// <summary>
/// Spreads pods across topology domains: DoNotSchedule constraints filter nodes whose skew would exceed maxSkew,
/// ScheduleAnyway constraints score emptier domains higher. Cluster-level default constraints are not applied.
/// </summary>
internal sealed class PodTopologySpreadPlugin : IPreFilterPlugin, IPreFilterExtensions, IFilterPlugin, IPreScorePlugin, IScorePlugin
{
    public const string PluginName = "PodTopologySpread";
    public const string ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
    public const string ErrReasonNodeLabelNotMatch = ErrReasonConstraintsNotMatch + " (missing required label)";

    private const string PreFilterKey = "PreFilter" + PluginName;
    private const string PreScoreKey = "PreScore" + PluginName;
    private const string HostnameLabel = "kubernetes.io/hostname";

    private readonly IFrameworkHandle _handle;

    public PodTopologySpreadPlugin(IFrameworkHandle handle)
    {
        _handle = handle;
    }

    public string Name => PluginName;

    public Status? PreFilter(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        var constraints = Constraints(pod.Pod, "DoNotSchedule");
        if (constraints.Count == 0)
        {
            return Status.Skip;
        }
        var ns = pod.Pod.Namespace() ?? "default";
        var counts = new Dictionary<(string, string), int>();
        var required = new RequiredNodeAffinity(pod.Pod);
        foreach (var node in nodes)
        {
            if (node.Node is null || !HasAllKeys(node.Node, constraints))
            {
                continue;
            }
            foreach (var c in constraints)
            {
                if (!Eligible(c, pod, required, node.Node))
                {
                    continue;
                }
                var pair = (c.TopologyKey, node.Node.Metadata.Labels[c.TopologyKey]);
                counts[pair] = counts.GetValueOrDefault(pair) + c.CountMatching(node, ns);
            }
        }
        state.Write(PreFilterKey, new PreFilterState { Constraints = constraints, Counts = counts });
        return null;
    }

    public Status? AddPod(CycleState state, PodInfo podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo) =>
        Update(state, podToSchedule, podToAdd, nodeInfo, 1);

    public Status? RemovePod(CycleState state, PodInfo podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo) =>
        Update(state, podToSchedule, podToRemove, nodeInfo, -1);

    public Status? Filter(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        var s = state.Read<PreFilterState>(PreFilterKey);
        if (s is null)
        {
            return Status.AsError("reading PreFilterPodTopologySpread from cycleState: not found");
        }
        var labels = nodeInfo.Node?.Metadata?.Labels;
        foreach (var c in s.Constraints)
        {
            if (labels is null || !labels.TryGetValue(c.TopologyKey, out var value))
            {
                return Status.Unresolvable(ErrReasonNodeLabelNotMatch);
            }
            var selfMatch = c.Selector.Matches(pod.Pod.Metadata?.Labels) ? 1 : 0;
            var (min, domains) = s.MinFor(c.TopologyKey);
            if (domains < c.MinDomains)
            {
                min = 0;
            }
            var matchNum = s.Counts.GetValueOrDefault((c.TopologyKey, value));
            if (matchNum + selfMatch - min > c.MaxSkew)
            {
                return Status.Unschedulable(ErrReasonConstraintsNotMatch);
            }
        }
        return null;
    }

    public Status? PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> feasibleNodes)
    {
        var constraints = Constraints(pod.Pod, "ScheduleAnyway");
        if (constraints.Count == 0)
        {
            return Status.Skip;
        }
        var counts = new Dictionary<(string, string), int>();
        var ignored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in feasibleNodes)
        {
            if (node.Node is null || !HasAllKeys(node.Node, constraints))
            {
                ignored.Add(node.Name);
                continue;
            }
            foreach (var c in constraints)
            {
                counts[(c.TopologyKey, node.Node.Metadata.Labels[c.TopologyKey])] = 0;
            }
        }
        var weights = constraints.Select(c =>
        {
            var size = c.TopologyKey == HostnameLabel
                ? feasibleNodes.Count - ignored.Count
                : counts.Keys.Count(k => k.Item1 == c.TopologyKey);
            return Math.Log(size + 2);
        }).ToArray();

        var ns = pod.Pod.Namespace() ?? "default";
        var required = new RequiredNodeAffinity(pod.Pod);
        // Counting covers every node in the cluster, not only the feasible ones.
        foreach (var node in _handle.Snapshot.NodeInfoList)
        {
            if (node.Node is null || !HasAllKeys(node.Node, constraints))
            {
                continue;
            }
            foreach (var c in constraints)
            {
                var pair = (c.TopologyKey, node.Node.Metadata.Labels[c.TopologyKey]);
                if (counts.TryGetValue(pair, out var n) && Eligible(c, pod, required, node.Node))
                {
                    counts[pair] = n + c.CountMatching(node, ns);
                }
            }
        }
        state.Write(PreScoreKey, new ScoreState(constraints, counts, ignored, weights));
        return null;
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        var s = state.Read<ScoreState>(PreScoreKey);
        if (s is null || s.Ignored.Contains(nodeInfo.Name))
        {
            return -1;
        }
        double score = 0;
        var labels = nodeInfo.Node!.Metadata.Labels;
        for (var i = 0; i < s.Constraints.Count; i++)
        {
            var c = s.Constraints[i];
            var count = s.Counts.GetValueOrDefault((c.TopologyKey, labels[c.TopologyKey]));
            score += (count * s.Weights[i]) + (c.MaxSkew - 1);
        }
        return (long)Math.Round(score);
    }

    public void NormalizeScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, long[] scores)
    {
        long min = long.MaxValue;
        long max = 0;
        foreach (var s in scores)
        {
            if (s < 0)
            {
                continue;
            }
            min = Math.Min(min, s);
            max = Math.Max(max, s);
        }
        for (var i = 0; i < scores.Length; i++)
        {
            if (scores[i] < 0)
            {
                scores[i] = 0;
            }
            else if (max == 0)
            {
                scores[i] = IScorePlugin.MaxNodeScore;
            }
            else
            {
                scores[i] = IScorePlugin.MaxNodeScore * (max + min - scores[i]) / max;
            }
        }
    }

    private static List<SpreadConstraint> Constraints(V1Pod pod, string action) =>
        (pod.Spec?.TopologySpreadConstraints ?? [])
            .Where(c => c.WhenUnsatisfiable == action)
            .Select(c => new SpreadConstraint(pod, c))
            .ToList();

    private static bool HasAllKeys(V1Node node, List<SpreadConstraint> constraints)
    {
        var labels = node.Metadata?.Labels;
        foreach (var c in constraints)
        {
            if (labels is null || !labels.ContainsKey(c.TopologyKey))
            {
                return false;
            }
        }
        return true;
    }

    private static bool Eligible(SpreadConstraint c, PodInfo pod, RequiredNodeAffinity required, V1Node node)
    {
        if (c.HonorNodeAffinity && !required.Matches(node))
        {
            return false;
        }
        if (c.HonorNodeTaints && node.Spec?.Taints is { } taints)
        {
            foreach (var t in taints)
            {
                if (t.Effect is "NoSchedule" or "NoExecute" && !Tolerations.AnyTolerates(pod.Pod.Spec?.Tolerations, t))
                {
                    return false;
                }
            }
        }
        return true;
    }

    private static Status? Update(CycleState state, PodInfo podToSchedule, PodInfo other, NodeInfo nodeInfo, int delta)
    {
        var s = state.Read<PreFilterState>(PreFilterKey);
        var labels = nodeInfo.Node?.Metadata?.Labels;
        if (s is null || labels is null)
        {
            return null;
        }
        var ns = podToSchedule.Pod.Namespace() ?? "default";
        if ((other.Pod.Namespace() ?? "default") != ns)
        {
            return null;
        }
        foreach (var c in s.Constraints)
        {
            if (labels.TryGetValue(c.TopologyKey, out var value) && c.Selector.Matches(other.Pod.Metadata?.Labels))
            {
                s.Update(c.TopologyKey, value, delta);
            }
        }
        return null;
    }
}
